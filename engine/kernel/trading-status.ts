/**
 * The trading state as the status line, `/api/health`, the SSE hello frame and tick summaries show it (the same field
 * names everywhere): the state the gate applies (DEGRADED over ACTIVE while market data is bad), the latched state
 * under it, DEGRADED's since and reasons, and which rules halt entries since when.
 */
import type { TradingState } from '../config/types.ts';
import { gateState, type GateState } from '../risk/index.ts';
import type { DegradedStatus } from './degraded.ts';
import type { EntriesHalted } from './entries-halted.ts';
import type { KernelState } from './state.ts';

export interface TradingStatus {
  /** What applies now: ACTIVE, REDUCING, HALTED, or DEGRADED (only ever over ACTIVE). */
  tradingState: GateState;
  /** The state operators and rules latched (what DEGRADED returns to when it clears). */
  latchedTradingState: TradingState;
  /** Set while the market data is bad (even under REDUCING or HALTED, which then stay what applies). */
  degraded: DegradedStatus | null;
  /** Set while halt-entries (or halt / close-all) decisions block entries. */
  entriesHalted: EntriesHalted | null;
}

export function tradingStatus(k: KernelState, latched: TradingState = k.tradingState): TradingStatus {
  return {
    tradingState: gateState(latched, k.degraded ? { degraded: true, why: '', badMarks: new Map() } : undefined),
    latchedTradingState: latched,
    degraded: k.degraded,
    entriesHalted: k.entriesHalted,
  };
}
