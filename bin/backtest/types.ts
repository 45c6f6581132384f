/** The options and results of one `tickwise backtest` run (bin/backtest). */
import type { ResolvedConfig } from '../../engine/config/index.ts';
import type { DecisionRecord, TransitionRecord } from '../../engine/kernel/index.ts';
import type { ReplayReport } from '../../adapters/replay/index.ts';
import type { Ledger } from '../../engine/analytics/index.ts';

export interface BacktestOptions {
  /** Option chain files (CSV, CSV.gz or Parquet); each is replayed in turn, one after the other. */
  data: string[];
  source: 'cboe' | 'optionsdx' | 'auto';
  columns?: string;
  /** The replay's columnar cache folder, or false for none (adapters/replay `cacheDir`); default: the replay's. */
  cacheDir?: string | false;
  vix?: string;
  underlying?: string;
  from?: string;
  to?: string;
  /** `mid`, `natural` or `mid+F`. */
  fill: string;
  /** Dollars per contract per leg. */
  commission: number;
  /** Starting equity in dollars (overrides the config's settings.startingEquity). */
  equity: number;
}

/** What the progress reporter is told after every tick. */
export interface ProgressEvent {
  day: string;
  daysDone: number;
  daysTotal: number;
  rows: number;
}

export interface RunHooks {
  onTick?: (e: ProgressEvent) => void;
  /** Checked before every tick: when it returns true the run stops there and is marked partial. */
  shouldStop?: () => boolean;
  /** Keep the run's store in this DuckDB file (written when the run ends). */
  storePath?: string;
}

/** A rule decision as the report and the CSV see it. */
export interface DecisionLine {
  id: string;
  time: number;
  positionId: string | null;
  rule: string;
  action: string;
  outcome: string;
  reason: string | null;
  preempted: string[];
  facts: Record<string, unknown>;
  trace: unknown;
}

export interface BacktestRun {
  config: ResolvedConfig;
  options: BacktestOptions;
  ledger: Ledger;
  decisions: DecisionLine[];
  transitions: TransitionRecord[];
  /** The underlying's price at every tick (unix ms, price). */
  underlying: { symbol: string; points: { time: number; price: number }[] };
  replay: ReplayReport[];
  partial: boolean;
  ticks: number;
  rows: number;
  /** Per position: its fills in time order (for trades.csv and the report). */
  details: Map<string, FillLine[]>;
  /** Why entries were skipped, most frequent first. */
  skips: { message: string; count: number }[];
  /** Decision records as published (for traces). */
  published: DecisionRecord[];
}

/** One fill of a position's order. */
export interface FillLine {
  positionId: string;
  purpose: string;
  time: number;
  quantity: number;
  /** Net price per share of the combo (positive = a debit paid). */
  netPrice: number;
  commissionCents: number;
  legs: { key: string; side: 'buy' | 'sell'; quantity: number; price: number }[];
}
