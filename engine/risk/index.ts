/**
 * The risk gate and the trading state: what may proceed (entries, exits, rolls, cancels) under ACTIVE / REDUCING /
 * HALTED and the entry limits, checked per entry against the book as planned so far this tick.
 * See docs/evaluation.md ("Risk gate and trading states", "Entry limits").
 */
export { gateAction, gateDecision, gateEntry, gatePositionDecision, gateOrder, gateState, gateTick, type BlockReason, type DataHealth, type GateState, type EntryCheck, type GateVerdict, type GatedDecision, type GatedTick, type OrderCheck } from './gate.ts';
export { atLeast, haltCancels, killSwitchPlan, nextTradingState, requestedState, type TradingStateChange, type WorkingOrderRef } from './trading-state.ts';
export { checkEntryLimits, show, type LimitBreach, type LimitRefusal, type PortfolioLimitCheck } from './entry-limits.ts';
export { ENTRY_MOVED_FACTS, haltingRules, limitText, pastLimit, portfolioLimits, type LimitOperator, type PortfolioLimit } from './limits.ts';
export { EntryBook, type EntryBookInput, type PlannedExposure } from './entry-book.ts';
export { addExposure, legsExposure, GREEKS, NET_FACT, NO_EXPOSURE, type Exposure, type ExposureLeg, type GreekName, type QuoteOf } from './exposure.ts';
