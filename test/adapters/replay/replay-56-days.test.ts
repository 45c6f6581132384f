import { describe, expect, it } from 'vitest';
import { createReplayFeed } from '../../../adapters/replay/index.ts';
import { exchangeTime } from '../../../engine/domain/index.ts';

const data = new URL('../../../../shared/data/', import.meta.url).pathname;

describe('replaying the 56-day 2019 SPX file (313,922 rows)', () => {
  it('delivers 56 ticks in order, reports the five missing days and accounts for every row', { timeout: 240_000 }, async () => {
    const feed = await createReplayFeed({ source: 'cboe', optionsPath: `${data}spx_options_cboe_20190425_20190722.csv.gz`, vixPath: `${data}vix_daily_cboe.csv` });
    let previous = 0;
    let quotes = 0;
    let days = 0;
    for (let t = await feed.next(); t; t = await feed.next()) {
      expect(t.time).toBeGreaterThan(previous);
      previous = t.time;
      quotes += t.quotes.length;
      days++;
      expect(t.vix?.level).toBeGreaterThan(9);
    }
    const r = feed.report();
    await feed.close();
    expect(days).toBe(56);
    expect(exchangeTime(previous).date).toBe('2019-07-22');
    // Memorial Day (05-27) and Independence Day (07-04) are holidays, not gaps.
    expect(r.missingDays).toEqual(['2019-05-10', '2019-05-17', '2019-06-14', '2019-06-17', '2019-06-18']);
    expect(r.rowsRead).toBe(313_922);
    // The 594 bid = ask = 0 rows are the AM-settled SPX series quoted on their own expiry date: already settled.
    expect(r.dropped.expired).toBe(594);
    expect(r.dropped.noQuote + r.dropped.crossed + r.dropped.duplicate + r.dropped.invalid).toBe(0);
    expect(quotes).toBe(r.rowsEmitted);
    expect(r.rowsEmitted).toBe(313_922 - 594);
    // impliedvol is 0 in 5.2% of rows per the data README; those left after the drops are flagged.
    expect(r.flagged.zeroIv / r.rowsRead).toBeGreaterThan(0.045);
    expect(r.flagged.zeroIv / r.rowsRead).toBeLessThan(0.055);
    expect(r.vixMissingDays).toEqual([]);
  });
});
