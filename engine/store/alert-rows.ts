/**
 * Writes alert rows with their stable ids: one more than the largest id stored, in the order given. Called inside
 * the writer's transaction (the tick's commit, or the kernel's own small alert transaction), so ids never collide
 * and a rolled-back batch gives its ids back together with its rows.
 */
import type { Db } from './db.ts';
import { TABLES } from './tables.ts';
import type { AlertRow } from './types.ts';

export async function appendAlerts(db: Db, rows: readonly AlertRow[]): Promise<void> {
  if (rows.length === 0) return;
  // Not the prepared-statement cache: a cached statement re-run in a later transaction can return a stale result (db.ts).
  const [row] = await db.all<{ top: number | null }>('SELECT max(id)::DOUBLE AS top FROM alerts');
  const top = row?.top ?? 0;
  await db.append(TABLES.alerts, rows.map((r, i) => ({ ...r, id: top + i + 1 })));
}
