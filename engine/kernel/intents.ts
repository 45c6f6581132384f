/**
 * What a position machine returns goes through here: intents become order rows (written before any broker sees
 * them) and broker calls (made after the commit); alerts become alert rows; transitions are recorded.
 */
import type { PositionEvent, Intent } from '../lifecycle/index.ts';
import type { OrderRow } from '../store/index.ts';
import type { BookEntry } from './book.ts';
import type { KernelState } from './state.ts';
import type { TickWork } from './tick-work.ts';

export interface SendResult {
  changed: boolean;
  intents: Intent[];
}

/** Sends one event to a position's actor and records everything that follows from it. */
export function sendToPosition(k: KernelState, w: TickWork, e: BookEntry, event: PositionEvent, decisionId: string | null = null): SendResult {
  const wasClosed = e.actor.phase() === 'closed';
  // An expired order and the re-send of an exit at the open are transitions of the decision they serve.
  const expiry = event.type === 'BROKER' && event.event.type === 'expired';
  const servedBefore = expiry ? servedDecision(e) : null;
  const { intents, from, to } = e.actor.send(event);
  if (decisionId === null) decisionId = expiry ? servedBefore : from === 'closing.awaitingOpen' ? servedDecision(e) : null;
  const changed = from !== to || intents.length > 0;
  if (changed || event.type !== 'TICK') e.dirty = true;
  if (from !== to) {
    const transition = { positionId: e.actor.id, from, to, event: eventName(event), decisionId, tickTime: w.time, configVersion: configVersionOf(k, e) };
    w.transitions.push(transition);
    w.events.push({ type: 'transition', transition });
    k.log.info({ position: e.actor.id, from, to, event: transition.event, decision: decisionId }, 'transition');
  }
  handleIntents(k, w, e, intents);
  if (!wasClosed && e.actor.phase() === 'closed') onClosed(k, w, e);
  return { changed, intents };
}

function servedDecision(e: BookEntry): string | null {
  const c = e.actor.context();
  return c.closeDecisionId ?? c.pendingRoll?.decisionId ?? null;
}

function eventName(event: PositionEvent): string {
  if (event.type === 'BROKER') return `BROKER.${event.event.type}`;
  if (event.type === 'DECISION') return `DECISION.${event.action}:${event.rule}`;
  if (event.type === 'MANUAL') return `MANUAL.${event.action}`;
  return event.type;
}

function configVersionOf(k: KernelState, e: BookEntry): string {
  return e.pinnedVersion ?? k.current.config.version;
}

export function handleIntents(k: KernelState, w: TickWork, e: BookEntry, intents: readonly Intent[]): void {
  for (const i of intents) {
    switch (i.type) {
      case 'alert':
        w.alert(i.severity, 'position', e.actor.id, i.message);
        break;
      case 'place': {
        const o = i.order;
        const row: OrderRow = {
          clientOrderId: o.clientOrderId, positionId: o.positionId, purpose: o.purpose, legs: o.legs, quantity: o.quantity,
          style: o.style, limitPrice: o.limitPrice, timeInForce: o.timeInForce, status: 'pending', brokerOrderId: null,
          filled: 0, configVersion: o.configVersion, createdAt: w.time, updatedAt: w.time,
        };
        k.orders.set(row.clientOrderId, row);
        k.book.orderOwner.set(row.clientOrderId, e.actor.id);
        w.orders.set(row.clientOrderId, row);
        w.orderEvents.push({ clientOrderId: row.clientOrderId, status: 'pending', time: w.time, detail: `${o.purpose} ${o.style} ${o.limitPrice ?? 'market'}` });
        w.calls.push({ type: 'place', order: o });
        w.events.push({ type: 'order', order: { clientOrderId: row.clientOrderId, positionId: row.positionId, purpose: row.purpose, status: 'pending' } });
        k.log.info({ position: e.actor.id, order: o.clientOrderId, purpose: o.purpose, style: o.style, limit: o.limitPrice, quantity: o.quantity }, 'order');
        break;
      }
      case 'replace': {
        const row = k.orders.get(i.clientOrderId);
        if (row) {
          const updated = { ...row, limitPrice: i.limitPrice, style: i.style, updatedAt: w.time };
          k.orders.set(row.clientOrderId, updated);
          w.orders.set(row.clientOrderId, updated);
        }
        w.calls.push({ type: 'replace', clientOrderId: i.clientOrderId, limitPrice: i.limitPrice, style: i.style });
        k.log.info({ position: e.actor.id, order: i.clientOrderId, limit: i.limitPrice, style: i.style }, 'order replace');
        break;
      }
      case 'cancel':
        w.calls.push({ type: 'cancel', clientOrderId: i.clientOrderId });
        k.log.info({ position: e.actor.id, order: i.clientOrderId }, 'order cancel');
        break;
    }
  }
}

function onClosed(k: KernelState, w: TickWork, e: BookEntry): void {
  const c = e.actor.context();
  w.closed += 1;
  const pnl = c.realizedPnl ?? 0;
  // Positions that never opened (not filled, rejected) do not count toward the losing streak.
  if (c.outcome !== 'not-filled' && c.outcome !== 'rejected') {
    if (pnl < 0) k.consecutiveLosses += 1;
    else if (pnl > 0) k.consecutiveLosses = 0;
  }
  k.log.info({ position: e.actor.id, outcome: c.outcome, rule: c.closeRule, realizedPnlCents: pnl }, 'position closed');
}
