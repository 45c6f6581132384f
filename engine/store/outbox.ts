/**
 * The notification outbox (docs/alerts.md § The outbox): which alerts are to be delivered to which channel, and what
 * became of each delivery. It runs on a connection of its own, so the delivery worker's small transactions never mix
 * with the tick's: the kernel writes alerts (with their ids) in the tick's transaction; the worker plans deliveries for
 * alerts past its cursor (deliveries and cursor in one transaction), then sends the pending ones and records each
 * outcome. A row marked `sent` is never sent again; a `pending` row survives a kill and is sent again with the same
 * idempotency key (`<alert id>:<channel>`).
 */
import type { Db, SqlParam } from './db.ts';
import { TABLES, selectList } from './tables.ts';
import type { AlertDeliveryRow, AlertRow, Page } from './types.ts';

/** An alert as the router sees it: with the strategy and underlying of its position (when it has one). */
export interface OutboxAlert extends AlertRow {
  id: number;
  strategy: string | null;
  underlying: string | null;
}

export type DeliveryStatus = AlertDeliveryRow['status'];

const ALERT_COLS = `${selectList(TABLES.alerts, 'a')}, p.strategy AS "strategy", p.underlying AS "underlying"`;

export class AlertOutbox {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /**
   * The last alert id planned. Migration 4 sets it to the newest alert of the file it upgrades (an old book's alerts
   * are not sent); the worker moves it even with no channel, so channels added later get only new alerts.
   */
  async cursor(): Promise<number> {
    const [row] = await this.db.all<{ v: number }>('SELECT last_alert_id::DOUBLE AS v FROM notify_cursor WHERE id = 1');
    return row ? row.v : 0;
  }

  /** Alerts with an id above `after`, oldest first. */
  async alertsAfter(after: number, limit = 500): Promise<OutboxAlert[]> {
    return this.db.rows(TABLES.alerts, `SELECT ${ALERT_COLS} FROM alerts a LEFT JOIN positions p ON p.id = a.position_id WHERE a.id > ? ORDER BY a.id LIMIT ${Math.floor(limit)}`, [after]);
  }

  /** Records planned deliveries and moves the cursor to `lastAlertId`, in one transaction. */
  async plan(rows: readonly AlertDeliveryRow[], lastAlertId: number): Promise<void> {
    await this.transaction(async () => {
      if (rows.length) await this.db.append(TABLES.alertDeliveries, rows);
      await this.db.run('INSERT INTO notify_cursor (id, last_alert_id) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET last_alert_id = excluded.last_alert_id', [lastAlertId]);
    });
  }

  /** Pending deliveries whose next attempt is due at `now`, with their alerts. */
  async due(now: number, channels: readonly string[], limit = 100): Promise<{ delivery: AlertDeliveryRow; alert: OutboxAlert }[]> {
    if (channels.length === 0) return [];
    const rows = await this.db.rows<AlertDeliveryRow>(TABLES.alertDeliveries, `SELECT ${selectList(TABLES.alertDeliveries)} FROM alert_deliveries WHERE status = 'pending' AND coalesce(next_attempt_at, 0) <= ? AND channel IN (${channels.map(() => '?').join(', ')}) ORDER BY alert_id, channel LIMIT ${Math.floor(limit)}`, [now, ...channels]);
    if (rows.length === 0) return [];
    const ids = [...new Set(rows.map((r) => r.alertId))];
    const alerts = await this.db.rows<OutboxAlert>(TABLES.alerts, `SELECT ${ALERT_COLS} FROM alerts a LEFT JOIN positions p ON p.id = a.position_id WHERE a.id IN (${ids.map(() => '?').join(', ')})`, ids);
    const byId = new Map(alerts.map((a) => [a.id, a]));
    return rows.filter((r) => byId.has(r.alertId)).map((delivery) => ({ delivery, alert: byId.get(delivery.alertId)! }));
  }

  /** The earliest next attempt of a pending delivery (null when none is pending). */
  async nextDue(channels: readonly string[]): Promise<number | null> {
    if (channels.length === 0) return null;
    const [row] = await this.db.all<{ v: number | null }>(`SELECT min(coalesce(next_attempt_at, 0))::DOUBLE AS v FROM alert_deliveries WHERE status = 'pending' AND channel IN (${channels.map(() => '?').join(', ')})`, [...channels]);
    return row?.v ?? null;
  }

  /** Records one attempt's outcome: `sent`, `pending` again (a retry at `nextAttemptAt`) or `failed` (given up). */
  async record(key: string, outcome: { status: DeliveryStatus; attempts: number; at: number; nextAttemptAt?: number | null; error?: string | null }): Promise<void> {
    await this.db.run(
      'UPDATE alert_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, sent_at = ? WHERE idempotency_key = ? AND status <> \'sent\'',
      [outcome.status, outcome.attempts, outcome.nextAttemptAt ?? null, outcome.error ?? null, outcome.status === 'sent' ? outcome.at : null, key],
    );
  }

  /** The latest delivery to `channel` with dedupe key `key` created since `since` that was (or will be) sent. */
  async lastDelivered(channel: string, key: string, since: number): Promise<AlertDeliveryRow | null> {
    const [row] = await this.db.rows<AlertDeliveryRow>(TABLES.alertDeliveries, `SELECT ${selectList(TABLES.alertDeliveries)} FROM alert_deliveries WHERE channel = ? AND dedupe_key = ? AND created_at >= ? AND status IN ('pending', 'sent') ORDER BY created_at DESC, alert_id DESC LIMIT 1`, [channel, key, since]);
    return row ?? null;
  }

  /** Deliveries to `channel` suppressed as duplicates of key `key` since `since` (the count the next message carries). */
  async suppressedSince(channel: string, key: string, since: number): Promise<number> {
    const [row] = await this.db.all<{ n: number }>(`SELECT count(*)::DOUBLE AS n FROM alert_deliveries WHERE channel = ? AND dedupe_key = ? AND created_at >= ? AND status = 'suppressed' AND last_error LIKE 'duplicate%'`, [channel, key, since]);
    return row?.n ?? 0;
  }

  /** Deliveries to `channel` planned to be sent (pending or sent) since `since`: what the rate cap counts. */
  async deliveredSince(channel: string, since: number): Promise<number> {
    const [row] = await this.db.all<{ n: number }>(`SELECT count(*)::DOUBLE AS n FROM alert_deliveries WHERE channel = ? AND created_at >= ? AND status IN ('pending', 'sent', 'failed')`, [channel, since]);
    return row?.n ?? 0;
  }

  /** Deliveries, newest first, filtered by status and channel (`GET /api/alerts/deliveries`). */
  async deliveries(f: { status?: string; channel?: string; alertId?: number } & Page = {}): Promise<AlertDeliveryRow[]> {
    const conds: [string, SqlParam | undefined][] = [['status = ?', f.status], ['channel = ?', f.channel], ['alert_id = ?', f.alertId]];
    const used = conds.filter(([, v]) => v !== undefined);
    const where = used.length ? `WHERE ${used.map(([c]) => c).join(' AND ')}` : '';
    const limit = Math.max(1, Math.min(1000, Math.floor(f.limit ?? 100)));
    const offset = Math.max(0, Math.floor(f.offset ?? 0));
    return this.db.rows(TABLES.alertDeliveries, `SELECT ${selectList(TABLES.alertDeliveries)} FROM alert_deliveries ${where} ORDER BY alert_id DESC, channel LIMIT ${limit} OFFSET ${offset}`, used.map(([, v]) => v as SqlParam));
  }

  /** Records an acknowledgement; false when there is no alert `alertId`. */
  async ack(alertId: number, at: number, by: string | null, note: string | null): Promise<boolean> {
    const [row] = await this.db.all<{ n: number }>('SELECT count(*)::DOUBLE AS n FROM alerts WHERE id = ?', [alertId]);
    if (!row || row.n === 0) return false;
    await this.db.append(TABLES.alertAcks, [{ alertId, ackedAt: at, ackedBy: by, note }]);
    return true;
  }

  private async transaction(body: () => Promise<void>): Promise<void> {
    await this.db.run('BEGIN TRANSACTION');
    try {
      await body();
      await this.db.run('COMMIT');
    } catch (e) {
      await this.db.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }
}
