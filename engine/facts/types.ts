import type { TradingState } from '../config/types.ts';
import type { EpochMs } from '../domain/index.ts';
import type { LegMark } from './leg-marks.ts';

export type FactValue = number | string | boolean | null;
export type FactRecord = Record<string, FactValue>;

/** What the facts need that the store does not know. Money in integer cents. */
export interface FactsInput {
  /** The tick's time (the engine never reads the clock). */
  now: EpochMs;
  tradingState: TradingState;
  /**
   * Equity is `cash + marks of open positions`. Cash is `cashCents` when given (a broker-reported balance), else
   * `startingEquityCents + Σ cash flows of every position` (credits, debits, commissions, settlements).
   */
  startingEquityCents: number;
  cashCents?: number;
  /** Equity at the previous session close (dailyPnlPct is 0 until there is one). */
  prevCloseEquityCents?: number | null;
  /** The running equity peak so far (drawdownPct is measured from max(peak, equity now)). */
  equityPeakCents?: number | null;
  consecutiveLosses: number;
  /** Each held leg's mark source, age and override values, from the kernel (engine/facts/leg-marks.ts). Omitted: every leg is marked from its stored quote. */
  legMarks?: readonly LegMark[];
}

/** Per-position and portfolio facts of one tick, with the few figures the kernel persists. */
export interface FactsSnapshot {
  /** Catalogue portfolio facts; `vix`/`vixChangePct` are null before the feed has delivered a VIX. */
  portfolio: FactRecord;
  /** Catalogue position facts per open (not closed) position id. Facts that need a missing quote are null. */
  positions: Map<string, FactRecord>;
  /** Positions whose peakPnlPct rose this tick: put them in `TickBatch.peaks`. */
  peaks: { positionId: string; peakPnlPct: number }[];
  /** Leg keys without a usable quote (no row, or no mid), per position: their marks, P&L and greeks are null. */
  unquoted: Map<string, string[]>;
  equityCents: number;
  cashCents: number;
  /** max(input peak, equity now): persist it (e.g. meta `equityPeakCents`). */
  equityPeakCents: number;
  /** False when some position could not be marked (its mark counts as 0 in equity). */
  complete: boolean;
}

/** One strategy considered for entry. */
export interface EntryFactsRequest {
  strategy: string;
  underlying: string;
  /** The strategy's target days to expiry: atmIv is read at the listed expiry nearest to now + targetDte. */
  targetDte: number;
}
