import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplayFeed, type ReplayReport } from '../../../adapters/replay/index.ts';
import { exchangeTime, type MarketTick } from '../../../engine/domain/index.ts';
import { numbersIn, readRows, replayAll, SPX_10_DAYS, tempDir, toCsv } from './support/files.ts';

// Four real 2019 SPX days (near expiries, strikes near the money), with the underlying price damaged on purpose:
// 04-25: three rows NaN, one negative, one blank; 04-26: every row negative; 04-29: every row NaN and only calls
// (so parity cannot help either); 04-30: untouched.
const DAYS = ['2019-04-25', '2019-04-26', '2019-04-29', '2019-04-30'];
const { header, rows } = readRows(SPX_10_DAYS, (r) => DAYS.includes(r.quotedate) && r.expiration <= '2019-05-10' && +r.strike >= 2850 && +r.strike <= 2990);
const trueSpot = (date: string) => +rows.find((r) => r.quotedate === date)!.underlying_last;
const damaged = rows.map((r) => ({ ...r })).filter((r) => r.quotedate !== '2019-04-29' || r.type === 'call');
const day1 = damaged.filter((r) => r.quotedate === '2019-04-25' && r.expiration === '2019-05-03');
const badKeys = new Map<string, string>();
day1.slice(0, 5).forEach((r, i) => {
  r.underlying_last = ['NaN', 'nan', 'NaN', '-2919.04', ''][i];
  badKeys.set(`${r.optionroot.replace(/\d.*$/, '')}:${r.expiration}:${r.type === 'call' ? 'C' : 'P'}:${+r.strike}`, r.underlying_last);
});
// One more 04-25 row 5% off the others: the median holds, the snapshot is reported as disagreeing.
day1[6].underlying_last = String(+day1[6].underlying_last * 1.05);
for (const r of damaged) if (r.quotedate === '2019-04-26') r.underlying_last = `-${r.underlying_last}`;
for (const r of damaged) if (r.quotedate === '2019-04-29') r.underlying_last = 'NaN';
const count = (date: string) => damaged.filter((r) => r.quotedate === date).length;

describe('a file whose underlying prices are NaN, negative or blank', () => {
  const tmp = tempDir();
  let ticks: MarketTick[];
  let report: ReplayReport;
  beforeAll(async () => {
    const path = tmp.write('damaged.csv', toCsv(header, damaged));
    // Real VIX closes, with 04-26's replaced by NaN.
    const vix = ['DATE,OPEN,HIGH,LOW,CLOSE', '04/24/2019,12.53,13.23,12.26,13.14', '04/25/2019,13.29,14.30,12.81,13.25', '04/26/2019,13.44,13.62,12.49,NaN', '04/29/2019,13.04,13.27,12.65,13.11', '04/30/2019,13.11,14.05,12.88,13.12'];
    const vixPath = tmp.write('vix.csv', `${vix.join('\n')}\n`);
    const feed = await createReplayFeed({ source: 'cboe', optionsPath: path, vixPath });
    ticks = await replayAll(feed);
    report = feed.report();
  });
  afterAll(() => tmp.remove());

  it('replays every day instead of dropping the negative one, and never emits a NaN or non-positive price', () => {
    expect(ticks.map((t) => exchangeTime(t.time).date)).toEqual(DAYS);
    const bad = ticks.flatMap((t) => numbersIn(t)).filter((n) => !Number.isFinite(n.value));
    expect(bad).toEqual([]);
    for (const t of ticks) for (const u of t.underlyings) expect(u.price).toBeGreaterThan(0);
    for (const q of ticks.flatMap((t) => t.quotes)) if (q.underlyingPrice !== undefined) expect(q.underlyingPrice).toBeGreaterThan(0);
  });

  it('leaves a NaN VIX close out instead of passing it on, and reports the day', () => {
    expect(ticks.map((t) => t.vix)).toEqual([{ level: 13.25, prevClose: 13.14 }, undefined, { level: 13.11, prevClose: 13.25 }, { level: 13.12, prevClose: 13.11 }]);
    expect(report.vixMissingDays).toEqual(['2019-04-26']);
  });

  it('counts the unusable rows by kind in the report', () => {
    expect(report.underlyingPrice.rows).toEqual({ nan: 3 + count('2019-04-29'), nonPositive: 1 + count('2019-04-26'), infinite: 0, missing: 1 });
    expect(report.underlyingPrice.fromParity).toEqual(['2019-04-26']);
    expect(report.underlyingPrice.unavailable).toEqual(['2019-04-29']);
    expect(report.underlyingPrice.disagreeing).toEqual(['2019-04-25']);
  });

  it('gives a row with a bad price the price the other rows of its snapshot agree on, and flags it', () => {
    expect(ticks[0].underlyings[0].price).toBe(trueSpot('2019-04-25'));
    for (const [key] of badKeys) {
      const q = ticks[0].quotes.find((x) => x.key === key)!;
      expect(q.flags).toContain('bad-underlying-price');
      expect(q.underlyingPrice).toBe(trueSpot('2019-04-25'));
    }
    const flagged = ticks.flatMap((t) => t.quotes).filter((q) => q.flags?.includes('bad-underlying-price'));
    expect(flagged).toHaveLength(report.flagged.badUnderlyingPrice);
  });

  it('takes the price of a snapshot without any usable row price from put–call parity, within 0.2% of the real one', () => {
    const parity = ticks[1].underlyings[0].price;
    expect(Math.abs(parity / trueSpot('2019-04-26') - 1)).toBeLessThan(0.002);
    expect(ticks[1].quotes.length).toBeGreaterThan(50);
    for (const q of ticks[1].quotes) expect(q.flags).toContain('underlying-from-parity');
    expect(report.flagged.underlyingFromParity).toBe(ticks[1].quotes.length);
  });

  it('emits a snapshot that neither rows nor parity can price without the underlying, its quotes flagged', () => {
    expect(ticks[2].underlyings).toEqual([]);
    expect(ticks[2].quotes.length).toBeGreaterThan(20);
    for (const q of ticks[2].quotes) {
      expect(q.underlyingPrice).toBeUndefined();
      expect(q.flags).toContain('no-underlying');
    }
    expect(report.flagged.noUnderlying).toBe(ticks[2].quotes.length);
    // The day after has no trusted previous close: the day before it had no price.
    expect(ticks[3].underlyings[0]).toEqual({ symbol: 'SPX', price: trueSpot('2019-04-30') });
  });
});

describe('any mix of unusable underlying prices', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());
  // One real day, one expiry, every 25 points: about 60 rows.
  const day = rows.filter((r) => r.quotedate === '2019-04-25' && r.expiration === '2019-05-03' && +r.strike % 25 === 0);
  const value = fc.oneof(fc.constantFrom('NaN', 'nan', '-0', '0', '', 'inf', '-inf', 'x'), fc.double({ min: -5000, max: -0.01, noNaN: true }).map(String), fc.constant('ok'));

  it('never puts a NaN, infinite or non-positive underlying price in a tick (property, 8 seeded runs)', { timeout: 20_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: day.length, maxLength: day.length }), async (values) => {
        const damagedDay = day.map((r, i) => ({ ...r, underlying_last: values[i] === 'ok' ? r.underlying_last : values[i] }));
        const feed = await createReplayFeed({ source: 'cboe', optionsPath: tmp.write('mix.csv', toCsv(header, damagedDay)) });
        const ticks = await replayAll(feed);
        const r = feed.report();
        expect(ticks).toHaveLength(1);
        expect(ticks.flatMap((t) => numbersIn(t)).filter((n) => !Number.isFinite(n.value))).toEqual([]);
        for (const u of ticks[0].underlyings) expect(u.price).toBeGreaterThan(0);
        const bad = values.filter((v) => v !== 'ok').length;
        const rowsCounted = r.underlyingPrice.rows.nan + r.underlyingPrice.rows.nonPositive + r.underlyingPrice.rows.infinite + r.underlyingPrice.rows.missing;
        expect(rowsCounted).toBe(bad);
      }),
      { numRuns: 8, seed: 4242, interruptAfterTimeLimit: 12_000 },
    );
  });
});
