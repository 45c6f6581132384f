import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { createReplayFeed, isTradingDay, tradingDaysBetween, type ReplayFeed } from '../../../adapters/replay/index.ts';
import { exchangeTime, type MarketTick } from '../../../engine/domain/index.ts';
import { isTickwiseError } from '../../../engine/errors/index.ts';

const data = new URL('../../../../shared/data/', import.meta.url).pathname;
const ODX = new URL('../../fixtures/replay/optionsdx_spx_eod_sample.txt', import.meta.url).pathname;

async function replayAll(feed: ReplayFeed): Promise<MarketTick[]> {
  const ticks: MarketTick[] = [];
  for (let t = await feed.next(); t; t = await feed.next()) ticks.push(t);
  await feed.close();
  return ticks;
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return isTickwiseError(e) ? e.code : `not a TickwiseError: ${String(e)}`;
  }
  return undefined;
}

describe('replaying an OptionsDX file (one row = a call and a put)', () => {
  it('splits each row into a call and a put, drops the bad ones, repairs the blank IV and reports the missing day', async () => {
    const feed = await createReplayFeed({ source: 'optionsdx', optionsPath: ODX, underlying: 'SPX', vixPath: `${data}vix_daily_cboe.csv` });
    const ticks = await replayAll(feed);
    const report = feed.report();
    expect(ticks.map((t) => exchangeTime(t.time).date)).toEqual(['2019-04-25', '2019-04-26', '2019-04-30']);
    expect(report.missingDays).toEqual(['2019-04-29']);
    expect(report.rowsRead).toBe(36);
    expect(report.dropped).toEqual({ invalid: 0, expired: 0, noQuote: 1, crossed: 1, duplicate: 0 });
    expect(report.rowsEmitted).toBe(34);
    expect(report.flagged.zeroIv).toBe(1);
    expect(report.repaired.ivRecomputed).toBe(1);

    const first = ticks[0].quotes.find((q) => q.key === 'SPX:2019-05-17:C:2900')!;
    expect(first).toMatchObject({ bid: 42.7, ask: 43.7, iv: 0.1178, delta: 0.589, bidSize: 12, askSize: 30, last: 42.9, underlyingPrice: 2919.04 });
    expect(first.contract).toEqual({ underlying: 'SPX', root: 'SPX', expiry: '2019-05-17', right: 'call', strike: 2900, multiplier: 100, settlement: 'cash' });
    expect(ticks[0].quotes.find((q) => q.key === 'SPX:2019-05-17:P:2900')).toMatchObject({ bid: 25.1, ask: 25.5, delta: -0.4095 });

    const repaired = ticks[1].quotes.find((q) => q.key === 'SPX:2019-05-31:C:2925')!;
    expect(repaired.flags).toEqual(['zero-iv', 'iv-recomputed', 'delta-recomputed']);
    expect(repaired.iv).toBeGreaterThan(0.08);
    expect(repaired.iv).toBeLessThan(0.16);
    expect(ticks[2].quotes.some((q) => q.key === 'SPX:2019-05-17:P:2950')).toBe(false);
    expect(ticks[2].quotes.some((q) => q.key === 'SPX:2019-05-31:C:2900')).toBe(false);
    // Across the missing 2019-04-29, 2019-04-30 has no trusted previous close.
    expect(ticks[2].underlyings[0].prevClose).toBeUndefined();
    expect(ticks[1].underlyings[0].prevClose).toBe(2919.04);
  });

  it('needs the underlying named, because OptionsDX files do not say it', async () => {
    expect(await codeOf(createReplayFeed({ source: 'optionsdx', optionsPath: ODX }))).toBe('TW_REPLAY_BAD_OPTION');
  });
});

describe('replaying the sparse 2021 SPY file', () => {
  it('drops the 17 crossed rows, settles SPY physically and keeps the source theta and vega', async () => {
    const feed = await createReplayFeed({ source: 'cboe', optionsPath: `${data}spy_options_2021_sparse.csv` });
    const ticks = await replayAll(feed);
    const report = feed.report();
    expect(ticks).toHaveLength(252);
    expect(report.missingDays).toEqual([]);
    expect(report.dropped.crossed).toBe(17);
    const q = ticks[0].quotes.find((x) => x.key === 'SPY:2021-01-29:P:345')!;
    expect(q).toMatchObject({ bid: 2.76, ask: 2.78, iv: 0.28804, delta: -0.17798, thetaPerDay: -0.1447, vegaPerPoint: 0.25147 });
    expect(q.contract.settlement).toBe('physical');
    expect(ticks[0].underlyings[0]).toEqual({ symbol: 'SPY', price: 368.79 });
  });
});

describe('replaying a Parquet file', () => {
  it('gives the same ticks as the CSV it was written from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickwise-replay-'));
    try {
      const csv = `${data}spx_options_cboe_20190425_20190508.csv`;
      const parquet = join(dir, 'spx.parquet');
      const db = await DuckDBInstance.create(':memory:');
      const c = await db.connect();
      await c.run(`COPY (SELECT * FROM read_csv('${csv}') WHERE quotedate <= '2019-04-26') TO '${parquet}' (FORMAT parquet)`);
      c.closeSync();
      db.closeSync();
      const fromParquet = await replayAll(await createReplayFeed({ source: 'cboe', optionsPath: parquet }));
      const fromCsv = await replayAll(await createReplayFeed({ source: 'cboe', optionsPath: csv, to: '2019-04-26' }));
      expect(fromParquet).toHaveLength(2);
      expect(fromParquet).toEqual(fromCsv);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('replay errors a user can cause', () => {
  const opts = { source: 'cboe' as const, optionsPath: `${data}spx_options_cboe_20190425_20190508.csv` };
  it('reports a missing file with TW_REPLAY_FILE_NOT_FOUND', async () => {
    expect(await codeOf(createReplayFeed({ ...opts, optionsPath: 'no/such/file.csv' }))).toBe('TW_REPLAY_FILE_NOT_FOUND');
    expect(await codeOf(createReplayFeed({ ...opts, vixPath: 'no/such/vix.csv' }))).toBe('TW_REPLAY_FILE_NOT_FOUND');
  });
  it('reports a file of another format with TW_REPLAY_MISSING_COLUMNS', async () => {
    expect(await codeOf(createReplayFeed({ source: 'optionsdx', optionsPath: opts.optionsPath, underlying: 'SPX' }))).toBe('TW_REPLAY_MISSING_COLUMNS');
    expect(await codeOf(createReplayFeed({ source: 'cboe', optionsPath: ODX }))).toBe('TW_REPLAY_MISSING_COLUMNS');
  });
  it('reports an empty selection with TW_REPLAY_NO_ROWS and bad options with TW_REPLAY_BAD_OPTION', async () => {
    expect(await codeOf(createReplayFeed({ ...opts, from: '2020-01-01' }))).toBe('TW_REPLAY_NO_ROWS');
    expect(await codeOf(createReplayFeed({ ...opts, underlying: 'QQQ' }))).toBe('TW_REPLAY_NO_ROWS');
    expect(await codeOf(createReplayFeed({ ...opts, from: '25/04/2019' }))).toBe('TW_REPLAY_BAD_OPTION');
    expect(await codeOf(createReplayFeed({ ...opts, rate: 2.7 }))).toBe('TW_REPLAY_BAD_OPTION');
    expect(await codeOf(createReplayFeed({ ...opts, source: 'ivolatility' as never }))).toBe('TW_REPLAY_BAD_OPTION');
  });
});

describe('the trading calendar used to tell holidays from missing days', () => {
  it('knows the 2019 holidays and the one-off closures', () => {
    for (const d of ['2019-01-01', '2019-01-21', '2019-02-18', '2019-04-19', '2019-05-27', '2019-07-04', '2019-09-02', '2019-11-28', '2019-12-25', '2018-12-05', '2022-06-20', '2021-12-24']) expect(isTradingDay(d)).toBe(false);
    for (const d of ['2019-05-10', '2019-06-14', '2019-07-05', '2021-12-31', '2021-06-18']) expect(isTradingDay(d)).toBe(true);
  });
  it('lists the trading days strictly between two dates', () => {
    expect(tradingDaysBetween('2019-05-24', '2019-05-29')).toEqual(['2019-05-28']);
    expect(tradingDaysBetween('2019-06-13', '2019-06-19')).toEqual(['2019-06-14', '2019-06-17', '2019-06-18']);
  });
});
