/**
 * Plans the deliveries of new alerts: for every alert and every channel that routes it, one row — `pending` (to
 * send), or `suppressed` with the reason (quiet hours, a duplicate within the dedupe window, the rate cap). Rows of
 * one batch see each other, so ten equal alerts in one tick are one message. Decisions read only the store and `now`.
 */
import type { ResolvedChannel } from '../../engine/config/index.ts';
import type { AlertDeliveryRow, AlertOutbox, OutboxAlert } from '../../engine/store/index.ts';
import { dedupeKey, inQuietHours, routes } from './router.ts';

const MINUTE = 60_000;

export const idempotencyKey = (alertId: number, channel: string) => `${alertId}:${channel}`;

export async function planDeliveries(outbox: AlertOutbox, channels: readonly ResolvedChannel[], alerts: readonly OutboxAlert[], now: number): Promise<AlertDeliveryRow[]> {
  const rows: AlertDeliveryRow[] = [];
  for (const ch of channels) {
    // This batch's rows to be sent on the channel, by dedupe key (a duplicate in the same batch is held back).
    const latest = new Map<string, { row: AlertDeliveryRow }>();
    let planned = 0;
    for (const a of alerts) {
      if (!routes(ch, a)) continue;
      const key = dedupeKey(a);
      const row: AlertDeliveryRow = {
        idempotencyKey: idempotencyKey(a.id, ch.name), alertId: a.id, channel: ch.name, status: 'pending', attempts: 0,
        nextAttemptAt: now, lastError: null, dedupeKey: key, repeats: 0, createdAt: now, sentAt: null,
      };
      const critical = a.severity === 'critical';
      if (!critical && inQuietHours(ch.quietHours, now)) {
        rows.push(suppress(row, `quiet hours ${ch.quietHours!.start}–${ch.quietHours!.end} New York`));
        continue;
      }
      if (ch.dedupeMinutes > 0) {
        const windowStart = now - ch.dedupeMinutes * MINUTE;
        const inBatch = latest.get(key);
        const previous = inBatch?.row ?? (await outbox.lastDelivered(ch.name, key, 0));
        if (previous && previous.createdAt >= windowStart) {
          rows.push(suppress(row, `duplicate of alert ${previous.alertId} within ${ch.dedupeMinutes} min`));
          continue;
        }
        // The first one after the window says how many were held back since the previous message.
        if (previous) row.repeats = await outbox.suppressedSince(ch.name, key, previous.createdAt);
      }
      if (!critical && ch.rateLimit) {
        const sent = (await outbox.deliveredSince(ch.name, now - ch.rateLimit.perMinutes * MINUTE)) + planned;
        if (sent >= ch.rateLimit.max) {
          rows.push(suppress(row, `rate cap: ${ch.rateLimit.max} per ${ch.rateLimit.perMinutes} min reached`));
          continue;
        }
      }
      planned += 1;
      latest.set(key, { row });
      rows.push(row);
    }
  }
  return rows;
}

function suppress(row: AlertDeliveryRow, reason: string): AlertDeliveryRow {
  return { ...row, status: 'suppressed', nextAttemptAt: null, lastError: reason };
}
