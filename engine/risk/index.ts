/**
 * The risk gate and the trading state: what may proceed (entries, exits, rolls, cancels) under ACTIVE / REDUCING /
 * HALTED and the entry limits. See docs/evaluation.md ("Risk gate and trading states").
 */
export { gateDecision, gateEntry, gateOrder, gateTick, type BlockReason, type EntryCheck, type GateVerdict, type GatedDecision, type GatedTick, type OrderCheck } from './gate.ts';
export { atLeast, haltCancels, killSwitchPlan, nextTradingState, requestedState, type TradingStateChange, type WorkingOrderRef } from './trading-state.ts';
