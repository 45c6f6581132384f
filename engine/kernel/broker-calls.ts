/**
 * After the tick is committed: hand the broker the orders, cancels and replaces the tick decided, in order. A call the
 * broker could not take becomes an alert; the order stays `pending` in the store and is reconciled on the next start.
 */
import type { KernelState } from './state.ts';
import type { BrokerCall } from './tick-work.ts';
import type { AlertRecord } from './types.ts';

export async function makeBrokerCalls(k: KernelState, calls: readonly BrokerCall[], time: number): Promise<AlertRecord[]> {
  const problems: AlertRecord[] = [];
  for (const c of calls) {
    try {
      if (c.type === 'place') await k.broker.place(c.order);
      else if (c.type === 'cancel') await k.broker.cancel(c.clientOrderId);
      else await k.broker.replace(c.clientOrderId, { limitPrice: c.limitPrice, style: c.style });
    } catch (e) {
      const id = c.type === 'place' ? c.order.clientOrderId : c.clientOrderId;
      const message = `broker ${c.type} of ${id} failed: ${(e as Error).message}`;
      k.log.error({ order: id, call: c.type, err: e }, 'broker call failed');
      problems.push({ time, severity: 'critical', source: 'broker', positionId: c.type === 'place' ? c.order.positionId : null, message });
    }
  }
  return problems;
}
