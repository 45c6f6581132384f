import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { twError } from '../../engine/errors/index.ts';
import { missingColumns, normalizedSelect, relationFor, type SourceFormat } from './formats.ts';
import type { RawRow } from './quality.ts';

/** The quote dates of a replay with the underlying price the source gives for each (median over its rows). */
export interface SourceDay {
  date: string;
  spot: number;
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
  days: SourceDay[];
  rowsFor(date: string): Promise<RawRow[]>;
  close(): void;
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function existingPath(what: string, path: string): string {
  const full = resolve(path);
  if (!existsSync(full)) throw twError('TW_REPLAY_FILE_NOT_FOUND', { what, path, cwd: process.cwd() });
  return full;
}

async function query<T>(c: DuckDBConnection, sql: string, what: string, path: string, source: string, params?: string[]): Promise<Record<string, T[]>> {
  try {
    return (await c.runAndReadAll(sql, params)).getColumnsObjectJS() as Record<string, T[]>;
  } catch (e) {
    throw twError('TW_REPLAY_READ_FAILED', { what, path, source, reason: (e as Error).message.split('\n')[0] }, { cause: e });
  }
}

export async function loadSource(opts: { source: SourceFormat; optionsPath: string; from?: string; to?: string; underlying?: string }): Promise<LoadedSource> {
  const path = existingPath('options', opts.optionsPath);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    const relation = relationFor(opts.source, path);
    const described = await query<string>(connection, `DESCRIBE SELECT * FROM ${relation}`, 'options', path, opts.source);
    const columns = described.column_name;
    const missing = missingColumns(opts.source, columns);
    if (missing.length > 0) throw twError('TW_REPLAY_MISSING_COLUMNS', { what: 'options', path, source: opts.source, columns: missing.join(', ') });
    if (opts.source === 'optionsdx' && !opts.underlying) {
      throw twError('TW_REPLAY_BAD_OPTION', { name: 'underlying', problem: 'is required for OptionsDX files (they do not name the underlying)', advice: 'pass underlying: "SPX" (or the symbol the file holds)' });
    }
    const select = normalizedSelect(opts.source, relation, columns, opts.underlying ?? '');
    const where = [
      opts.from ? `quote_date >= ${sqlString(opts.from)}` : '',
      opts.to ? `quote_date <= ${sqlString(opts.to)}` : '',
      opts.underlying && opts.source === 'cboe' ? `underlying = ${sqlString(opts.underlying)}` : '',
    ].filter(Boolean);
    await query(connection, `CREATE TABLE quotes AS SELECT * FROM (${select}) ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY quote_date`, 'options', path, opts.source);
    const unders = (await query<string>(connection, 'SELECT DISTINCT underlying FROM quotes WHERE underlying IS NOT NULL ORDER BY 1', 'options', path, opts.source)).underlying;
    if (unders.length > 1) {
      throw twError('TW_REPLAY_BAD_OPTION', { name: 'underlying', problem: `is needed: the file holds ${unders.join(', ')}`, advice: `pass underlying: "${unders[0]}"` });
    }
    const d = await query<unknown>(connection, 'SELECT quote_date AS date, median(underlying_price) AS spot FROM quotes WHERE quote_date IS NOT NULL AND underlying_price > 0 GROUP BY 1 ORDER BY 1', 'options', path, opts.source);
    const days = (d.date as string[]).map((date, i) => ({ date, spot: d.spot[i] as number }));
    if (days.length === 0) throw twError('TW_REPLAY_NO_ROWS', { path, underlying: opts.underlying ?? 'any underlying', from: opts.from ?? 'the start', to: opts.to ?? 'the end' });
    const rowsFor = async (date: string): Promise<RawRow[]> => {
      const c = await query<unknown>(connection, 'SELECT root, "right", expiry, strike, bid, ask, last, volume, bid_size, ask_size, iv, delta, gamma, theta, vega FROM quotes WHERE quote_date = $1 ORDER BY root, expiry, strike, "right"', 'options', path, opts.source, [date]);
      const n = (c.root as unknown[]).length;
      const rows: RawRow[] = new Array(n);
      const num = (col: string, i: number) => (c[col][i] as number | null) ?? null;
      for (let i = 0; i < n; i++) {
        rows[i] = {
          root: c.root[i] as string, right: c.right[i] as string, expiry: c.expiry[i] as string, strike: num('strike', i), bid: num('bid', i), ask: num('ask', i),
          last: num('last', i), volume: num('volume', i), bidSize: num('bid_size', i), askSize: num('ask_size', i), iv: num('iv', i), delta: num('delta', i),
          gamma: num('gamma', i), theta: num('theta', i), vega: num('vega', i),
        };
      }
      return rows;
    };
    return { connection, instance, underlying: unders[0] ?? opts.underlying ?? '', days, rowsFor, close };
  } catch (e) {
    close();
    throw e;
  }
}

/**
 * Daily VIX closes (Cboe VIX_History.csv: DATE as MM/DD/YYYY or ISO, CLOSE), with the previous row's close as
 * prevClose, for the given dates.
 */
export async function loadVix(connection: DuckDBConnection, vixPath: string, dates: string[]): Promise<Map<string, VixDay>> {
  const path = existingPath('VIX', vixPath);
  const relation = `read_csv(${sqlString(path)}, header = true, all_varchar = true)`;
  const cols = (await query<string>(connection, `DESCRIBE SELECT * FROM ${relation}`, 'VIX', path, 'cboe')).column_name.map((c) => c.trim().toUpperCase());
  const missing = ['DATE', 'CLOSE'].filter((c) => !cols.includes(c));
  if (missing.length > 0) throw twError('TW_REPLAY_MISSING_COLUMNS', { what: 'VIX', path, source: 'Cboe VIX history', columns: missing.join(', ') });
  const parsed = `SELECT CAST(COALESCE(try_strptime(trim("DATE"), '%m/%d/%Y'), try_strptime(trim("DATE"), '%Y-%m-%d')) AS DATE) AS d, TRY_CAST(trim("CLOSE") AS DOUBLE) AS close FROM ${relation}`;
  const c = await query<unknown>(connection, `SELECT CAST(d AS VARCHAR) AS date, close, lag(close) OVER (ORDER BY d) AS prev FROM (${parsed}) WHERE d IS NOT NULL AND close > 0 ORDER BY d`, 'VIX', path, 'cboe');
  const wanted = new Set(dates);
  const out = new Map<string, VixDay>();
  (c.date as string[]).forEach((date, i) => {
    if (!wanted.has(date)) return;
    const prev = c.prev[i] as number | null;
    out.set(date, prev === null ? { level: c.close[i] as number } : { level: c.close[i] as number, prevClose: prev });
  });
  return out;
}
