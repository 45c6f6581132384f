/**
 * The trading state: ACTIVE → REDUCING (no new entries) → HALTED (only cancels and forced exits).
 * Portfolio rules only ever tighten it; loosening (back towards ACTIVE) is an operator's act, never automatic.
 */
import { actionSpec } from '../catalogue/index.ts';
import type { TradingState } from '../config/types.ts';
import type { OrderPurpose } from '../domain/index.ts';
import type { Decision } from '../evaluate/index.ts';

const RANK: Readonly<Record<TradingState, number>> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

export interface TradingStateChange {
  readonly from: TradingState;
  readonly to: TradingState;
  readonly changed: boolean;
  /** The portfolio decision that moved the state (the first, highest-priority one that reached `to`). */
  readonly cause: Decision | null;
}

/**
 * The state a portfolio decision latches (catalogue `latches`): halt and close-all → HALTED. `halt-entries` latches
 * nothing: it blocks entries on every tick its rule matches (see `gateTick`'s `haltedBy`) and lets them resume by
 * itself once the condition clears (a limit no longer exceeded, a drawdown recovered).
 */
export function requestedState(d: Decision): TradingState | null {
  return actionSpec(d.action).latches ?? null;
}

/**
 * The trading state after this tick's portfolio decisions. It only tightens: halt or close-all moves anything to
 * HALTED; nothing moves it back (an operator does, with `tickwise start --halt`
 * off / the API).
 */
export function nextTradingState(current: TradingState, portfolioDecisions: readonly Decision[]): TradingStateChange {
  let to = current;
  let cause: Decision | null = null;
  for (const d of portfolioDecisions) {
    const want = requestedState(d);
    if (want !== null && RANK[want] > RANK[to]) { to = want; cause = d; }
  }
  return { from: current, to, changed: to !== current, cause };
}

/** Whether `a` is at least as restrictive as `b`. */
export function atLeast(a: TradingState, b: TradingState): boolean {
  return RANK[a] >= RANK[b];
}

export interface WorkingOrderRef {
  readonly clientOrderId: string;
  readonly positionId: string;
  readonly purpose: OrderPurpose;
}

/**
 * Orders to cancel on entering HALTED: every working order that adds risk (purpose `open` or `roll-open`).
 * Working exits stay at the broker; a roll whose opening legs are cancelled ends closed (flat), never half-open.
 */
export function haltCancels(working: readonly WorkingOrderRef[]): WorkingOrderRef[] {
  return working.filter((o) => o.purpose === 'open' || o.purpose === 'roll-open');
}

/** The kill switch: HALTED, every working order cancelled, and (with `flatten`) every open position closed, forced. */
export function killSwitchPlan(working: readonly WorkingOrderRef[], openPositionIds: readonly string[], flatten: boolean): { state: 'HALTED'; cancel: WorkingOrderRef[]; flatten: string[] } {
  return { state: 'HALTED', cancel: [...working], flatten: flatten ? [...openPositionIds] : [] };
}
