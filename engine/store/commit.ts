/** Writes everything a tick produced (besides market data), in the order that keeps foreign references sensible. */
import { appendAlerts } from './alert-rows.ts';
import type { Db } from './db.ts';
import { TABLES } from './tables.ts';
import type { LegRow, TickBatch } from './types.ts';
import { IDS_SPEC, PEAKS_SPEC, upsert } from './upsert.ts';

function flattenLeg(l: LegRow): object {
  const c = l.contract;
  return { ...l, underlying: c.underlying, expiry: c.expiry, right: c.right, strike: c.strike, multiplier: c.multiplier };
}

export async function writeBatch(db: Db, b: TickBatch): Promise<void> {
  await db.append(TABLES.ticks, b.ticks ?? [{ seq: b.seq, time: b.time, configVersion: b.configVersion }]);
  if (b.configVersions?.length) await upsert(db, TABLES.configVersions, b.configVersions);
  if (b.positions?.length) await upsert(db, TABLES.positions, b.positions);
  if (b.peaks?.length) {
    await db.append(PEAKS_SPEC, b.peaks, 'stg_peaks', 'temp');
    await db.runCached(`UPDATE positions SET peak_pnl_pct = s.peak_pnl_pct FROM temp.stg_peaks s WHERE positions.id = s.position_id`);
    await db.runCached(`DELETE FROM temp.stg_peaks`);
  }
  if (b.legs?.length) {
    await db.append(IDS_SPEC, b.legs.map((l) => ({ id: l.positionId })), 'stg_ids', 'temp');
    await db.runCached(`DELETE FROM legs WHERE position_id IN (SELECT id FROM temp.stg_ids)`);
    await db.runCached(`DELETE FROM temp.stg_ids`);
    await db.append(TABLES.legs, b.legs.flatMap((p) => p.legs.map((l) => flattenLeg({ ...l, positionId: p.positionId }))));
  }
  if (b.orders?.length) await upsert(db, TABLES.orders, b.orders);
  if (b.orderEvents?.length) await db.append(TABLES.orderEvents, b.orderEvents);
  if (b.fills?.length) await upsert(db, TABLES.fills, b.fills, 'ignore');
  if (b.decisions?.length) await db.append(TABLES.decisions, b.decisions);
  if (b.transitions?.length) await db.append(TABLES.transitions, b.transitions);
  if (b.snapshots?.length) await upsert(db, TABLES.snapshots, b.snapshots);
  const equity = b.equityRows ?? (b.equity ? [b.equity] : []);
  if (equity.length) await db.append(TABLES.equity, equity);
  if (b.alerts?.length) await appendAlerts(db, b.alerts);
  if (b.reloads?.length) await db.append(TABLES.reloads, b.reloads);
  const meta = Object.entries(b.meta ?? {}).map(([key, value]) => ({ key, value }));
  if (meta.length) await upsert(db, TABLES.meta, meta);
}
