/**
 * Broker events reach the position that owns the order (or, for settlements, every position holding the contract),
 * in the order received; order rows and fills are updated on the way. Events for orders nobody owns are alerts.
 */
import type { BrokerEvent, OrderStatus } from '../domain/index.ts';
import { sendToPosition } from './intents.ts';
import type { KernelState } from './state.ts';
import type { TickWork } from './tick-work.ts';
import { brokerCameBack } from './unsent-orders.ts';

const FINAL: ReadonlySet<OrderStatus> = new Set(['filled', 'cancelled', 'rejected', 'expired']);

export function routeBrokerEvents(k: KernelState, w: TickWork, events: readonly BrokerEvent[]): void {
  for (const ev of events) {
    if (ev.type === 'connection') {
      if (ev.status !== k.brokerStatus) {
        w.alert(ev.status === 'connected' ? 'info' : 'critical', 'broker', null, `broker ${ev.status}${ev.detail ? `: ${ev.detail}` : ''}`);
        // Back after being away: unsent orders are placed and waiting cancels/replaces made again (unsent-orders.ts).
        if (ev.status === 'connected') brokerCameBack(k);
        k.brokerStatus = ev.status;
      }
      continue;
    }
    if (ev.type === 'settlement') {
      const holders = k.book.live().filter((e) => e.actor.context().legs.some((l) => l.key === ev.key));
      if (holders.length === 0) w.alert('warning', 'broker', null, `settlement of ${ev.key} (${ev.outcome}) for a contract no position holds`);
      for (const e of holders) sendToPosition(k, w, e, { type: 'BROKER', event: ev });
      continue;
    }
    updateOrder(k, w, ev);
    const owner = k.book.orderOwner.get(ev.clientOrderId);
    const entry = owner ? k.book.get(owner) : undefined;
    if (!entry) {
      w.alert('warning', 'broker', null, `${ev.type} for order ${ev.clientOrderId}, which no open position owns`);
      continue;
    }
    sendToPosition(k, w, entry, { type: 'BROKER', event: ev });
  }
}

function updateOrder(k: KernelState, w: TickWork, ev: Exclude<BrokerEvent, { type: 'connection' } | { type: 'settlement' }>): void {
  const row = k.orders.get(ev.clientOrderId);
  if (!row) return;
  let status: OrderStatus = row.status;
  let detail: string | null = null;
  const next = { ...row, updatedAt: w.time };
  switch (ev.type) {
    case 'accepted':
      status = row.status === 'pending' ? 'accepted' : row.status;
      next.brokerOrderId = ev.brokerOrderId ?? row.brokerOrderId;
      break;
    case 'fill':
      if (w.fills.some((f) => f.fillId === ev.fillId)) return;
      w.fills.push({ fillId: ev.fillId, clientOrderId: ev.clientOrderId, positionId: row.positionId, quantity: ev.quantity, netPrice: ev.netPrice, legs: ev.legs, commissionCents: ev.commission, time: ev.time });
      next.filled = Math.max(row.filled, ev.filledTotal);
      status = ev.remaining > 0 ? 'partially-filled' : 'filled';
      detail = `${ev.quantity} @ ${ev.netPrice}`;
      k.log.info({ position: row.positionId, order: row.clientOrderId, fill: ev.fillId, quantity: ev.quantity, price: ev.netPrice, commissionCents: ev.commission }, 'fill');
      break;
    case 'cancelled':
      status = 'cancelled';
      detail = ev.reason ?? null;
      break;
    case 'rejected':
      status = 'rejected';
      detail = ev.reason;
      w.alert('warning', 'broker', row.positionId, `order ${row.clientOrderId} rejected: ${ev.reason}`);
      break;
    case 'expired':
      status = 'expired';
      break;
  }
  next.status = status;
  w.orders.set(row.clientOrderId, next);
  if (status !== row.status || detail) w.orderEvents.push({ clientOrderId: row.clientOrderId, status, time: w.time, detail });
  if (status !== row.status) w.events.push({ type: 'order', order: { clientOrderId: row.clientOrderId, positionId: row.positionId, purpose: row.purpose, status } });
  if (FINAL.has(status)) k.orders.delete(row.clientOrderId);
  else k.orders.set(row.clientOrderId, next);
}
