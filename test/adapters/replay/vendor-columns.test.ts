import { afterAll, describe, expect, it } from 'vitest';
import { createReplayFeed, type ReplayOptions } from '../../../adapters/replay/index.ts';
import { exchangeTime, type MarketTick } from '../../../engine/domain/index.ts';
import { failure, readRows, replayAll, SPX_10_DAYS, SPY_2021, tempDir, toCsv } from './support/files.ts';
import { VENDOR_A_MAPPING, VENDOR_C_MAPPING, vendorA, vendorB, vendorBMapping, vendorC } from './support/vendors.ts';

const ODX = new URL('../../fixtures/replay/optionsdx_spx_eod_sample.txt', import.meta.url).pathname;
const tmp = tempDir();
afterAll(() => tmp.remove());

/** Ticks with every number at 9 significant digits: unit conversions (×365 then ÷365) may move the last bit. */
const rounded = (ticks: MarketTick[]) => JSON.parse(JSON.stringify(ticks), (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(9)) : v)) as unknown;
const replay = async (o: ReplayOptions) => replayAll(await createReplayFeed(o));

// Two real SPX days with the May monthly, where the AM-settled SPX and PM-settled SPXW series share expiry and strike.
const spx = readRows(SPX_10_DAYS, (r) => r.quotedate <= '2019-04-26' && r.expiration <= '2019-05-17' && +r.strike >= 2850 && +r.strike <= 2975);
// Ten real SPY days, which carry theta (per day) and vega (per vol point).
const spy = readRows(SPY_2021, (r) => r.quotedate <= '2021-01-15');

describe('a vendor file read through a column mapping', () => {
  it('gives the same ticks as the original layout: renamed, padded, reordered headers, BOM, MM/DD/YYYY, quoted fields, CRLF, a root column, IV in percent', async () => {
    const original = await replay({ source: 'cboe', optionsPath: tmp.write('spx.csv', toCsv(spx.header, spx.rows)) });
    const columns = tmp.write('vendor-a.columns.yaml', VENDOR_A_MAPPING);
    const vendor = await replay({ columns, optionsPath: tmp.write('vendor-a.csv', vendorA(spx.rows)) });
    expect(original).toHaveLength(2);
    expect(original.flatMap((t) => t.quotes).some((q) => q.contract.root === 'SPX')).toBe(true);
    expect(rounded(vendor)).toEqual(rounded(original));
  });

  it('converts theta per year and vega per 1.00 back to per day and per vol point', async () => {
    const original = await replay({ source: 'cboe', optionsPath: tmp.write('spy.csv', toCsv(spy.header, spy.rows)) });
    const columns = tmp.write('vendor-b.columns.yaml', vendorBMapping('units: { theta: per-year, vega: per-1.00 }'));
    const vendor = await replay({ columns, optionsPath: tmp.write('vendor-b.csv', vendorB(spy.rows)) });
    expect(original).toHaveLength(10);
    expect(original[0].quotes[0].thetaPerDay).toBe(Number(spy.rows[0].theta));
    expect(rounded(vendor)).toEqual(rounded(original));
  });

  it('reads a wide layout (call and put on one row) with its own leg prefixes like the OptionsDX file it was made from', async () => {
    const original = await replay({ source: 'optionsdx', optionsPath: ODX, underlying: 'SPX' });
    const columns = tmp.write('vendor-c.columns.yaml', VENDOR_C_MAPPING);
    const vendor = await replay({ columns, underlying: 'SPX', optionsPath: tmp.write('vendor-c.csv', vendorC(ODX)) });
    expect(vendor).toEqual(original);
  });

  it('accepts the mapping as an object as well as a file', async () => {
    const path = tmp.write('vendor-c2.csv', vendorC(ODX));
    const fromFile = await replay({ columns: tmp.write('c.yaml', VENDOR_C_MAPPING), underlying: 'SPX', optionsPath: path });
    const { parse } = await import('yaml');
    const fromObject = await replay({ columns: parse(VENDOR_C_MAPPING), underlying: 'SPX', optionsPath: path });
    expect(fromObject).toEqual(fromFile);
  });
});

describe('units that do not fit the data', () => {
  const file = () => tmp.write('vendor-b.csv', vendorB(spy.rows));
  it('refuses theta per year taken as per day, naming the column', async () => {
    const f = await failure(createReplayFeed({ columns: tmp.write('b1.yaml', vendorBMapping('units: { vega: per-1.00 }')), optionsPath: file() }));
    expect(f.code).toBe('TW_REPLAY_IMPLAUSIBLE_UNITS');
    expect(f.message).toContain('column Theta looks like theta per year, not theta per-day');
    expect(f.hint).toBe('set units.theta: per-year in the column mapping');
  });

  it('refuses vega per 1.00 taken as per vol point, naming the column', async () => {
    const f = await failure(createReplayFeed({ columns: tmp.write('b2.yaml', vendorBMapping('units: { theta: per-year }')), optionsPath: file() }));
    expect(f.code).toBe('TW_REPLAY_IMPLAUSIBLE_UNITS');
    expect(f.message).toContain('column Vega looks like vega per 1.00 of volatility, not vega per-vol-point');
  });

  it('refuses a Cboe-layout file whose theta is per year instead of taking it silently', async () => {
    const perYear = spy.rows.map((r) => ({ ...r, theta: String(Number(r.theta) * 365) }));
    const f = await failure(createReplayFeed({ source: 'cboe', optionsPath: tmp.write('spy-per-year.csv', toCsv(spy.header, perYear)) }));
    expect(f.code).toBe('TW_REPLAY_IMPLAUSIBLE_UNITS');
    expect(f.message).toContain('column theta looks like theta per year');
    expect(f.hint).toContain('give a column mapping (--columns) with units.theta: per-year');
  });

  it('refuses IV in percent taken as a decimal', async () => {
    const f = await failure(createReplayFeed({ columns: tmp.write('a-no-pct.yaml', VENDOR_A_MAPPING.replace('units: { iv: percent }', '')), optionsPath: tmp.write('a.csv', vendorA(spx.rows)) }));
    expect(f.code).toBe('TW_REPLAY_IMPLAUSIBLE_UNITS');
    expect(f.message).toContain('column IV% looks like IV in percent');
  });

  it('refuses dates in another format than the mapping says, naming the column and a value', async () => {
    const f = await failure(createReplayFeed({ columns: tmp.write('a-iso.yaml', VENDOR_A_MAPPING.replace('dates: MM/DD/YYYY', 'dates: ISO')), optionsPath: tmp.write('a2.csv', vendorA(spx.rows)) }));
    expect(f.code).toBe('TW_REPLAY_BAD_DATES');
    expect(f.message).toContain('column Trade Date holds no dates in the ISO format (e.g. "04/25/2019")');
  });
});

describe('quote times', () => {
  it('stamps end-of-day files at the fixed quoteTime of the mapping (default 15:45 New York)', async () => {
    const path = tmp.write('c3.csv', vendorC(ODX));
    const at1600 = await replay({ columns: tmp.write('c-1600.yaml', `quoteTime: "16:00"\n${VENDOR_C_MAPPING}`), underlying: 'SPX', optionsPath: path });
    const byDefault = await replay({ columns: tmp.write('c-default.yaml', VENDOR_C_MAPPING), underlying: 'SPX', optionsPath: path });
    expect(at1600.map((t) => exchangeTime(t.time).minutes)).toEqual([960, 960, 960]);
    expect(byDefault.map((t) => exchangeTime(t.time).minutes)).toEqual([945, 945, 945]);
  });

  it('makes one tick per snapshot when a time column holds several times a day', async () => {
    const twice = [...spx.rows.map((r) => ({ ...r, t: '10:30' })), ...spx.rows.map((r) => ({ ...r, t: '15:45' }))];
    const ticks = await replay({ columns: tmp.write('a.yaml', VENDOR_A_MAPPING), optionsPath: tmp.write('a-twice.csv', vendorA(twice, (r) => r.t)) });
    expect(ticks.map((t) => `${exchangeTime(t.time).date} ${exchangeTime(t.time).minutes}`)).toEqual(['2019-04-25 630', '2019-04-25 945', '2019-04-26 630', '2019-04-26 945']);
    // The later snapshot of a day does not take the same day's earlier one as its previous close.
    expect(ticks[1].underlyings[0].prevClose).toBeUndefined();
    expect(ticks[2].underlyings[0].prevClose).toBe(ticks[1].underlyings[0].price);
  });
});

describe('the two known layouts without a mapping', () => {
  it('are detected from the header when no source is given', async () => {
    const cboe = await createReplayFeed({ optionsPath: tmp.write('spx-auto.csv', toCsv(spx.header, spx.rows)) });
    const odx = await createReplayFeed({ optionsPath: ODX, underlying: 'SPX' });
    expect([cboe.report().source, odx.report().source]).toEqual(['cboe', 'optionsdx']);
    await cboe.close();
    await odx.close();
  });
});
