/**
 * Unfilled exits: an exit order (close, reduce, roll-close) still working `minutes` after it was first seen raises one
 * warning alert (kind `unfilled-exit`). Exchange time (the ticks'); an order is followed from its first order event
 * in this run (after a restart, from its next one).
 */
import type { KernelEvent } from '../../engine/kernel/index.ts';
import type { AlertRow } from '../../engine/store/index.ts';

export const UNFILLED_EXIT_MINUTES = 15;
const EXITS = new Set(['close', 'reduce', 'roll-close']);
const FINAL = new Set(['filled', 'cancelled', 'rejected', 'expired']);

type OrderEvent = Extract<KernelEvent, { type: 'order' }>['order'];

export function createUnfilledExits(raise: (a: AlertRow) => void, minutes = UNFILLED_EXIT_MINUTES) {
  const working = new Map<string, { since: number; order: OrderEvent; alerted: boolean }>();
  return {
    /** An order event at exchange time `time`. */
    order(o: OrderEvent, time: number): void {
      if (!EXITS.has(o.purpose)) return;
      if (FINAL.has(o.status)) working.delete(o.clientOrderId);
      else {
        const w = working.get(o.clientOrderId);
        if (w) w.order = o;
        else working.set(o.clientOrderId, { since: time, order: o, alerted: false });
      }
    },
    /** A tick at exchange time `time`: raises the exits working for `minutes` or more, once each. */
    tick(time: number): void {
      for (const w of working.values()) {
        if (w.alerted || time - w.since < minutes * 60_000) continue;
        w.alerted = true;
        const waited = Math.round((time - w.since) / 60_000);
        raise({ time, severity: 'warning', source: 'unfilled-exit', positionId: w.order.positionId, message: `${w.order.purpose} order ${w.order.clientOrderId} of ${w.order.positionId} is still unfilled after ${waited} min (${w.order.status})` });
      }
    },
  };
}
