/**
 * Writes a cache entry's files from the normalized table `quotes` (source-read.ts): a Parquet file of the dated rows,
 * each with an integer contract id `cid`, its row number in the source `ord` and its position in the sorted file
 * `seq`, sorted by snapshot, then contract, then source order; and the contract dictionary (contract-table.ts).
 * Contract ids number the distinct (root, expiry, strike, right) in the order the uncached replay sorts a snapshot's
 * rows by, so reading the file in `seq` order delivers every chain in the replay's order.
 */
import { writeFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { NORMALIZED_FIELDS, sqlString } from './columns-sql.ts';
import { contractsToJson, type ContractTable } from './contract-table.ts';

const same = (a: string, b: string) => ['root', 'expiry', 'strike', 'right'].map((f) => `${a}."${f}" IS NOT DISTINCT FROM ${b}."${f}"`).join(' AND ');

/** COPY … TO `tmpParquet` (Parquet, zstd) and the dictionary to `tmpContracts`. Returns the number of rows written. */
export async function writeEntryFiles(c: DuckDBConnection, tmpParquet: string, tmpContracts: string): Promise<number> {
  await c.run(`CREATE TEMP TABLE cache_rows AS SELECT *, CAST(row_number() OVER () AS INTEGER) AS ord FROM quotes WHERE quote_date IS NOT NULL`);
  await c.run(`CREATE TEMP TABLE cache_contracts AS
    SELECT CAST(row_number() OVER (ORDER BY root, expiry, strike, "right") - 1 AS INTEGER) AS cid, root, expiry, strike, "right"
    FROM (SELECT DISTINCT root, expiry, strike, "right" FROM cache_rows)`);
  // Each row's place in the sorted entry, from a narrow sort (ids only), then the wide rows written in that order.
  await c.run(`CREATE TEMP TABLE cache_order AS SELECT r.ord, k.cid, CAST(row_number() OVER (ORDER BY r.quote_date, r.quote_minutes, k.cid, r.ord) AS INTEGER) AS seq
    FROM cache_rows r JOIN cache_contracts k ON ${same('r', 'k')}`);
  const fields = NORMALIZED_FIELDS.map((f) => `r."${f}"`).join(', ');
  // One thread for the wide sort: about 600 MB peak instead of 700 for the 56-day file, for a one-off build.
  await c.run('SET threads = 1');
  await c.run(`COPY (SELECT ${fields}, o.cid, r.ord, o.seq FROM cache_rows r JOIN cache_order o ON r.ord = o.ord ORDER BY o.seq)
    TO ${sqlString(tmpParquet)} (FORMAT parquet, COMPRESSION zstd)`).finally(() => c.run('RESET threads'));
  const d = (await c.runAndReadAll('SELECT cid, root, expiry, strike, "right" FROM cache_contracts ORDER BY cid')).getColumnsObjectJS();
  const table: ContractTable = { size: d.cid.length, root: d.root as (string | null)[], expiry: d.expiry as (string | null)[], right: d.right as (string | null)[], strike: d.strike as (number | null)[] };
  writeFileSync(tmpContracts, contractsToJson(table));
  const n = Number((await c.runAndReadAll('SELECT CAST(count(*) AS INTEGER) AS n FROM cache_rows')).getColumnsObjectJS().n[0]);
  await c.run('DROP TABLE cache_rows');
  await c.run('DROP TABLE cache_contracts');
  await c.run('DROP TABLE cache_order');
  return n;
}
