/** The reads a restart needs: everything to resume every position in its exact state. */
import type { Db } from './db.ts';
import { TABLES, selectList } from './tables.ts';
import type { EquityRow, LegRow, LoadedState, MetaValue, OrderRow, PositionRow, SnapshotRow } from './types.ts';

export const NOT_FINAL_ORDER_STATUSES = ['pending', 'accepted', 'partially-filled'] as const;

/**
 * Closed positions in a row, most recent first, with a realised loss; a non-negative close ends the streak.
 * Positions closed by a roll (`outcome = 'rolled'`) are links of a chain, not closes, and are skipped.
 */
export async function consecutiveLosses(db: Db): Promise<number> {
  const [row] = await db.all<{ n: number }>(
    `WITH closed AS (SELECT closed_at, realized_pnl_cents FROM positions
       WHERE state = 'closed' AND coalesce(outcome, '') <> 'rolled' AND realized_pnl_cents IS NOT NULL)
     SELECT count(*)::DOUBLE AS n FROM closed
     WHERE realized_pnl_cents < 0
       AND closed_at > coalesce((SELECT max(closed_at) FROM closed WHERE realized_pnl_cents >= 0), -1)`,
  );
  return row.n;
}

export async function readMeta(db: Db): Promise<Record<string, MetaValue>> {
  const rows = await db.rows<{ key: string; value: MetaValue }>(TABLES.meta, `SELECT ${selectList(TABLES.meta)} FROM meta`);
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export async function readLegs(db: Db, where: string, params: (string | number)[] = []): Promise<LegRow[]> {
  const rows = await db.rows<LegRow & Record<string, unknown>>(TABLES.legs, `SELECT ${selectList(TABLES.legs, 'l')} FROM legs l ${where} ORDER BY l.position_id, l.key`, params);
  return rows.map(({ positionId, key, contract, quantity, avgPrice }) => ({ positionId, key, contract, quantity, avgPrice }));
}

export async function loadState(db: Db, schemaVersion: number): Promise<LoadedState> {
  const meta = await readMeta(db);
  const positions = await db.rows<PositionRow>(TABLES.positions, `SELECT ${selectList(TABLES.positions)} FROM positions WHERE state <> 'closed' ORDER BY opened_at, id`);
  const legs = await readLegs(db, `JOIN positions p ON p.id = l.position_id WHERE p.state <> 'closed'`);
  const legsBy = new Map<string, LegRow[]>();
  for (const l of legs) legsBy.set(l.positionId, [...(legsBy.get(l.positionId) ?? []), l]);
  const snaps = await db.rows<SnapshotRow>(
    TABLES.snapshots,
    `SELECT ${selectList(TABLES.snapshots, 's')} FROM snapshots s JOIN positions p ON p.id = s.position_id WHERE p.state <> 'closed'`,
  );
  const orders = await db.rows<OrderRow>(
    TABLES.orders,
    `SELECT ${selectList(TABLES.orders)} FROM orders WHERE status IN (${NOT_FINAL_ORDER_STATUSES.map(() => '?').join(', ')}) ORDER BY created_at, client_order_id`,
    [...NOT_FINAL_ORDER_STATUSES],
  );
  const [tick] = await db.all<{ seq: number; time: number }>(`SELECT seq::DOUBLE AS seq, time::DOUBLE AS time FROM ticks ORDER BY seq DESC LIMIT 1`);
  const [equity] = await db.rows<EquityRow>(TABLES.equity, `SELECT ${selectList(TABLES.equity)} FROM equity ORDER BY time DESC LIMIT 1`);
  const peak = meta.equityPeakCents;
  return {
    schemaVersion,
    meta,
    tradingState: typeof meta.tradingState === 'string' ? meta.tradingState : null,
    lastTickSeq: tick?.seq ?? null,
    lastTickTime: tick?.time ?? null,
    equityPeakCents: typeof peak === 'number' ? peak : null,
    lastEquity: equity ?? null,
    openPositions: positions.map((position) => ({ position, legs: legsBy.get(position.id) ?? [] })),
    snapshots: new Map(snaps.map((s) => [s.positionId, s.snapshot])),
    ordersNotFinal: orders,
    consecutiveLosses: await consecutiveLosses(db),
  };
}
