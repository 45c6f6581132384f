/**
 * Bulk upserts through per-connection staging tables: rows are appended to `temp.stg_<table>` with data chunks, then
 * merged into the real table with one `INSERT … ON CONFLICT` statement. Rows with the same key keep the last one.
 */
import type { Db } from './db.ts';
import { TABLES, quoteIdent, type TableSpec } from './tables.ts';

/** Tables written by key (the others are append-only). */
export const KEYED_TABLES: readonly TableSpec[] = Object.values(TABLES).filter((t) => t.key.length > 0);

export const stagingName = (spec: TableSpec): string => `stg_${spec.name}`;

/** Creates the temp staging tables of one connection (columns in spec order), plus the two helper tables. */
export async function createStaging(db: Db): Promise<void> {
  for (const spec of KEYED_TABLES) {
    const cols = spec.columns.map((c) => quoteIdent(c.column)).join(', ');
    await db.run(`CREATE TEMP TABLE ${stagingName(spec)} AS SELECT ${cols} FROM ${spec.name} LIMIT 0`);
  }
  await db.run(`CREATE TEMP TABLE stg_peaks (position_id VARCHAR, peak_pnl_pct DOUBLE)`);
  await db.run(`CREATE TEMP TABLE stg_ids (id VARCHAR)`);
}

export const PEAKS_SPEC: TableSpec = { name: 'stg_peaks', key: [], columns: [{ field: 'positionId', column: 'position_id', kind: 'text' }, { field: 'peakPnlPct', column: 'peak_pnl_pct', kind: 'float' }] };
export const IDS_SPEC: TableSpec = { name: 'stg_ids', key: [], columns: [{ field: 'id', column: 'id', kind: 'text' }] };

function lastByKey<T extends object>(spec: TableSpec, rows: readonly T[]): T[] {
  if (rows.length < 2) return [...rows];
  const fields = spec.columns.filter((c) => spec.key.includes(c.column)).map((c) => c.field);
  const byKey = new Map<string, T>();
  for (const r of rows) byKey.set(fields.map((f) => String((r as Record<string, unknown>)[f])).join('\u0000'), r);
  return [...byKey.values()];
}

/** Inserts or replaces (`onConflict: 'update'`) or inserts-if-new (`'ignore'`) `rows` into the table of `spec`. */
export async function upsert(db: Db, spec: TableSpec, rows: readonly object[], onConflict: 'update' | 'ignore' = 'update'): Promise<void> {
  if (rows.length === 0) return;
  const stg = stagingName(spec);
  await db.append(spec, lastByKey(spec, rows), stg, 'temp');
  const cols = spec.columns.map((c) => quoteIdent(c.column));
  const keys = spec.key.map(quoteIdent).join(', ');
  const set = spec.columns.filter((c) => !spec.key.includes(c.column)).map((c) => `${quoteIdent(c.column)} = excluded.${quoteIdent(c.column)}`);
  const action = onConflict === 'ignore' || set.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${set.join(', ')}`;
  await db.runCached(`INSERT INTO ${spec.name} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM temp.${stg} ON CONFLICT (${keys}) ${action}`);
  await db.runCached(`DELETE FROM temp.${stg}`);
}
