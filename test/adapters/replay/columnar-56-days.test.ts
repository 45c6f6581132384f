import { afterAll, describe, expect, it } from 'vitest';
import { createReplayFeed, type ReplayFeed } from '../../../adapters/replay/index.ts';
import { DATA, tempDir } from './support/files.ts';
import { firstDifference } from './support/same-ticks.ts';

const FILE = `${DATA}spx_options_cboe_20190425_20190722.csv.gz`;
const VIX = `${DATA}vix_daily_cboe.csv`;
const tmp = tempDir();
afterAll(() => tmp.remove());

/** Steps the two feeds side by side, so only one tick of each is held at a time. */
async function compareEveryTick(a: ReplayFeed, b: ReplayFeed): Promise<{ ticks: number; quotes: number; difference?: string }> {
  let ticks = 0;
  let quotes = 0;
  for (;;) {
    const [x, y] = [await a.next(), await b.next()];
    const difference = firstDifference(x, y, `tick ${ticks}`);
    if (difference) return { ticks, quotes, difference };
    if (!x) return { ticks, quotes };
    ticks++;
    quotes += x.quotes.length;
  }
}

describe('the columnar cache on the 56-day 2019 SPX file (313,922 rows)', () => {
  it('gives exactly the same 56 ticks and report as the row-by-row path, building the cache and reading it', { timeout: 240_000 }, async () => {
    const options = { source: 'cboe' as const, optionsPath: FILE, vixPath: VIX };
    for (const expected of ['built', 'hit']) {
      const reference = await createReplayFeed({ ...options, cacheDir: false });
      const cached = await createReplayFeed({ ...options, cacheDir: tmp.dir });
      const result = await compareEveryTick(cached, reference);
      expect(result).toEqual({ ticks: 56, quotes: 313_328 });
      const { cache, ...report } = cached.report();
      const { cache: off, ...referenceReport } = reference.report();
      expect([cache.status, off.status]).toEqual([expected, 'off']);
      expect(firstDifference(report, referenceReport)).toBeUndefined();
      await Promise.all([cached.close(), reference.close()]);
    }
  });
});
