/**
 * The selected range of a cached replay as typed arrays: one Int32Array of contract ids and one Float64Array per
 * numeric field, in replay order (snapshot, then contract id, which is the uncached path's root, expiry, strike, right
 * order), read in one streamed scan of the Parquet file instead of one sorted query per snapshot. The file is sorted;
 * the scan is checked to arrive in file order (`seq` increasing) and read again with ORDER BY seq if it does not.
 * NULLs become NaN in SQL (coalesce), which the cleaner treats exactly as it treats a missing value (`ok()` in
 * quality.ts); strikes, which parity also reads, keep their NULLs in the dictionary (contract-table.ts).
 */
import type { DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';
import { twError } from '../../engine/errors/index.ts';
import type { ContractTable } from './contract-table.ts';

export const CHAIN_FIELDS = ['bid', 'ask', 'last', 'bid_size', 'ask_size', 'iv', 'delta', 'gamma', 'theta', 'vega', 'underlying_price'] as const;
export type ChainField = (typeof CHAIN_FIELDS)[number];

export interface Chains {
  contracts: ContractTable;
  /** Row offsets: snapshot i holds rows dayStart[i] … dayStart[i + 1] − 1. */
  dayStart: Int32Array;
  cid: Int32Array;
  values: Record<ChainField, Float64Array>;
}

/**
 * Copies one column of a chunk into `out` at `offset`. The vectors keep their values in a typed array over DuckDB's
 * memory (a private field, ../shared/LIBRARIES-NEXT.md §7); the copy uses it when it is there and has the chunk's
 * length, else the public getItem (NULL is impossible here: every column is NOT NULL or coalesced).
 */
function copyColumn(chunk: DuckDBDataChunk, k: number, out: Float64Array | Int32Array, offset: number, n: number): void {
  const vec = chunk.getColumnVector(k);
  const items = (vec as unknown as { items?: unknown }).items;
  if ((items instanceof Float64Array || items instanceof Int32Array) && items.length === n && (items instanceof Float64Array) === (out instanceof Float64Array)) {
    out.set(items, offset);
    return;
  }
  for (let i = 0; i < n; i++) out[offset + i] = vec.getItem(i) as number;
}

/** Reads `quotes` (the selected range, with `cid` and `seq`); `dayRows` are the rows per snapshot, in snapshot order. */
export async function readChains(c: DuckDBConnection, contracts: ContractTable, dayRows: number[], path: string): Promise<Chains> {
  const dayStart = new Int32Array(dayRows.length + 1);
  for (let i = 0; i < dayRows.length; i++) dayStart[i + 1] = dayStart[i] + dayRows[i];
  const total = dayStart[dayRows.length];
  const cid = new Int32Array(total);
  const seq = new Int32Array(total);
  const values = Object.fromEntries(CHAIN_FIELDS.map((f) => [f, new Float64Array(total)])) as Record<ChainField, Float64Array>;
  const select = CHAIN_FIELDS.map((f) => `coalesce("${f}", 'NaN'::DOUBLE) AS "${f}"`).join(', ');
  let sorted = false;
  for (const order of ['', ' ORDER BY seq']) {
    const result = await c.stream(`SELECT seq, cid, ${select} FROM quotes${order}`);
    let offset = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      const n = chunk.rowCount;
      if (offset + n > total) throw twError('TW_REPLAY_READ_FAILED', { what: 'options', path, source: 'cache', reason: `the cached rows are more than the snapshots' ${total}` });
      copyColumn(chunk, 0, seq, offset, n);
      copyColumn(chunk, 1, cid, offset, n);
      CHAIN_FIELDS.forEach((f, k) => copyColumn(chunk, k + 2, values[f], offset, n));
      offset += n;
    }
    if (offset !== total) throw twError('TW_REPLAY_READ_FAILED', { what: 'options', path, source: 'cache', reason: `the cached rows (${offset}) do not add up to the snapshots' rows (${total})` });
    sorted = true;
    for (let i = 1; i < total && sorted; i++) sorted = seq[i] > seq[i - 1];
    if (sorted) break;
  }
  if (!sorted) throw twError('TW_REPLAY_READ_FAILED', { what: 'options', path, source: 'cache', reason: 'the cached rows do not come back in file order' });
  return { contracts, dayStart, cid, values };
}
