// Replay throughput: the 56-day 2019 SPX Cboe file (313,922 quote rows, gzipped CSV) read through DuckDB, cleaned,
// repaired and delivered as ticks, end to end (open + every next()). Median of three runs.
import { createReplayFeed } from '../adapters/replay/index.ts';
import { median, type BenchEntry, type Benchmark } from './types.ts';

const FILE = new URL('../../shared/data/spx_options_cboe_20190425_20190722.csv.gz', import.meta.url).pathname;
const VIX = new URL('../../shared/data/vix_daily_cboe.csv', import.meta.url).pathname;

async function once(): Promise<{ rows: number; openMs: number; totalMs: number }> {
  const t0 = performance.now();
  const feed = await createReplayFeed({ source: 'cboe', optionsPath: FILE, vixPath: VIX });
  const openMs = performance.now() - t0;
  while (await feed.next());
  const totalMs = performance.now() - t0;
  const rows = feed.report().rowsRead;
  await feed.close();
  return { rows, openMs, totalMs };
}

const bench: Benchmark = {
  name: 'replay',
  async run(): Promise<BenchEntry[]> {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await once());
    const rows = runs[0].rows;
    const totalMs = median(runs.map((r) => r.totalMs));
    const openMs = median(runs.map((r) => r.openMs));
    return [
      { name: 'replay.rows-per-second', value: Math.round(rows / (totalMs / 1000)), unit: 'rows/s', note: `56-day 2019 SPX file, ${rows} rows, open + all ticks, median of 3` },
      { name: 'replay.total-seconds', value: Number((totalMs / 1000).toFixed(2)), unit: 's', note: 'whole replay of the 56-day file' },
      { name: 'replay.open-seconds', value: Number((openMs / 1000).toFixed(2)), unit: 's', note: 'DuckDB read of the gzipped CSV + VIX, before the first tick' },
    ];
  },
};

export default bench;
