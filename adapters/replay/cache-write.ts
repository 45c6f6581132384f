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
  const fields = NORMALIZED_FIELDS.map((f) => `r."${f}"`).join(', ');
  const order = 'r.quote_date, r.quote_minutes, k.cid, r.ord';
  await c.run(`COPY (SELECT ${fields}, k.cid, r.ord, CAST(row_number() OVER (ORDER BY ${order}) AS INTEGER) AS seq
      FROM cache_rows r JOIN cache_contracts k ON ${same('r', 'k')} ORDER BY ${order})
    TO ${sqlString(tmpParquet)} (FORMAT parquet, COMPRESSION zstd)`);
  const d = (await c.runAndReadAll('SELECT cid, root, expiry, strike, "right" FROM cache_contracts ORDER BY cid')).getColumnsObjectJS();
  const table: ContractTable = { size: d.cid.length, root: d.root as (string | null)[], expiry: d.expiry as (string | null)[], right: d.right as (string | null)[], strike: d.strike as (number | null)[] };
  writeFileSync(tmpContracts, contractsToJson(table));
  const n = Number((await c.runAndReadAll('SELECT CAST(count(*) AS INTEGER) AS n FROM cache_rows')).getColumnsObjectJS().n[0]);
  await c.run('DROP TABLE cache_rows');
  await c.run('DROP TABLE cache_contracts');
  return n;
}
