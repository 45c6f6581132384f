/**
 * One backtest run through the real kernel, wired as the dry-run wires a replay (bin/dryrun/run-scenario.ts): the
 * replay feed (adapters/replay, one per --data file), and the shared wiring of bin/wiring/recorded.ts: the paper
 * broker with the recorded-data fill model (`fillTiming: 'snapshot'`, `fillPrice` from --fill, docs/replay.md § Fill
 * model), a manual clock the kernel sets from each tick, and an in-memory DuckDB with grouped commits. Strategies make their own entries. The run's store is
 * copied into a DuckDB file at the end when asked (a file store cannot group commits).
 */
import type { DecisionRecord, TransitionRecord } from '../../engine/kernel/index.ts';
import { exchangeTime } from '../../engine/domain/index.ts';
import { openStore, type Store } from '../../engine/store/index.ts';
import type { ResolvedConfig } from '../../engine/config/index.ts';
import { inMemoryKernel, paperBrokerFor } from '../wiring/recorded.ts';
import { isTickwiseError, twError } from '../../engine/errors/index.ts';
import { openBacktestFeed } from './feed.ts';
import { readLedger, readTradeDetails } from './read-ledger.ts';
import { recordSkips } from './skips.ts';
import type { BacktestOptions, BacktestRun, DecisionLine, RunHooks } from './types.ts';

/** The config a backtest runs under: the loaded one with --equity as the starting equity. */
export function backtestConfig(config: ResolvedConfig, equity: number): ResolvedConfig {
  return Object.freeze({ ...config, settings: Object.freeze({ ...config.settings, startingEquity: equity }) });
}

export async function runBacktest(loaded: ResolvedConfig, options: BacktestOptions, hooks: RunHooks = {}): Promise<BacktestRun> {
  const config = backtestConfig(loaded, options.equity);
  const feed = await openBacktestFeed(options);
  const traded = [...new Set(config.strategies.map((s) => s.underlying))];
  if (!traded.includes(feed.underlying)) {
    await feed.close();
    throw twError('TW_BACKTEST_NO_STRATEGY', { version: config.version, underlying: feed.underlying, path: options.data.join(', '), traded: traded.join(', ') || '(none)' });
  }
  const store = await openStore(':memory:');
  const broker = paperBrokerFor(options.equity, { price: options.fill, timing: 'snapshot', commissionPerContract: options.commission });
  const skips = recordSkips();
  const kernel = inMemoryKernel({ config, store, feed, broker, log: skips.log });
  const published: DecisionRecord[] = [];
  const transitions: TransitionRecord[] = [];
  kernel.subscribe((e) => {
    if (e.type === 'decision') published.push(e.decision);
    else if (e.type === 'transition') transitions.push(e.transition);
  });
  let partial = false;
  let lastDate = '';
  let daysDone = 0;
  try {
    await kernel.start();
    for (;;) {
      if (hooks.shouldStop?.()) {
        partial = true;
        break;
      }
      const summary = await kernel.step();
      if (!summary) break;
      const day = exchangeTime(summary.time).date;
      if (day !== lastDate) {
        daysDone += 1;
        lastDate = day;
        // A replay from the columnar cache never waits on I/O: give the event loop a turn each day, so a Ctrl-C
        // (and the progress timer) is handled while the run goes on, not after it.
        await new Promise((r) => setImmediate(r));
      }
      hooks.onTick?.({ day, daysDone, daysTotal: feed.days, rows: feed.rows });
    }
    await kernel.flush();
    const ledger = await readLedger(store, config);
    const entered = ledger.trades.length + ledger.open.length + published.filter((d) => d.rule.startsWith('entry:')).length;
    if (entered === 0 && !partial) {
      const r = feed.reports();
      const top = skips.reasons()[0];
      throw twError('TW_BACKTEST_NO_ENTRIES', {
        reason: top ? top.message : 'no strategy found a day to enter', days: r.reduce((n, x) => n + x.days, 0), first: r[0]?.firstDate ?? '-', last: r[r.length - 1]?.lastDate ?? '-',
      });
    }
    const details = await readTradeDetails(store);
    if (hooks.storePath) await copyStore(store, hooks.storePath);
    return {
      config, options, ledger, details, skips: skips.reasons(), decisions: await readDecisions(store, published), transitions, published,
      underlying: { symbol: feed.underlying, points: feed.prices }, replay: feed.reports(), partial, ticks: feed.ticks, rows: feed.rows,
    };
  } catch (e) {
    if (isTickwiseError(e)) throw e;
    throw twError('TW_BACKTEST_RUN_FAILED', { tick: feed.ticks, reason: (e as Error).message }, { cause: e });
  } finally {
    await kernel.close();
  }
}

/** Every decision the store holds (entries included), in tick order, with the reason the kernel published for it. */
async function readDecisions(store: Store, published: readonly DecisionRecord[]): Promise<DecisionLine[]> {
  const reasons = new Map(published.map((d) => [d.id, d.reason ?? null]));
  const rows = await store.db.all<{ id: string; time: number; position_id: string | null; rule: string; action: string; outcome: string; preempted: string | null; facts: string | null; trace: string | null }>(
    `SELECT id, CAST(tick_time AS DOUBLE) AS time, position_id, rule, action, outcome, CAST(preempted AS VARCHAR) AS preempted,
            CAST(facts AS VARCHAR) AS facts, CAST(trace AS VARCHAR) AS trace FROM decisions ORDER BY tick_seq, priority DESC, id`,
  );
  const json = (s: string | null) => (s === null ? null : JSON.parse(s));
  return rows.map((r) => ({
    id: r.id, time: r.time, positionId: r.position_id, rule: r.rule, action: r.action, outcome: r.outcome, reason: reasons.get(r.id) ?? null,
    preempted: (json(r.preempted) as string[] | null) ?? [], facts: (json(r.facts) as Record<string, unknown> | null) ?? {}, trace: json(r.trace),
  }));
}

/** Copies the whole in-memory store into a fresh DuckDB file (replacing one left by an earlier run there). */
async function copyStore(store: Store, path: string): Promise<void> {
  const { rm } = await import('node:fs/promises');
  await rm(path, { force: true });
  await rm(`${path}.wal`, { force: true });
  const quoted = path.replaceAll("'", "''");
  await store.db.run(`ATTACH '${quoted}' AS backtest_out`);
  try {
    await store.db.run('COPY FROM DATABASE memory TO backtest_out');
  } finally {
    await store.db.run('DETACH backtest_out');
  }
}
