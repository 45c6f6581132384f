/**
 * Orders the broker did not take. A `place` that throws was not handed over (the Broker port's contract), so the
 * order is still only in the store, `pending`, and its position waits in `…submitting`:
 *
 * - a retryable failure (not connected, not reconciled yet, a request timeout, or an error without a code) keeps the
 *   order in `k.resend`; it is placed at the start of a later tick once the broker reports `connected` (which the IB
 *   broker does only after reconciling by orderRef, so an order IB already has is adopted and never sent twice);
 * - a non-retryable failure (IB has no such contract, a combo rule) ends the order as `rejected`, so the position
 *   closes `rejected` instead of waiting;
 * - a cancel of an order still unsent ends it `cancelled` without a broker call, and a replace just changes what
 *   will be sent (the order row already has the new limit).
 *
 * Those outcomes reach the position as broker events at the next tick. After a reconnect the cancels and replaces
 * the machines are waiting on are made again (resume-calls.ts), as after a restart. Recovery's re-sends (orders
 * written before a crash and never sent) go the same way.
 */
import type { BrokerEvent, OrderRequest } from '../domain/index.ts';
import { isTickwiseError, registry } from '../errors/index.ts';
import { queueAlerts } from './pending-alerts.ts';
import { resumeCalls } from './resume-calls.ts';
import type { KernelState } from './state.ts';
import type { BrokerCall } from './tick-work.ts';
import type { AlertRecord } from './types.ts';

interface UnsentState {
  /** Outcomes decided by the kernel for orders the broker never had, routed at the next tick. */
  events: BrokerEvent[];
  /** Orders whose failure has been alerted (one critical alert per order, not one per retry). */
  alerted: Set<string>;
  /** The broker came back after being away: remake the calls machines wait on. */
  resume: boolean;
}

const states = new WeakMap<KernelState, UnsentState>();

function state(k: KernelState): UnsentState {
  let s = states.get(k);
  if (!s) {
    s = { events: [], alerted: new Set(), resume: false };
    states.set(k, s);
  }
  return s;
}

/** Whether a failed broker call may succeed later: coded errors say so; an error without a code is retried. */
export function isRetryable(err: unknown): boolean {
  if (!isTickwiseError(err)) return true;
  const retry = registry[err.code]?.retry;
  return retry !== 'non-retryable' && retry !== 'fatal';
}

/** Called when the broker reports `connected` after another status. */
export function brokerCameBack(k: KernelState): void {
  state(k).resume = true;
}

/**
 * A broker call the broker must not see, because its order was never handed over: a cancel ends the order here, a
 * replace changes what will be sent. Returns true when the call was handled.
 */
export function interceptUnsent(k: KernelState, c: BrokerCall, time: number): boolean {
  if (c.type === 'place') return false;
  const i = k.resend.findIndex((o) => o.clientOrderId === c.clientOrderId);
  if (i < 0) return false;
  if (c.type === 'cancel') {
    k.resend.splice(i, 1);
    state(k).alerted.delete(c.clientOrderId);
    state(k).events.push({ type: 'cancelled', clientOrderId: c.clientOrderId, reason: 'cancelled before the broker took it (it was never sent)', time });
    k.log.warn({ order: c.clientOrderId }, 'unsent order cancelled without a broker call');
  }
  return true;
}

/** A place that threw: keep the order for a retry, or end it as rejected. Returns what the alert should add. */
export function placeFailed(k: KernelState, order: OrderRequest, err: unknown, time: number): { retry: boolean; alert: boolean } {
  const s = state(k);
  const first = !s.alerted.has(order.clientOrderId);
  s.alerted.add(order.clientOrderId);
  if (isRetryable(err)) {
    if (!k.resend.some((o) => o.clientOrderId === order.clientOrderId)) k.resend.push(order);
    return { retry: true, alert: first };
  }
  k.resend = k.resend.filter((o) => o.clientOrderId !== order.clientOrderId);
  s.alerted.delete(order.clientOrderId);
  const code = isTickwiseError(err) ? err.code : undefined;
  s.events.push({ type: 'rejected', clientOrderId: order.clientOrderId, reason: `the broker refused to take it: ${(err as Error).message}`, ...(code ? { code } : {}), time });
  return { retry: false, alert: true };
}

/**
 * At the start of a tick: the outcomes decided for unsent orders (to route with the broker's events), then, if the
 * broker reported `connected`, the unsent orders still wanted are placed (from their order row: a replace made while
 * unsent is included) and the calls machines wait on after a reconnect are made again.
 */
export async function retryUnsent(k: KernelState, time: number, makeCalls: (calls: BrokerCall[]) => Promise<void>): Promise<BrokerEvent[]> {
  const s = state(k);
  const events = s.events.splice(0);
  if (k.brokerStatus !== 'connected') return events;
  const alerts: AlertRecord[] = [];
  const queued = k.resend.splice(0);
  const calls: BrokerCall[] = [];
  for (const o of queued) {
    const order = stillWanted(k, o.clientOrderId);
    if (!order) {
      s.alerted.delete(o.clientOrderId);
      k.log.info({ order: o.clientOrderId }, 'unsent order no longer wanted by its position; dropped');
      continue;
    }
    calls.push({ type: 'place', order });
  }
  if (s.resume) {
    s.resume = false;
    try {
      calls.push(...resumeCalls(k, await k.broker.openOrders()));
    } catch (err) {
      s.resume = true;
      k.log.warn({ err }, 'open orders could not be read after the reconnect; the waiting calls are made later');
    }
  }
  if (calls.length === 0) return events;
  await makeCalls(calls);
  for (const c of calls) {
    if (c.type !== 'place' || k.resend.some((o) => o.clientOrderId === c.order.clientOrderId)) continue;
    if (s.events.some((e) => e.type === 'rejected' && e.clientOrderId === c.order.clientOrderId)) continue;
    s.alerted.delete(c.order.clientOrderId);
    alerts.push({ time, severity: 'info', source: 'broker', positionId: c.order.positionId, message: `order ${c.order.clientOrderId} handed to the broker on a retry` });
    k.log.warn({ order: c.order.clientOrderId }, 'unsent order placed on a retry');
  }
  queueAlerts(k, alerts, false);
  return [...events, ...s.events.splice(0)];
}

/** The order as it should be sent now, if its position still waits for it (pending, its working order). */
function stillWanted(k: KernelState, clientOrderId: string): OrderRequest | null {
  const row = k.orders.get(clientOrderId);
  const owner = k.book.orderOwner.get(clientOrderId);
  const entry = owner ? k.book.get(owner) : undefined;
  if (!row || row.status !== 'pending' || entry?.actor.context().workingOrder?.clientOrderId !== clientOrderId) return null;
  return {
    clientOrderId: row.clientOrderId, positionId: row.positionId, purpose: row.purpose as OrderRequest['purpose'], legs: row.legs,
    quantity: row.quantity, style: row.style as OrderRequest['style'], limitPrice: row.limitPrice,
    timeInForce: row.timeInForce as OrderRequest['timeInForce'], configVersion: row.configVersion,
  };
}
