/**
 * Entry planning: the structure catalogue, leg selection from the chain, structure maths, sizing, the entry
 * schedule and roll planning. Pure functions: no clock reads, no I/O. See docs/entries.md.
 */
export { STRUCTURES, STRUCTURE_LIST, structureTemplate, structureLegsTemplate, isUndefinedRisk, type StructureTemplate, type LegTemplate, type LegRole } from './structures.ts';
export { selectLegs, selectLegsWith, type StrategyLike, type FrontChoice } from './select-legs.ts';
export { buildSeries, pickSeries, quoteDelta, isUsableQuote, isSellable, dteOf, BAD_QUOTE_FLAGS, type Series } from './chain.ts';
export { maxProfitLoss, maxValue, basisFromFills, expiryPayoff, netPrices, roundTowardNatural, type PayoffLeg, type ProfitLoss } from './payoff.ts';
export { unitEconomics, averageIv } from './economics.ts';
export { sizePosition, nakedMarginCents, NAKED_MARGIN_FRACTION, NAKED_MARGIN_FLOOR_FRACTION } from './sizing.ts';
export { scheduleAllows, parseHhmm, DEFAULT_ENTRY_DAYS, DEFAULT_ENTRY_FROM, DEFAULT_ENTRY_UNTIL } from './schedule.ts';
export { planEntry, type PlanStrategy, type EntrySkipped } from './plan-entry.ts';
export { planRoll, testedRight } from './roll.ts';
export { deltaTolerance } from './pick-strikes.ts';
export { reason, rejected, isRejected } from './reasons.ts';
export type * from './types.ts';
