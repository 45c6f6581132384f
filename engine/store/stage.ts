/**
 * Writes position rows and their legs inside the open tick, before the facts query, so the facts see the positions as
 * this tick's broker events left them. `commitTick` writes them again with the rest of the tick (an idempotent upsert).
 */
import type { Store } from './store.ts';
import { TABLES } from './tables.ts';
import type { LegRow, PositionRow } from './types.ts';
import { IDS_SPEC, upsert } from './upsert.ts';

export async function stagePositions(store: Store, positions: readonly PositionRow[], legs: readonly { positionId: string; legs: LegRow[] }[]): Promise<void> {
  if (!store.inTick) throw new Error('stagePositions called outside an open tick');
  const db = store.db;
  if (positions.length) await upsert(db, TABLES.positions, positions);
  if (legs.length) {
    await db.append(IDS_SPEC, legs.map((l) => ({ id: l.positionId })), 'stg_ids', 'temp');
    await db.run('DELETE FROM legs WHERE position_id IN (SELECT id FROM temp.stg_ids)');
    await db.run('DELETE FROM temp.stg_ids');
    const rows = legs.flatMap((p) => p.legs.map((l) => {
      const c = l.contract;
      return { ...l, positionId: p.positionId, underlying: c.underlying, expiry: c.expiry, right: c.right, strike: c.strike, multiplier: c.multiplier };
    }));
    if (rows.length) await db.append(TABLES.legs, rows);
  }
}
