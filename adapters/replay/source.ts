import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existingPath, query } from './duck.ts';
import { twError } from '../../engine/errors/index.ts';
import type { ResolvedColumns } from './columns.ts';
import { sqlString } from './columns-sql.ts';
import type { MalformedReport } from './file-check.ts';
import { checkUnits } from './plausibility.ts';
import type { RawRow } from './quality.ts';
import { openQuotes, type CacheReport } from './cache.ts';
import { readChains, type Chains } from './columnar-read.ts';

/** One snapshot (quote date and time) with the underlying price its rows agree on, when they have a usable one. */
export interface SourceDay {
  date: string;
  /** Minutes after midnight New York: the quote time column, or the mapping's fixed time (default 15:45). */
  minutes: number;
  /** Median of the rows' usable (finite, > 0) underlying prices; undefined when no row has one. */
  spot?: number;
  /** (max − min) / median of the usable prices: the rows' disagreement. */
  spread: number;
}

/** Quote rows whose own underlying price is unusable, in the selected range (a wide row counts twice: call and put). */
export interface UnderlyingRowCounts {
  nan: number;
  nonPositive: number;
  infinite: number;
  missing: number;
}

export interface VixDay {
  level: number;
  prevClose?: number;
}

/** An in-memory DuckDB holding one replay's normalized quotes (table `quotes`), sorted by quote date. */
export interface LoadedSource {
  connection: DuckDBConnection;
  instance: DuckDBInstance;
  underlying: string;
  columns: ResolvedColumns;
  /** Whether the file names option roots (so AM settlement can be told from the root). */
  rootsKnown: boolean;
  days: SourceDay[];
  malformed: MalformedReport;
  /** Rows whose quote date is blank or does not parse in the mapping's format (never replayed). */
  undated: number;
  underlyingRows: UnderlyingRowCounts;
  /** Rows of one snapshot, sorted by root, expiry, strike and right (the uncached path: one query per snapshot). */
  rowsFor(date: string, minutes: number): Promise<RawRow[]>;
  /** The whole selected range as typed arrays, read from the cache (undefined when the cache is off). */
  chains?: Chains;
  cache: CacheReport;
  close(): void;
}

export interface SourceOptions {
  /** A built-in layout, or `auto` (the default) to detect it from the header; ignored when `columns` is given. */
  source?: 'cboe' | 'optionsdx' | 'auto';
  columns?: ResolvedColumns;
  optionsPath: string;
  from?: string;
  to?: string;
  underlying?: string;
  /** The cache folder, or false for no cache; undefined: the default folder (cache-files.ts, defaultCacheDir). */
  cacheDir?: string | false;
}

export async function loadSource(opts: SourceOptions): Promise<LoadedSource> {
  const path = existingPath('options', opts.optionsPath);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    const { columns, malformed, undated, cache, cached } = await openQuotes(connection, opts, path);
    const q = <T>(sql: string, params?: string[]) => query<T>(connection, sql, 'options', path, columns.name, params);
    const keep = [
      'quote_date IS NOT NULL',
      opts.from ? `quote_date >= ${sqlString(opts.from)}` : '',
      opts.to ? `quote_date <= ${sqlString(opts.to)}` : '',
      opts.underlying && columns.columns.underlying !== undefined ? `underlying = ${sqlString(opts.underlying.toUpperCase())}` : '',
    ].filter(Boolean);
    // From the cache, `quotes` is the selected range of the entry's Parquet file (read per query, only the columns a
    // query names); without it, the rows outside the range are deleted from the table the file was read into.
    if (cached) await q(`CREATE VIEW quotes AS SELECT * FROM read_parquet(${sqlString(cached.parquet)}) WHERE ${keep.join(' AND ')}`);
    else await q(`DELETE FROM quotes WHERE NOT (${keep.join(' AND ')})`);
    const unders = (await q<string>('SELECT DISTINCT underlying FROM quotes WHERE underlying IS NOT NULL ORDER BY 1')).underlying;
    if (unders.length > 1) {
      throw twError('TW_REPLAY_BAD_OPTION', { name: 'underlying', problem: `is needed: the file holds ${unders.join(', ')}`, advice: `pass underlying: "${unders[0]}"` });
    }
    await checkUnits(q, columns, path);
    const d = await q<unknown>(`SELECT quote_date AS date, quote_minutes AS minutes,
        median(underlying_price) FILTER (WHERE isfinite(underlying_price) AND underlying_price > 0) AS spot,
        min(underlying_price) FILTER (WHERE isfinite(underlying_price) AND underlying_price > 0) AS lo,
        max(underlying_price) FILTER (WHERE isfinite(underlying_price) AND underlying_price > 0) AS hi,
        CAST(count(*) FILTER (WHERE isnan(underlying_price)) AS INTEGER) AS nan,
        CAST(count(*) FILTER (WHERE isfinite(underlying_price) AND underlying_price <= 0) AS INTEGER) AS nonpos,
        CAST(count(*) FILTER (WHERE isinf(underlying_price)) AS INTEGER) AS inf,
        CAST(count(*) FILTER (WHERE underlying_price IS NULL) AS INTEGER) AS missing,
        CAST(count(*) AS INTEGER) AS n
      FROM quotes GROUP BY 1, 2 ORDER BY 1, 2`);
    const days: SourceDay[] = (d.date as string[]).map((date, i) => {
      const spot = d.spot[i] as number | null;
      const day: SourceDay = { date, minutes: d.minutes[i] as number, spread: spot === null ? 0 : ((d.hi[i] as number) - (d.lo[i] as number)) / spot };
      if (spot !== null) day.spot = spot;
      return day;
    });
    const sum = (k: string) => (d[k] as number[]).reduce((a, b) => a + b, 0);
    const underlyingRows = { nan: sum('nan'), nonPositive: sum('nonpos'), infinite: sum('inf'), missing: sum('missing') };
    if (days.length === 0) throw twError('TW_REPLAY_NO_ROWS', { path, underlying: opts.underlying ?? 'any underlying', from: opts.from ?? 'the start', to: opts.to ?? 'the end' });
    const rowsFor = async (date: string, minutes: number): Promise<RawRow[]> => {
      const c = await q<unknown>(`SELECT root, "right", expiry, strike, bid, ask, last, volume, bid_size, ask_size, iv, delta, gamma, theta, vega, underlying_price
        FROM quotes WHERE quote_date = $1 AND quote_minutes = ${Math.trunc(minutes)} ORDER BY root, expiry, strike, "right"`, [date]);
      const n = (c.root as unknown[]).length;
      const rows: RawRow[] = new Array(n);
      const num = (col: string, i: number) => (c[col][i] as number | null) ?? null;
      for (let i = 0; i < n; i++) {
        rows[i] = {
          root: c.root[i] as string, right: c.right[i] as string, expiry: c.expiry[i] as string, strike: num('strike', i), bid: num('bid', i), ask: num('ask', i),
          last: num('last', i), volume: num('volume', i), bidSize: num('bid_size', i), askSize: num('ask_size', i), iv: num('iv', i), delta: num('delta', i),
          gamma: num('gamma', i), theta: num('theta', i), vega: num('vega', i), underlyingPrice: num('underlying_price', i),
        };
      }
      return rows;
    };
    // From the cache, the whole selected range is read once into typed arrays (columnar-read.ts) instead.
    const chains = cached ? await readChains(connection, cached.contracts, d.n as number[], path) : undefined;
    const rootsKnown = columns.columns.root !== undefined;
    return { connection, instance, underlying: unders[0] ?? (opts.underlying ?? '').toUpperCase(), columns, rootsKnown, days, malformed, undated, underlyingRows, rowsFor, chains, cache, close };
  } catch (e) {
    close();
    throw e;
  }
}
