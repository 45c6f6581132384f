/**
 * The position lifecycle: one XState actor per position. It turns TICKs, decisions, broker events and operator
 * commands into intents (place, cancel, replace, alert); it never calls a broker. See docs/lifecycle.md.
 */
export type {
  PlannedLeg, ExecutionPolicy, PositionInput, PositionLineageInput, LegMarks, PositionEvent, Intent,
  PositionContext, HeldLeg, WorkingOrder, PositionOutcome, PositionLineage, PendingRoll, AlertRecord, SettlementRecord,
  ExitResend, OrderExpiry,
} from './types.ts';
export { MAX_EXIT_RESENDS } from './expiry-actions.ts';
export { DEFAULT_EXIT_DEADLINE_BEFORE_CLOSE_MIN, exitCutoff, orderSchedule, type Schedule } from './deadline.ts';
export { openPosition, restorePosition, dottedState, type PositionActor, type Phase } from './actor.ts';
export { machineGraph, type GraphState, type GraphTransition } from './graph.ts';
export { renderLifecycleDoc, withLifecycleDoc } from './graph-doc.ts';
export { positionMachine } from './machine.ts';
export { comboPrices, limitPrice, priceCap, roundPrice, DEFAULT_MAX_SLIPPAGE, type ComboPrices } from './pricing.ts';
export { closingLegs, unitsHeld } from './book.ts';
export { adoptPosition, type AdoptInput, type AdoptedLeg } from './adopt.ts';
export { basisOf, chainCreditOf, openingBasis, type OpeningBasis } from './basis.ts';
