import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplayFeed, type ReplayFeed, type ReplayReport } from '../../../adapters/replay/index.ts';
import { exchangeTime, type MarketTick } from '../../../engine/domain/index.ts';

const data = new URL('../../../../shared/data/', import.meta.url).pathname;
const SMALL = `${data}spx_options_cboe_20190425_20190508.csv`;
const VIX = `${data}vix_daily_cboe.csv`;

async function replayAll(feed: ReplayFeed): Promise<MarketTick[]> {
  const ticks: MarketTick[] = [];
  for (let t = await feed.next(); t; t = await feed.next()) ticks.push(t);
  return ticks;
}

describe('replaying the 10-day 2019 SPX Cboe file', () => {
  let feed: ReplayFeed;
  let ticks: MarketTick[];
  let report: ReplayReport;
  beforeAll(async () => {
    feed = await createReplayFeed({ source: 'cboe', optionsPath: SMALL, vixPath: VIX });
    ticks = await replayAll(feed);
    report = feed.report();
  });
  afterAll(() => feed.close());

  it('emits one tick per quote date, in time order, stamped 15:45 New York', () => {
    expect(ticks.map((t) => exchangeTime(t.time).date)).toEqual(['2019-04-25', '2019-04-26', '2019-04-29', '2019-04-30', '2019-05-01', '2019-05-02', '2019-05-03', '2019-05-06', '2019-05-07', '2019-05-08']);
    for (const t of ticks) expect(exchangeTime(t.time).minutes).toBe(15 * 60 + 45);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i].time).toBeGreaterThan(ticks[i - 1].time);
    expect(report.ticks).toBe(10);
    expect(report.missingDays).toEqual([]);
  });

  it('accounts for every one of the 34,364 rows as emitted or dropped', () => {
    expect(report.rowsRead).toBe(34_364);
    const dropped = Object.values(report.dropped).reduce((a, b) => a + b, 0);
    expect(report.rowsEmitted + dropped).toBe(report.rowsRead);
    expect(ticks.reduce((n, t) => n + t.quotes.length, 0)).toBe(report.rowsEmitted);
    // The file was cut without bid = ask = 0 or crossed rows; SPX and SPXW never repeat a key.
    expect(report.dropped.noQuote).toBe(0);
    expect(report.dropped.crossed).toBe(0);
    expect(report.dropped.duplicate).toBe(0);
  });

  it('carries the underlying with its previous snapshot as prevClose, the VIX close with its previous close, and the rate', () => {
    expect(ticks[0].underlyings).toEqual([{ symbol: 'SPX', price: 2919.04 }]);
    expect(ticks[1].underlyings[0].prevClose).toBe(ticks[0].underlyings[0].price);
    expect(ticks[0].vix).toEqual({ level: 13.25, prevClose: 13.14 });
    expect(ticks[1].vix?.prevClose).toBe(13.25);
  });

  it('reads the rate from put–call parity as a look-back median, so one noisy day does not swing it', () => {
    // 2019-04-26's own parity line reads about 0.4%; the days around it read about 2.7%.
    expect(report.rates[1].parityDayRate).toBeLessThan(0.01);
    expect(ticks[1].rate).toBeGreaterThan(0.015);
    for (const t of ticks.slice(2)) expect(t.rate).toBeGreaterThan(0.024);
    for (const t of ticks.slice(2)) expect(t.rate).toBeLessThan(0.031);
    for (const r of report.rates) expect(r.expiries).toBeGreaterThan(10);
  });

  it('keys contracts on the option root, so the AM SPX and PM SPXW series of the May monthly stay apart', () => {
    const may17 = ticks[0].quotes.filter((q) => q.contract.expiry === '2019-05-17' && q.contract.strike === 2900 && q.contract.right === 'call');
    expect(may17.map((q) => q.key).sort()).toEqual(['SPX:2019-05-17:C:2900', 'SPXW:2019-05-17:C:2900']);
    for (const q of may17) expect(q.contract).toMatchObject({ underlying: 'SPX', multiplier: 100, settlement: 'cash' });
    expect(new Set(ticks[0].quotes.map((q) => q.key)).size).toBe(ticks[0].quotes.length);
  });

  it('flags zero IV and repairs it from the mid, or marks it unavailable when the mid is outside the bounds', () => {
    expect(report.flagged.zeroIv).toBeGreaterThan(1000);
    expect(report.repaired.ivRecomputed + report.flagged.ivUnavailable).toBe(report.flagged.zeroIv);
    expect(report.repaired.deltaRecomputed).toBe(report.repaired.ivRecomputed);
    const all = ticks.flatMap((t) => t.quotes);
    const zero = all.filter((q) => q.flags?.includes('zero-iv'));
    expect(zero).toHaveLength(report.flagged.zeroIv);
    for (const q of zero) {
      if (q.flags!.includes('iv-recomputed')) {
        expect(q.iv).toBeGreaterThan(0);
        expect(q.flags).toContain('delta-recomputed');
        expect(Math.abs(q.delta!)).toBeLessThanOrEqual(1);
      } else {
        expect(q.flags).toContain('iv-unavailable');
        expect(q.iv).toBeUndefined();
      }
    }
    // Every emitted quote with a trusted IV also has theta and vega (from the source or from BSM at that IV).
    for (const q of all.filter((x) => x.iv !== undefined)) expect(Number.isFinite(q.thetaPerDay) && Number.isFinite(q.vegaPerPoint)).toBe(true);
    expect(all.filter((q) => q.flags?.includes('no-bid'))).toHaveLength(report.flagged.noBid);
    for (const q of all) expect(q.bid).toBeLessThanOrEqual(q.ask);
  });

  it('lists the chain of the current day with both roots', async () => {
    const chain = await feed.chain('SPX');
    expect(chain.settlement).toBe('cash');
    expect(chain.expiries.some((e) => e.root === 'SPX')).toBe(true);
    expect(chain.expiries.some((e) => e.root === 'SPXW')).toBe(true);
    const last = ticks[ticks.length - 1];
    const listed = chain.expiries.reduce((n, e) => n + e.strikes.length, 0);
    expect(listed).toBe(new Set(last.quotes.map((q) => `${q.contract.root}:${q.contract.expiry}:${q.contract.strike}`)).size);
    expect((await feed.chain('QQQ')).expiries).toEqual([]);
  });
});

describe('replay options', () => {
  it('replays only the dates between from and to, inclusive, and uses a given rate and dividend yield', async () => {
    const feed = await createReplayFeed({ source: 'cboe', optionsPath: SMALL, from: '2019-04-29', to: '2019-04-30', rate: 0.025, div: 0.018 });
    const ticks = await replayAll(feed);
    expect(ticks.map((t) => exchangeTime(t.time).date)).toEqual(['2019-04-29', '2019-04-30']);
    expect(ticks.every((t) => t.rate === 0.025 && t.vix === undefined)).toBe(true);
    expect(feed.report().rates.map((r) => [r.rate, r.div])).toEqual([[0.025, 0.018], [0.025, 0.018]]);
    // The first replayed day's previous session is not in the selection: no prevClose rather than a wrong one.
    expect(ticks[0].underlyings[0].prevClose).toBeUndefined();
    await feed.close();
  });

  it('continues from a checkpoint with the same ticks', async () => {
    const a = await createReplayFeed({ source: 'cboe', optionsPath: SMALL, to: '2019-04-30' });
    await a.next();
    await a.next();
    const state = JSON.parse(JSON.stringify(a.checkpoint()));
    const third = await a.next();
    const b = await createReplayFeed({ source: 'cboe', optionsPath: SMALL, to: '2019-04-30' });
    b.restore(state);
    expect(await b.next()).toEqual(third);
    await a.close();
    await b.close();
  });
});
