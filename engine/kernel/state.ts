/** The kernel's mutable state between ticks, and what it was built from. */
import type { ResolvedConfig, TradingState } from '../config/types.ts';
import { GoodQuoteTimes, MarketMemory, type FactRecord, type FactsSnapshot, type LegMarkHealth } from '../facts/index.ts';
import type { DataHealth } from '../risk/index.ts';
import type { DegradedStatus } from './degraded.ts';
import type { EntriesHalted } from './entries-halted.ts';
import { compileRuleSet, type CompiledRuleSet } from '../evaluate/index.ts';
import type { Broker, ManualClock, MarketFeed } from '../ports/index.ts';
import type { OrderRow, ReloadRow, Store, TickBatch } from '../store/index.ts';
import { twError } from '../errors/index.ts';
import type { MarketTick, OrderRequest } from '../domain/index.ts';
import { PositionBook } from './book.ts';
import type { BrokerStatus, ControlCommand, KernelEvent, KernelLogger } from './types.ts';
import { DEFAULT_WRITE_RETRY, type StalledTick, type WriteFailureStatus, type WriteRetryOptions } from './write-failure.ts';

export interface KernelDeps {
  config: ResolvedConfig;
  store: Store;
  feed: MarketFeed;
  broker: Broker;
  clock: ManualClock;
  log?: KernelLogger;
  /** Start (or restart) with the trading state HALTED: `tickwise start --halt`. */
  halt?: boolean;
  /**
   * Commit every N ticks instead of every tick (default 1). Only for an in-memory store with in-process adapters
   * (dry-run, backtests): nothing there survives a crash anyway, and one transaction per tick costs 15–25 ms of DuckDB
   * round trips. Orders then reach the broker before their tick is committed; a file store refuses N > 1.
   */
  commitEvery?: number;
  /** Backoff and the HALTED threshold when the store cannot write a tick (write-failure.ts; defaults 1 s, 60 s, 5). */
  writeRetry?: WriteRetryOptions;
  /** How `run()` waits between commit attempts (default: a timer; tests pass a recorder). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function checkWriteRetry(o: Required<WriteRetryOptions>): Required<WriteRetryOptions> {
  const bad = (field: string, value: number, rule: string) => twError('TW_KERNEL_WRITE_RETRY', { field, value: String(value), rule });
  if (!Number.isInteger(o.haltAfter) || o.haltAfter < 1) throw bad('haltAfter', o.haltAfter, 'a whole number ≥ 1');
  if (!Number.isFinite(o.baseDelayMs) || o.baseDelayMs < 0) throw bad('baseDelayMs', o.baseDelayMs, 'a number of milliseconds ≥ 0');
  if (!Number.isFinite(o.maxDelayMs) || o.maxDelayMs < o.baseDelayMs) throw bad('maxDelayMs', o.maxDelayMs, `a number of milliseconds ≥ baseDelayMs (${o.baseDelayMs})`);
  return o;
}

export interface VersionedRules {
  config: ResolvedConfig;
  rules: CompiledRuleSet;
}

export class KernelState {
  readonly store: Store;
  readonly feed: MarketFeed;
  readonly broker: Broker;
  readonly clock: ManualClock;
  readonly log: KernelLogger;
  readonly book = new PositionBook();
  /** Orders that are not final yet (pending, accepted, partially filled), by client order id. */
  readonly orders = new Map<string, OrderRow>();
  /** Every config version this run has used: pinned positions keep evaluating under theirs. */
  readonly versions = new Map<string, VersionedRules>();
  current: VersionedRules;
  /** A config waiting to become current at the start of the next tick (hot reload). */
  pending: VersionedRules | null = null;
  /** Config versions not yet written to the store. */
  unrecordedVersions: ResolvedConfig[] = [];
  tradingState: TradingState = 'ACTIVE';
  brokerStatus: BrokerStatus = 'connected';
  seq = 0;
  lastTickTime: number | null = null;
  positionSeq = 0;
  equityPeakCents: number | null = null;
  prevCloseEquityCents: number | null = null;
  lastEquityCents: number | null = null;
  lastPnlCents = 0;
  lastDate: string | null = null;
  consecutiveLosses = 0;
  readonly lastEntryAt = new Map<string, number>();
  /** Strategies whose entry the gate refused on the last tick, and why (`reason|limit`): a refusal is recorded once. */
  refusedEntries = new Map<string, string>();
  prevPortfolio: FactRecord | undefined;
  /** Rule matches active on the previous tick (`rule|position`): alerts and portfolio decisions fire on activation. */
  activeMatches = new Set<string>();
  readonly controls: ControlCommand[] = [];
  /** Orders recovery found written but never sent: handed to the broker at the next tick, after it has seen quotes. */
  resend: OrderRequest[] = [];
  /** Restored actors have no marks yet: the first tick after a restart ticks them before any broker event. */
  restored = false;
  /** Positions adopted before the first tick: their creation is recorded with the first tick. */
  adopted: string[] = [];
  /** Reload attempts to record with the next tick. */
  reloads: ReloadRow[] = [];
  /** Contract keys positions hold or trade, kept while no position changes (run-tick.ts `tradedKeys`). */
  tradedKeys: Set<string> | null = null;
  /** The last committed tick's facts (hot reload's shadow evaluation, the API). */
  lastFacts: FactsSnapshot | null = null;
  /** The latest quotes, underlying prices and VIX the facts are computed from (kept as the store keeps them). */
  readonly market = new MarketMemory();
  /** Σ cash flow of positions closed and dropped from the book, cents (equity counts it). */
  closedCashFlowCents = 0;
  stopped = false;
  readonly commitEvery: number;
  /** Ticks processed but not yet committed (commitEvery > 1), merged into one batch. */
  pendingBatch: TickBatch | null = null;
  lastTick: MarketTick | null = null;
  readonly writeRetry: Required<WriteRetryOptions>;
  /** The tick whose commit the disk refused, kept to commit again before any new tick (write-failure.ts). */
  stalled: StalledTick | null = null;
  /** Set while the store cannot write (the status line, the API). */
  writeFailure: WriteFailureStatus | null = null;
  /** DEGRADED (bad market data) while set; an overlay over ACTIVE, never the latched state (degraded.ts). */
  degraded: DegradedStatus | null = null;
  /** Consecutive ticks with market data healthy while DEGRADED (its hysteresis). */
  degradedCleanTicks = 0;
  /** When each held contract last had a good quote (mark health). */
  readonly goodQuotes = new GoodQuoteTimes();
  /** This tick's mark health per held contract key. */
  markHealth: ReadonlyMap<string, LegMarkHealth> = new Map();
  /** What the gate knows about this tick's market data. */
  dataHealth: DataHealth | undefined = undefined;
  /** The last tick that carried any underlying price or option quote (silent-feed for feeds without dataStatus). */
  lastDataTickAt: number | null = null;
  /** Entries blocked by halt-entries (or halt / close-all) decisions: by which rules, since the first tick of the streak. */
  entriesHalted: EntriesHalted | null = null;
  /** Critical decisions matching on the last tick (`rule|position`): each is alerted once when it starts matching. */
  criticalActive = new Set<string>();
  /** Events to publish now, not after a commit (a failed commit's alerts). */
  readonly immediate: KernelEvent[] = [];

  constructor(deps: KernelDeps) {
    this.store = deps.store;
    this.feed = deps.feed;
    this.broker = deps.broker;
    this.clock = deps.clock;
    this.log = deps.log ?? { debug() {}, info() {}, warn() {}, error() {} };
    this.current = this.remember(deps.config);
    this.commitEvery = deps.commitEvery ?? 1;
    this.writeRetry = checkWriteRetry({ ...DEFAULT_WRITE_RETRY, ...deps.writeRetry });
    if (!Number.isInteger(this.commitEvery) || this.commitEvery < 1 || (this.commitEvery > 1 && deps.store.path !== ':memory:')) {
      throw twError('TW_KERNEL_COMMIT_EVERY', { value: String(deps.commitEvery), path: deps.store.path });
    }
  }

  remember(config: ResolvedConfig): VersionedRules {
    const known = this.versions.get(config.version);
    if (known) return known;
    const v = { config, rules: compileRuleSet(config) };
    this.versions.set(config.version, v);
    this.unrecordedVersions.push(config);
    return v;
  }

  strategy(name: string, version?: string) {
    const v = version ? this.versions.get(version) ?? this.current : this.current;
    return v.config.strategies.find((s) => s.name === name) ?? this.findInAnyVersion(name);
  }

  private findInAnyVersion(name: string) {
    for (const v of [...this.versions.values()].reverse()) {
      const s = v.config.strategies.find((x) => x.name === name);
      if (s) return s;
    }
    return undefined;
  }

  get rate(): number {
    return this.current.config.settings.riskFreeRate;
  }
}
