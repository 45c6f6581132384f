/**
 * After the tick is committed: hand the broker the orders, cancels and replaces the tick decided, in order. A call the
 * broker could not take becomes a critical alert, stored at once (pending-alerts.ts); a place that could not be
 * handed over is kept for a retry or ended as rejected (unsent-orders.ts), so its position never waits for nothing.
 */
import { flushAlerts, queueAlerts } from './pending-alerts.ts';
import type { KernelState } from './state.ts';
import type { BrokerCall } from './tick-work.ts';
import type { AlertRecord } from './types.ts';
import { interceptUnsent, placeFailed } from './unsent-orders.ts';

/**
 * Makes the calls and returns the problems as alerts (the caller publishes them). The alerts are queued for the store
 * and written before this resolves when no tick is open; `published` tells the outbox whether the caller publishes them.
 */
export async function makeBrokerCalls(k: KernelState, calls: readonly BrokerCall[], time: number, published = true): Promise<AlertRecord[]> {
  const problems: AlertRecord[] = [];
  for (const c of calls) {
    if (interceptUnsent(k, c, time)) continue;
    try {
      if (c.type === 'place') await k.broker.place(c.order);
      else if (c.type === 'cancel') await k.broker.cancel(c.clientOrderId);
      else await k.broker.replace(c.clientOrderId, { limitPrice: c.limitPrice, style: c.style });
    } catch (e) {
      const id = c.type === 'place' ? c.order.clientOrderId : c.clientOrderId;
      k.log.error({ order: id, call: c.type, err: e }, 'broker call failed');
      let next = '';
      if (c.type === 'place') {
        const { retry, alert } = placeFailed(k, c.order, e, time);
        if (!alert) continue; // already alerted: a retry that failed the same way
        next = retry ? '; it is placed once the broker is connected and reconciled' : '; the order ends rejected';
      }
      const positionId = c.type === 'place' ? c.order.positionId : (k.orders.get(id)?.positionId ?? null);
      problems.push({ time, severity: 'critical', source: 'broker', positionId, message: `broker ${c.type} of ${id} failed: ${(e as Error).message}${next}` });
    }
  }
  if (problems.length) {
    queueAlerts(k, problems, published);
    await flushAlerts(k);
  }
  return problems;
}
