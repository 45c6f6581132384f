/**
 * The kernel: one loop for every mode. It pulls ticks from the feed, runs the life of a tick, publishes what
 * happened, and takes operator commands and new config versions between ticks. It never reads the wall clock.
 */
import type { ResolvedConfig, TradingState } from '../config/types.ts';
import { recover, type RecoveryReport } from './recovery.ts';
import { adopt, type AdoptRequest } from './adopt.ts';
import { compileRuleSet, evaluateTick, type Evaluation } from '../evaluate/index.ts';
import type { FactsSnapshot } from '../facts/index.ts';
import type { ReloadRow } from '../store/index.ts';
import { twError } from '../errors/index.ts';
import { commitPending, retryStalled, runTick } from './run-tick.ts';
import { flushAlerts, queueAlerts } from './pending-alerts.ts';
import type { GateState } from '../risk/index.ts';
import type { DegradedStatus } from './degraded.ts';
import { restoreHaltStatus, type EntriesHalted } from './entries-halted.ts';
import { tradingStatus } from './trading-status.ts';
import { isRetryableWrite, type WriteFailureStatus } from './write-failure.ts';
import { KernelState, type KernelDeps } from './state.ts';
import type { AlertRecord, BrokerStatus, ControlCommand, KernelEvent, TickSummary } from './types.ts';

export interface KernelStatus {
  configVersion: string;
  pendingConfigVersion: string | null;
  /** What applies now (DEGRADED over ACTIVE while market data is bad); the next three fields say why. */
  tradingState: GateState;
  latchedTradingState: TradingState;
  degraded: DegradedStatus | null;
  entriesHalted: EntriesHalted | null;
  brokerStatus: BrokerStatus;
  seq: number;
  lastTickTime: number | null;
  openPositions: number;
  equityCents: number | null;
  pnlCents: number;
  linesInUse: number | null;
  /** Set while the store cannot write a tick (disk full, I/O error): the kernel retries and sends nothing meanwhile. */
  storeWrite: WriteFailureStatus | null;
}

async function timerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export class Kernel {
  readonly #k: KernelState;
  readonly #halt: boolean;
  readonly #listeners = new Set<(e: KernelEvent) => void>();
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  #started = false;

  constructor(deps: KernelDeps) {
    this.#k = new KernelState(deps);
    this.#halt = deps.halt ?? false;
    this.#sleep = deps.sleep ?? timerSleep;
  }

  /** Restores state from the store (a fresh file starts empty), restores adapter checkpoints, connects, reconciles. */
  async start(): Promise<RecoveryReport> {
    const report = await recover(this.#k, this.#halt);
    await restoreHaltStatus(this.#k);
    this.#started = true;
    return report;
  }

  /**
   * Processes one tick. Resolves with its summary, or null when the feed has ended. When the last tick's commit failed
   * on a write (TW_STORE_DISK_FULL, TW_STORE_WRITE_FAILED) that tick is committed again first, and no new tick is
   * taken until it is; a failed attempt rejects with the coded error (its alert is published before).
   */
  async step(): Promise<TickSummary | null> {
    if (!this.#started) await this.start();
    try {
      if (this.#k.stalled) return this.#finish(await retryStalled(this.#k));
      const tick = await this.#k.feed.next();
      if (!tick) {
        await commitPending(this.#k);
        return null;
      }
      return this.#finish(await runTick(this.#k, tick));
    } finally {
      for (const e of this.#k.immediate.splice(0)) this.#publish(e);
    }
  }

  /**
   * Runs until the feed ends, `maxTicks` ticks ran, or `signal` aborts (the tick in progress always finishes). A tick
   * the disk refused is retried with backoff (write-failure.ts) while the loop keeps running; other errors end it.
   */
  async run(options: { signal?: AbortSignal; maxTicks?: number } = {}): Promise<number> {
    let n = 0;
    while (!options.signal?.aborted && (options.maxTicks === undefined || n < options.maxTicks)) {
      let summary: TickSummary | null;
      try {
        summary = await this.step();
      } catch (e) {
        if (!isRetryableWrite(e) || !this.#k.writeFailure) throw e;
        await this.#sleep(this.#k.writeFailure.nextRetryMs, options.signal);
        continue;
      }
      if (!summary) break;
      n += 1;
    }
    await this.flush();
    return n;
  }

  /**
   * Commits ticks a grouped commit (`commitEvery` > 1) still holds, and makes one more attempt at a tick the disk
   * refused. Otherwise a no-op.
   */
  async flush(): Promise<void> {
    if (this.#k.stalled) {
      try {
        this.#finish(await retryStalled(this.#k));
      } catch (err) {
        if (!isRetryableWrite(err)) throw err;
        // Still not writable: the tick is dropped uncommitted; nothing of it reached the broker, so a restart resumes
        // exactly from the last committed tick.
        this.#k.log.error({ err: (err as Error).message, seq: this.#k.stalled?.w.seq }, 'stopping with a tick the store could not write; it is not committed and none of its orders were sent');
      } finally {
        for (const e of this.#k.immediate.splice(0)) this.#publish(e);
      }
      return;
    }
    await commitPending(this.#k);
  }

  #finish({ summary, events }: { summary: TickSummary; events: KernelEvent[] }): TickSummary {
    for (const e of events) this.#publish(e);
    return summary;
  }

  /** Queues an operator command; it applies at the start of the next tick. */
  control(command: ControlCommand): void {
    this.#k.controls.push(command);
  }

  /** Adds positions that are already open (before the first tick): dry-run scenarios, benchmarks. Returns their ids. */
  adopt(requests: readonly AdoptRequest[]): string[] {
    if (this.#k.seq > 0 || !this.#started) throw twError('TW_KERNEL_ADOPT_AFTER_START', {});
    return adopt(this.#k, requests);
  }

  /** The facts of the last committed tick, or null before the first. */
  lastFacts(): FactsSnapshot | null {
    return this.#k.lastFacts;
  }

  /**
   * What `config` would decide right now for the open positions, on the last tick's facts (hot reload's shadow
   * evaluation). Nothing is sent anywhere. Positions whose strategy `config` lacks are skipped (they would stay on
   * their current version).
   */
  shadow(config: ResolvedConfig): Evaluation | null {
    const facts = this.#k.lastFacts;
    if (!facts) return null;
    const rules = compileRuleSet(config);
    const known = new Set(config.strategies.map((s) => s.name));
    const positions = this.#k.book.live()
      .filter((e) => known.has(e.actor.context().strategy) && !e.pinnedVersion)
      .map((e) => ({ id: e.actor.id, strategy: e.actor.context().strategy, phase: e.actor.phase(), hold: e.hold, facts: facts.positions.get(e.actor.id) ?? {}, prevFacts: e.prevFacts }));
    return evaluateTick(rules, { portfolio: facts.portfolio, prevPortfolio: this.#k.prevPortfolio, positions });
  }

  /** An alert raised outside the kernel (a failing notification channel): stored and published with the next tick. */
  queueAlert(alert: AlertRecord): void {
    queueAlerts(this.#k, [alert], false);
  }

  /** Records a reload attempt (ok or failed) in the store with the next tick. */
  recordReload(row: ReloadRow): void {
    this.#k.reloads.push(row);
  }

  /** Makes `config` current from the next tick on (hot reload). */
  reload(config: ResolvedConfig): void {
    this.#k.pending = this.#k.remember(config);
  }

  get config(): ResolvedConfig {
    return this.#k.current.config;
  }

  get store() {
    return this.#k.store;
  }

  /** Read access to live positions for the API and dry-run: actors by id. */
  positions() {
    return [...this.#k.book.entries.values()].map((e) => ({ id: e.actor.id, state: e.actor.state(), phase: e.actor.phase(), hold: e.hold, pinnedVersion: e.pinnedVersion, context: e.actor.context() }));
  }

  subscribe(listener: (e: KernelEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  status(): KernelStatus {
    const k = this.#k;
    return {
      configVersion: k.current.config.version, pendingConfigVersion: k.pending?.config.version ?? null,
      // HALTED requested by failed commits shows at once (nothing trades while the store cannot write anyway); it is
      // applied and stored with the first tick after the store writes again.
      ...tradingStatus(k, k.writeFailure?.halted ? 'HALTED' : k.tradingState), brokerStatus: k.brokerStatus, seq: k.seq, lastTickTime: k.lastTickTime,
      openPositions: k.book.openCount(), equityCents: k.lastEquityCents, pnlCents: k.lastPnlCents, linesInUse: k.feed.linesInUse?.() ?? null,
      storeWrite: k.writeFailure ? { ...k.writeFailure } : null,
    };
  }

  /** Closes the feed, the broker and the store (in that order). */
  async close(): Promise<void> {
    await this.flush().catch((err) => this.#k.log.error({ err }, 'the last grouped commit failed'));
    // Alerts whose own write failed and that no later tick carried: one more try before the file closes.
    await flushAlerts(this.#k);
    await this.#k.feed.close().catch(() => undefined);
    await this.#k.broker.close().catch(() => undefined);
    await this.#k.store.close();
  }

  #publish(e: KernelEvent): void {
    for (const l of this.#listeners) {
      try {
        l(e);
      } catch (err) {
        this.#k.log.error({ err }, 'a kernel event listener failed');
      }
    }
  }
}
