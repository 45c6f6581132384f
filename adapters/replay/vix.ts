import type { DuckDBConnection } from '@duckdb/node-api';
import { twError } from '../../engine/errors/index.ts';
import { sqlString } from './columns-sql.ts';
import { existingPath, query } from './duck.ts';
import type { VixDay } from './source.ts';

/**
 * Daily VIX closes (Cboe VIX_History.csv: DATE as MM/DD/YYYY or ISO, CLOSE), with the previous row's close as
 * prevClose, for the given dates.
 */
export async function loadVix(connection: DuckDBConnection, vixPath: string, dates: string[]): Promise<Map<string, VixDay>> {
  const path = existingPath('VIX', vixPath);
  const relation = `read_csv(${sqlString(path)}, header = true, all_varchar = true)`;
  const header = (await query<string>(connection, `DESCRIBE SELECT * FROM ${relation}`, 'VIX', path, 'cboe')).column_name;
  const cols = header.map((c) => c.trim().toUpperCase());
  const missing = ['DATE', 'CLOSE'].filter((c) => !cols.includes(c));
  if (missing.length > 0) throw twError('TW_REPLAY_MISSING_COLUMNS', { what: 'VIX', path, source: 'Cboe VIX history', columns: missing.join(', '), header: header.join(', ') });
  const parsed = `SELECT CAST(COALESCE(try_strptime(trim("DATE"), '%m/%d/%Y'), try_strptime(trim("DATE"), '%Y-%m-%d')) AS DATE) AS d, TRY_CAST(trim("CLOSE") AS DOUBLE) AS close FROM ${relation}`;
  const c = await query<unknown>(connection, `SELECT CAST(d AS VARCHAR) AS date, close, lag(close) OVER (ORDER BY d) AS prev FROM (${parsed}) WHERE d IS NOT NULL AND isfinite(close) AND close > 0 ORDER BY d`, 'VIX', path, 'cboe');
  const wanted = new Set(dates);
  const out = new Map<string, VixDay>();
  (c.date as string[]).forEach((date, i) => {
    if (!wanted.has(date)) return;
    const prev = c.prev[i] as number | null;
    out.set(date, prev === null ? { level: c.close[i] as number } : { level: c.close[i] as number, prevClose: prev });
  });
  return out;
}
