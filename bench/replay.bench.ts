// Replay throughput on the 56-day 2019 SPX Cboe file (313,922 quote rows, gzipped CSV), all in one process so the
// ratios compare like with like: the row-by-row path (cacheDir: false; today's replay), the columnar cache (built
// once into a temporary folder, then read: docs/replay.md, "Columnar cache"), and the kernel over the replay (the
// shipped SPX strategy with entries, `tickwise dry-run` in a child process) without and with the cache.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReplayFeed, type ReplayOptions } from '../adapters/replay/index.ts';
import { median, type BenchEntry, type Benchmark } from './types.ts';

const FILE = new URL('../../shared/data/spx_options_cboe_20190425_20190722.csv.gz', import.meta.url).pathname;
const VIX = new URL('../../shared/data/vix_daily_cboe.csv', import.meta.url).pathname;
const ROOT = new URL('..', import.meta.url).pathname;

interface Run {
  rows: number;
  openMs: number;
  ticksMs: number;
  totalMs: number;
  status: string;
}

async function once(cacheDir: string | false): Promise<Run> {
  const options: ReplayOptions = { source: 'cboe', optionsPath: FILE, vixPath: VIX, cacheDir };
  const t0 = performance.now();
  const feed = await createReplayFeed(options);
  const t1 = performance.now();
  while (await feed.next());
  const t2 = performance.now();
  const report = feed.report();
  await feed.close();
  return { rows: report.rowsRead, openMs: t1 - t0, ticksMs: t2 - t1, totalMs: t2 - t0, status: report.cache.status };
}

/** The shipped SPX strategy (scenarios/replay/spx-config) with entries over the whole 56-day file. */
function scenarioFile(dir: string): string {
  const path = join(dir, 'spx-56-days.yaml');
  writeFileSync(path, [
    'description: bench - the SPX put credit spread strategy with entries over the 56-day 2019 file',
    `config: ${join(ROOT, 'scenarios/replay/spx-config')}`,
    'entries: true',
    'replay:',
    `  path: ${FILE}`,
    `  vix: ${VIX}`,
    '  underlying: SPX',
    '',
  ].join('\n'));
  return path;
}

/** Wall-clock seconds of `tickwise dry-run FILE` (exit 1 is expected: the bench scenario has no expectations). */
function dryRun(scenario: string, env: Record<string, string>): number {
  const t0 = performance.now();
  try {
    execFileSync(process.execPath, [join(ROOT, 'bin/tickwise.js'), 'dry-run', scenario], { env: { ...process.env, ...env }, stdio: 'ignore' });
  } catch (e) {
    if ((e as { status?: number }).status !== 1) throw e;
  }
  return (performance.now() - t0) / 1000;
}

/** Wall-clock seconds of `tickwise backtest` over the 56-day SPX file with the shipped backtest config. */
function backtest(out: string, env: Record<string, string>, extra: string[] = []): number {
  const t0 = performance.now();
  execFileSync(process.execPath, [join(ROOT, 'bin/tickwise.js'), 'backtest', '--data', join(ROOT, '../shared/data/spx_options_cboe_20190425_20190722.csv.gz'),
    '--vix', join(ROOT, '../shared/data/vix_daily_cboe.csv'), '--config', join(ROOT, 'examples/backtest-spx'), '--out', out, ...extra], { env: { ...process.env, ...env }, stdio: 'ignore' });
  return (performance.now() - t0) / 1000;
}

const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000));

const bench: Benchmark = {
  name: 'replay',
  async run(): Promise<BenchEntry[]> {
    const dir = mkdtempSync(join(tmpdir(), 'tickwise-bench-replay-'));
    try {
      const cacheDir = join(dir, 'cache');
      const plain = [await once(false), await once(false), await once(false)];
      const built = await once(cacheDir);
      const hits = [await once(cacheDir), await once(cacheDir), await once(cacheDir)];
      if (built.status !== 'built' || hits.some((h) => h.status !== 'hit')) throw new Error(`cache statuses: ${built.status}, ${hits.map((h) => h.status).join(', ')}`);
      const rows = plain[0].rows;
      const plainMs = median(plain.map((r) => r.totalMs));
      const hitMs = median(hits.map((r) => r.totalMs));
      const hitTicksMs = median(hits.map((r) => r.ticksMs));
      const plainTicksMs = median(plain.map((r) => r.ticksMs));
      const scenario = scenarioFile(dir);
      const kernelEnv = { TICKWISE_CACHE_DIR: join(dir, 'kernel-cache') };
      const kernelPlain = dryRun(scenario, { TICKWISE_REPLAY_CACHE: 'off' });
      const kernelFirst = dryRun(scenario, kernelEnv);
      const kernelCached = median([dryRun(scenario, kernelEnv), dryRun(scenario, kernelEnv), dryRun(scenario, kernelEnv)]);
      const btEnv = { TICKWISE_CACHE_DIR: join(dir, 'backtest-cache') };
      const btPlain = backtest(join(dir, 'bt-plain'), {}, ['--no-cache']);
      backtest(join(dir, 'bt-first'), btEnv);
      const btCached = median([backtest(join(dir, 'bt-1'), btEnv), backtest(join(dir, 'bt-2'), btEnv), backtest(join(dir, 'bt-3'), btEnv)]);
      const note = `56-day 2019 SPX file, ${rows} rows`;
      return [
        { name: 'replay.rows-per-second', value: rate(rows, plainMs), unit: 'rows/s', note: `${note}, row by row (cacheDir: false), open + all ticks, median of 3` },
        { name: 'replay.total-seconds', value: Number((plainMs / 1000).toFixed(2)), unit: 's', note: 'whole replay row by row' },
        { name: 'replay.open-seconds', value: Number((median(plain.map((r) => r.openMs)) / 1000).toFixed(2)), unit: 's', note: 'DuckDB read of the gzipped CSV + VIX, before the first tick' },
        { name: 'replay.cache.build-seconds', value: Number((built.totalMs / 1000).toFixed(2)), unit: 's', note: 'first replay: read the CSV, write the Parquet entry, replay from it' },
        { name: 'replay.cache.rows-per-second', value: rate(rows, hitMs), unit: 'rows/s', baseline: rate(rows, plainMs), ratio: Number((plainMs / hitMs).toFixed(1)), note: 'from the cache: open + all ticks, median of 3' },
        { name: 'replay.cache.tick-rows-per-second', value: rate(rows, hitTicksMs), unit: 'rows/s', baseline: rate(rows, plainTicksMs), ratio: Number((plainTicksMs / hitTicksMs).toFixed(1)), note: 'from the cache: all next() calls after open (chains cleaned into MarketTicks)' },
        { name: 'replay.cache.open-seconds', value: Number((median(hits.map((r) => r.openMs)) / 1000).toFixed(2)), unit: 's', note: 'hash check, Parquet view, range checks, typed-array read, VIX' },
        { name: 'replay.kernel-56-days.seconds', value: Number(kernelCached.toFixed(2)), unit: 's', baseline: Number(kernelPlain.toFixed(2)), ratio: Number((kernelPlain / kernelCached).toFixed(1)), note: '`tickwise dry-run` (spx-config, entries) over the 56-day file from the cache, wall clock incl. node start; baseline: without the cache' },
        { name: 'backtest.56-days.seconds', value: Number(btCached.toFixed(2)), unit: 's', baseline: Number(btPlain.toFixed(2)), ratio: Number((btPlain / btCached).toFixed(1)), note: '`tickwise backtest` (examples/backtest-spx) over the 56-day file, a second run from the cache, all outputs written, wall clock incl. node start, median of 3; baseline: --no-cache; target <= 5 s' },
        { name: 'replay.kernel-56-days.first-run-seconds', value: Number(kernelFirst.toFixed(2)), unit: 's', note: 'the same dry-run building the cache' },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
