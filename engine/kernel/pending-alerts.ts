/**
 * Alerts raised outside a tick's batch (a broker call that failed after the commit, recovery's findings, an unsent
 * order retried at the start of a tick) still land in the alerts table, exactly once:
 *
 * 1. `queueAlerts` puts them in the kernel's outbox;
 * 2. `flushAlerts` writes the outbox at once in a small transaction of its own when no tick is open (the window in
 *    which a kill loses them is the few milliseconds between the failure and that write);
 * 3. what could not be written (the store failed, or a grouped commit holds a tick open) is carried into the next
 *    tick's batch by `carryAlerts`. A batch that is rolled back gives its alerts back: they are kept until a tick
 *    with a higher sequence number has committed.
 *
 * The outbox lives beside the kernel state (a WeakMap keyed by it), so this module owns it alone.
 */
import { appendAlerts, type AlertRow } from '../store/index.ts';
import type { KernelState } from './state.ts';
import type { TickWork } from './tick-work.ts';
import type { AlertRecord } from './types.ts';

interface Pending {
  alert: AlertRecord;
  /** Already published as a kernel event (so carrying it into a batch does not publish it again). */
  published: boolean;
  /** Written by `flushAlerts` (then only its publication may still be owed). */
  stored: boolean;
  /** The sequence number of the tick whose batch holds it; null while only in the outbox. */
  inBatch: number | null;
}

const outboxes = new WeakMap<KernelState, Pending[]>();

function outbox(k: KernelState): Pending[] {
  let box = outboxes.get(k);
  if (!box) {
    box = [];
    outboxes.set(k, box);
  }
  return box;
}

/** Queues alerts for the store; `published` says whether the caller already sent them to the event listeners. */
export function queueAlerts(k: KernelState, alerts: readonly AlertRecord[], published: boolean): void {
  outbox(k).push(...alerts.map((alert) => ({ alert, published, stored: false, inBatch: null })));
}

/**
 * Writes the waiting alerts now, in their own transaction, if no tick is open. On failure they stay queued (for the
 * next flush or the next batch) and the failure is logged; it never throws.
 */
export async function flushAlerts(k: KernelState): Promise<void> {
  const box = outbox(k);
  dropCommitted(k, box);
  const writing = box.filter((p) => !p.stored);
  if (writing.length === 0 || k.store.inTick) return;
  try {
    await k.store.db.run('BEGIN TRANSACTION');
    try {
      await appendAlerts(k.store.db, writing.map((p) => row(p.alert)));
      await k.store.db.run('COMMIT');
    } catch (e) {
      await k.store.db.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
    for (const p of writing) p.stored = true;
    remove(box, (p) => p.stored && p.published);
  } catch (err) {
    k.log.error({ err, alerts: writing.length }, 'alerts could not be stored now; they go with the next tick');
  }
}

/**
 * Hands the alerts not stored yet to the tick being built (they are committed with it) and publishes, with that tick's
 * events, those not published yet. Alerts of a batch that did not commit (its tick failed) are handed over again.
 */
export function carryAlerts(k: KernelState, w: TickWork): void {
  const box = outbox(k);
  dropCommitted(k, box);
  for (const p of box) {
    if (!p.stored) {
      p.inBatch = w.seq;
      w.alerts.push(row(p.alert));
    }
    if (!p.published) {
      w.events.push({ type: 'alert', alert: p.alert });
      p.published = true;
    }
  }
  remove(box, (p) => p.stored);
}

/**
 * Alerts in the batch of a tick with sequence number ≤ the last tick's are in the store (or, with grouped commits,
 * in the batch that commits next): they are done. Alerts of a batch that failed (a higher number) are waiting again.
 */
function dropCommitted(k: KernelState, box: Pending[]): void {
  remove(box, (p) => p.inBatch !== null && p.inBatch <= k.seq);
}

function remove(box: Pending[], done: (p: Pending) => boolean): void {
  for (let i = box.length - 1; i >= 0; i--) if (done(box[i]!)) box.splice(i, 1);
}

function row(a: AlertRecord): AlertRow {
  return { time: a.time, severity: a.severity, source: a.source, positionId: a.positionId, message: a.message };
}
