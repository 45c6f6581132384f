/**
 * Writes a cache entry's Parquet file from the normalized table `quotes` (source-read.ts): the dated rows, each with
 * an integer contract id `cid` and its row number in the file `ord`, sorted by snapshot, then contract, then file
 * order. Contract ids number the distinct (root, expiry, strike, right) in the order the uncached replay sorts a
 * snapshot's rows by, so one scan of the file in `cid` order delivers every chain in the replay's order.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { NORMALIZED_FIELDS, sqlString } from './columns-sql.ts';

/** The columns a cache file holds, in order. */
export const CACHE_COLUMNS = [...NORMALIZED_FIELDS, 'cid', 'ord'] as const;

const same = (a: string, b: string) => ['root', 'expiry', 'strike', 'right'].map((f) => `${a}."${f}" IS NOT DISTINCT FROM ${b}."${f}"`).join(' AND ');

/** COPY … TO `tmpPath` (Parquet, zstd). Returns the number of rows written. */
export async function writeParquet(c: DuckDBConnection, tmpPath: string): Promise<number> {
  await c.run(`CREATE TEMP TABLE cache_rows AS SELECT *, CAST(row_number() OVER () AS INTEGER) AS ord FROM quotes WHERE quote_date IS NOT NULL`);
  await c.run(`CREATE TEMP TABLE cache_contracts AS
    SELECT CAST(row_number() OVER (ORDER BY root, expiry, strike, "right") - 1 AS INTEGER) AS cid, root, expiry, strike, "right"
    FROM (SELECT DISTINCT root, expiry, strike, "right" FROM cache_rows)`);
  const fields = NORMALIZED_FIELDS.map((f) => `r."${f}"`).join(', ');
  await c.run(`COPY (SELECT ${fields}, k.cid, r.ord FROM cache_rows r JOIN cache_contracts k ON ${same('r', 'k')}
      ORDER BY r.quote_date, r.quote_minutes, k.cid, r.ord)
    TO ${sqlString(tmpPath)} (FORMAT parquet, COMPRESSION zstd)`);
  const n = Number((await c.runAndReadAll('SELECT CAST(count(*) AS INTEGER) AS n FROM cache_rows')).getColumnsObjectJS().n[0]);
  await c.run('DROP TABLE cache_rows');
  await c.run('DROP TABLE cache_contracts');
  return n;
}
