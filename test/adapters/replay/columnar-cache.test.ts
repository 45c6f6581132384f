import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createReplayFeed, defaultCacheDir, type ReplayOptions, type ReplayReport } from '../../../adapters/replay/index.ts';
import type { MarketTick } from '../../../engine/domain/index.ts';
import { DATA, SPX_10_DAYS, SPY_2021, failure, tempDir } from './support/files.ts';
import { firstDifference } from './support/same-ticks.ts';

const VIX = `${DATA}vix_daily_cboe.csv`;
const tmp = tempDir();
afterAll(() => tmp.remove());
let dirs = 0;
const freshDir = () => join(tmp.dir, `cache-${++dirs}`);

async function replay(options: ReplayOptions): Promise<{ ticks: MarketTick[]; report: ReplayReport }> {
  const feed = await createReplayFeed(options);
  const ticks: MarketTick[] = [];
  for (let t = await feed.next(); t; t = await feed.next()) ticks.push(t);
  const report = feed.report();
  await feed.close();
  return { ticks, report };
}

const withoutCache = ({ cache: _c, ...rest }: ReplayReport) => rest;

/** The uncached replay, the replay that builds the cache and the one that reads it give exactly the same ticks and report. */
async function expectSameReplays(options: ReplayOptions): Promise<MarketTick[]> {
  const cacheDir = freshDir();
  const reference = await replay({ ...options, cacheDir: false });
  const built = await replay({ ...options, cacheDir });
  const hit = await replay({ ...options, cacheDir });
  expect(reference.report.cache.status).toBe('off');
  expect(built.report.cache.status).toBe('built');
  expect(hit.report.cache.status).toBe('hit');
  for (const other of [built, hit]) {
    expect(other.ticks.length).toBe(reference.ticks.length);
    expect(firstDifference(other.ticks, reference.ticks)).toBeUndefined();
    expect(firstDifference(withoutCache(other.report), withoutCache(reference.report))).toBeUndefined();
  }
  return reference.ticks;
}

describe('the columnar cache', () => {
  it('gives exactly the same ticks (quotes, flags, prices, Greeks) and report as reading the 10-day SPX file row by row', { timeout: 60_000 }, async () => {
    const ticks = await expectSameReplays({ source: 'cboe', optionsPath: SPX_10_DAYS, vixPath: VIX });
    // Not vacuous: repaired IVs, flags and filled-in theta/vega are among what was compared.
    const quotes = ticks.flatMap((t) => t.quotes);
    expect(quotes.length).toBe(34_364);
    expect(quotes.filter((q) => q.flags?.includes('iv-recomputed')).length).toBeGreaterThan(300);
    expect(quotes.filter((q) => !q.flags?.includes('iv-unavailable')).every((q) => typeof q.thetaPerDay === 'number')).toBe(true);
  });

  it('gives exactly the same ticks as the row-by-row path on the sparse 2021 SPY file, with a sub-range and fixed rates', { timeout: 60_000 }, async () => {
    await expectSameReplays({ source: 'cboe', optionsPath: SPY_2021 });
    await expectSameReplays({ optionsPath: SPY_2021, from: '2021-03-01', to: '2021-09-30', rate: 0.001, div: 0.013 });
  });

  it('hits for a renamed copy with the same bytes and misses for a file whose content changed', { timeout: 60_000 }, async () => {
    const cacheDir = freshDir();
    const copy = join(tmp.dir, 'copy.csv');
    copyFileSync(SPX_10_DAYS, copy);
    const first = await replay({ optionsPath: SPX_10_DAYS, cacheDir, to: '2019-04-26' });
    const renamed = await replay({ optionsPath: copy, cacheDir, to: '2019-04-26' });
    expect(renamed.report.cache).toEqual({ ...first.report.cache, status: 'hit' });
    // One quote's bid changes: a new entry, and the replay shows the new bid.
    const text = readFileSync(copy, 'utf8').split('\n');
    const header = text[0].split(',');
    const row = text[1].split(',');
    const [bidAt, rootAt] = [header.indexOf('bid'), header.indexOf('optionroot')];
    const newBid = (Number(row[bidAt]) + 0.05).toFixed(2);
    row[bidAt] = newBid;
    text[1] = row.join(',');
    writeFileSync(copy, text.join('\n'));
    const edited = await replay({ optionsPath: copy, cacheDir, to: '2019-04-26' });
    expect(edited.report.cache.status).toBe('built');
    expect(edited.report.cache.key).not.toBe(first.report.cache.key);
    const root = row[rootAt];
    const changed = edited.ticks[0].quotes.find((q) => q.contract.root === root.replace(/\d.*$/, '') && q.contract.strike === Number(row[header.indexOf('strike')]) && q.contract.expiry === row[header.indexOf('expiration')] && q.contract.right === row[header.indexOf('type')]);
    expect(changed?.bid).toBe(Number(newBid));
  });

  it('keys entries on the mapping too: the same file through a column mapping is another entry', { timeout: 60_000 }, async () => {
    const cacheDir = freshDir();
    const asCboe = await replay({ source: 'cboe', optionsPath: SPY_2021, cacheDir, to: '2021-01-29' });
    const mapped = await replay({ columns: { columns: { quoteDate: 'quotedate', underlying: 'underlying', underlyingPrice: 'underlying_last', root: 'optionroot', right: 'type', expiry: 'expiration', strike: 'strike', bid: 'bid', ask: 'ask', iv: 'impliedvol', delta: 'delta', gamma: 'gamma' } }, optionsPath: SPY_2021, cacheDir, to: '2021-01-29' });
    expect(mapped.report.cache.status).toBe('built');
    expect(mapped.report.cache.key).not.toBe(asCboe.report.cache.key);
    // The mapping leaves out theta and vega: they are filled from BSM instead of taken from the file.
    expect(mapped.ticks[0].quotes[0].thetaPerDay).not.toBe(asCboe.ticks[0].quotes[0].thetaPerDay);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.parquet')).length).toBe(2);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('two replays building one entry at once', () => {
  it('both finish with the same ticks, leave no temporary file, and the next replay hits', { timeout: 60_000 }, async () => {
    const cacheDir = freshDir();
    const options = { source: 'cboe' as const, optionsPath: SPY_2021, cacheDir };
    const [a, b] = await Promise.all([replay(options), replay(options)]);
    expect([a.report.cache.status, b.report.cache.status]).toEqual(['built', 'built']);
    expect(firstDifference(a.ticks, b.ticks)).toBeUndefined();
    expect(readdirSync(cacheDir).sort().map((f) => f.replace(/^[0-9a-f]{64}/, 'KEY'))).toEqual(['KEY.contracts.json', 'KEY.json', 'KEY.parquet']);
    const c = await replay(options);
    expect(c.report.cache.status).toBe('hit');
    expect(firstDifference(c.ticks, a.ticks)).toBeUndefined();
  });
});

describe('a stale or damaged cache entry', () => {
  const options = { source: 'cboe' as const, optionsPath: SPY_2021 };
  const damage = async (what: (files: { parquet: string; meta: string; contracts: string }) => void) => {
    const cacheDir = freshDir();
    const good = await replay({ ...options, cacheDir });
    const key = good.report.cache.key!;
    what({ parquet: join(cacheDir, `${key}.parquet`), meta: join(cacheDir, `${key}.json`), contracts: join(cacheDir, `${key}.contracts.json`) });
    const again = await replay({ ...options, cacheDir });
    expect(firstDifference(again.ticks, good.ticks)).toBeUndefined();
    const third = await replay({ ...options, cacheDir });
    expect(third.report.cache.status).toBe('hit');
    return again.report.cache;
  };

  it('is rebuilt, never trusted, when its Parquet bytes were altered (same size)', { timeout: 60_000 }, async () => {
    const cache = await damage(({ parquet }) => {
      const bytes = readFileSync(parquet);
      bytes[Math.floor(bytes.length / 2)] ^= 0xff;
      writeFileSync(parquet, bytes);
    });
    expect(cache).toMatchObject({ status: 'rebuilt', reason: 'its Parquet file does not match the hash written with it' });
  });

  it('is rebuilt when its Parquet file was cut short or removed', { timeout: 60_000 }, async () => {
    expect(await damage(({ parquet }) => writeFileSync(parquet, readFileSync(parquet).subarray(0, 1000)))).toMatchObject({ status: 'rebuilt', reason: expect.stringMatching(/has 1000 bytes/) });
    expect(await damage(({ parquet }) => writeFileSync(parquet, '')).then((c) => c.status)).toBe('rebuilt');
  });

  it('is rebuilt when its contract dictionary was altered or removed', { timeout: 60_000 }, async () => {
    expect(await damage(({ contracts }) => writeFileSync(contracts, readFileSync(contracts, 'utf8').replace('"SPY"', '"SPQ"')))).toMatchObject({ status: 'rebuilt', reason: 'its contract dictionary does not match the hash written with it' });
    expect(await damage(({ contracts }) => rmSync(contracts))).toMatchObject({ status: 'rebuilt', reason: 'its contract dictionary is missing' });
  });

  it('is rebuilt when its description file is not JSON or describes another entry', { timeout: 60_000 }, async () => {
    expect(await damage(({ meta }) => writeFileSync(meta, '{"format": 1, "key":'))).toMatchObject({ status: 'rebuilt', reason: 'its description file does not parse' });
    expect(await damage(({ meta }) => writeFileSync(meta, JSON.stringify({ ...JSON.parse(readFileSync(meta, 'utf8')), key: 'other' })))).toMatchObject({ status: 'rebuilt', reason: 'its description file is of another format or key' });
  });
});

describe('the cache folder', () => {
  it('defaults to $TICKWISE_CACHE_DIR/replay, else the XDG cache folder, else ~/.cache, and is off with TICKWISE_REPLAY_CACHE=off', () => {
    expect(defaultCacheDir({ TICKWISE_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' })).toBe('/c/replay');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/tickwise/replay');
    expect(defaultCacheDir({})).toMatch(/\/\.cache\/tickwise\/replay$/);
    expect(defaultCacheDir({ TICKWISE_REPLAY_CACHE: 'off', TICKWISE_CACHE_DIR: '/c' })).toBe(false);
  });

  it('is not used with cacheDir: false, and the report says so', async () => {
    const { report } = await replay({ source: 'cboe', optionsPath: SPY_2021, to: '2021-01-29', cacheDir: false });
    expect(report.cache).toEqual({ status: 'off', reason: 'cacheDir: false' });
  });

  it('refuses an explicit folder that cannot be written, with a code and what to do', async () => {
    const file = tmp.write('not-a-folder', 'x');
    const f = await failure(createReplayFeed({ source: 'cboe', optionsPath: SPX_10_DAYS, cacheDir: join(file, 'cache') }));
    expect(f.code).toBe('TW_REPLAY_CACHE_FAILED');
    expect(f.message).toContain(join(file, 'cache'));
    expect(f.hint).toContain('cacheDir: false');
  });

  it('refuses a cacheDir that is neither a folder nor false', async () => {
    expect((await failure(createReplayFeed({ source: 'cboe', optionsPath: SPX_10_DAYS, cacheDir: '  ' }))).code).toBe('TW_REPLAY_BAD_OPTION');
    expect((await failure(createReplayFeed({ source: 'cboe', optionsPath: SPX_10_DAYS, cacheDir: true as unknown as string }))).code).toBe('TW_REPLAY_BAD_OPTION');
  });
});
