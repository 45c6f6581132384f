import { getAdjacencyMap } from '@xstate/graph';
import type { AnyMachineSnapshot } from 'xstate';
import { contractKey, exchangeTime, fromExchangeTime } from '../../engine/domain/index.ts';
import type { BrokerEvent } from '../../engine/domain/index.ts';
import { dottedState, openPosition, positionMachine } from '../../engine/lifecycle/index.ts';
import type { PositionContext } from '../../engine/lifecycle/index.ts';
import { MARKS, POLICY, ROLLED, T0, input } from './fixtures.ts';

/**
 * The model for graph traversal: events generated from each snapshot (so they target its working order), states
 * serialised without counters or times so the state space stays finite.
 */
type Ev = Record<string, unknown> & { type: string };

export const MODEL_POLICY = { ...POLICY, maxReprices: 2 };

export function initialContext(onTimeout: 'cancel' | 'marketable'): PositionContext {
  const { actor } = openPosition(input({ execution: { ...MODEL_POLICY, onTimeout } }), T0, MARKS);
  return structuredClone(actor.context()) as PositionContext;
}

function brokerEv(event: BrokerEvent, ctx: PositionContext): Ev {
  return { type: 'BROKER', event, marks: MARKS, now: ctx.lastEventAt };
}

/** 16:00 New York of the day of `t` (the fixtures trade on full days). */
export function closeOf(t: number): number {
  return Math.max(t, fromExchangeTime(exchangeTime(t).date, 960));
}

export function eventsFor(snapshot: AnyMachineSnapshot): Ev[] {
  const ctx = snapshot.context as PositionContext;
  const now = ctx.lastEventAt;
  const out: Ev[] = [];
  const o = ctx.workingOrder;
  const tickAt = (t: number) => out.push({ type: 'TICK', now: t, marks: MARKS });
  if (o) {
    tickAt(o.nextRepriceAt);
    tickAt(o.deadline);
    const id = o.clientOrderId;
    const fill = (quantity: number, fillId: string): BrokerEvent => ({
      type: 'fill', clientOrderId: id, fillId, quantity, netPrice: 0, commission: 100 * quantity,
      legs: o.legs.map((l) => ({ key: contractKey(l.contract), side: l.side, quantity: l.ratio * quantity, price: 1 })),
      filledTotal: o.filled + quantity, remaining: o.quantity - o.filled - quantity, time: now,
    });
    const remaining = o.quantity - o.filled;
    if (remaining > 1) out.push(brokerEv(fill(1, `${id}-f${o.filled + 1}`), ctx));
    if (remaining > 0) out.push(brokerEv(fill(remaining, `${id}-all`), ctx));
    const last = ctx.seenFillIds[ctx.seenFillIds.length - 1];
    if (last && last.startsWith(id)) out.push(brokerEv(fill(1, last), ctx)); // a repeated report
    out.push(brokerEv({ type: 'accepted', clientOrderId: id, time: now }, ctx));
    out.push(brokerEv({ type: 'cancelled', clientOrderId: id, time: now }, ctx));
    out.push(brokerEv({ type: 'rejected', clientOrderId: id, reason: 'model', time: now }, ctx));
    // expiries: reported while a session is open (as the paper broker does, at the next open) and at the close
    out.push(brokerEv({ type: 'expired', clientOrderId: id, time: now }, ctx));
    out.push(brokerEv({ type: 'expired', clientOrderId: id, time: closeOf(now) }, ctx));
    // a broker that ends a day order unasked at the close (IB reports it `cancelled`)
    out.push(brokerEv({ type: 'cancelled', clientOrderId: id, reason: 'day order ended', time: closeOf(now) }, ctx));
  } else {
    tickAt(now + 1000);
    if (ctx.exitResend) tickAt(ctx.exitResend.at);
  }
  const managed = snapshot.value === 'managed';
  if (managed && ctx.orderSeq > 1 && ctx.openQuantity < 3) {
    const first = `${ctx.id}-o1`;
    out.push(brokerEv({ type: 'fill', clientOrderId: first, fillId: `stray-${ctx.orderSeq}`, quantity: 1, netPrice: 0, commission: 0, legs: ctx.legs.map((l) => ({ key: l.key, side: l.quantity < 0 ? 'sell' : 'buy', quantity: Math.abs(l.quantity) / ctx.openQuantity, price: 1 })), filledTotal: 1, remaining: 0, time: now }, ctx));
  }
  if (managed && ctx.orderSeq > 1) {
    // a late fill of an earlier exit order that closes everything held
    out.push(brokerEv({ type: 'fill', clientOrderId: `${ctx.id}-o1`, fillId: `late-close-${ctx.orderSeq}`, quantity: ctx.openQuantity, netPrice: 0, commission: 0, legs: ctx.legs.map((l) => ({ key: l.key, side: l.quantity < 0 ? 'buy' : 'sell', quantity: Math.abs(l.quantity), price: 1 })), filledTotal: 1, remaining: 0, time: now }, ctx));
  }
  if (managed) for (const l of ctx.legs) out.push(brokerEv({ type: 'settlement', key: l.key, quantity: l.quantity, outcome: 'expired-worthless', amount: 0, time: now }, ctx));
  const d = { marks: MARKS, now, configVersion: 'v2' };
  out.push({ type: 'DECISION', decisionId: 'dc', rule: 'close-rule', action: 'close', orderStyle: 'limit', ...d });
  out.push({ type: 'DECISION', decisionId: 'dx', rule: 'catastrophe', action: 'close', orderStyle: 'marketable', escalation: true, ...d });
  out.push({ type: 'DECISION', decisionId: 'dr', rule: 'reduce-rule', action: 'reduce', orderStyle: 'limit', fraction: 0.5, ...d });
  out.push({ type: 'DECISION', decisionId: 'dl', rule: 'roll-rule', action: 'roll', orderStyle: 'limit', newLegs: ROLLED, ...d });
  out.push({ type: 'DECISION', decisionId: 'dm', rule: 'roll-rule', action: 'roll', orderStyle: 'marketable', newLegs: ROLLED, ...d });
  out.push({ type: 'MANUAL', action: 'close', ...d });
  out.push({ type: 'MANUAL', action: 'roll', newLegs: ROLLED, ...d });
  out.push({ type: 'CANCEL_ENTRY', reason: 'halt', marks: MARKS, now });
  out.push({ type: 'KILL', flatten: false, marks: MARKS, now });
  out.push({ type: 'KILL', flatten: true, marks: MARKS, now });
  return out;
}

export function serializeState(snapshot: AnyMachineSnapshot): string {
  const c = snapshot.context as PositionContext;
  const o = c.workingOrder;
  return JSON.stringify([
    dottedState(snapshot.value), c.openQuantity, c.legs.length, o?.purpose, o?.filled, o?.style, o?.reprices,
    !!c.pendingRoll, c.kill?.flatten ?? null, c.outcome, c.orderSeq > 1,
    o?.resendCount ?? 0, c.exitResend?.style ?? null, c.exitResend?.purpose ?? null, c.closeOutcome,
  ]);
}

export function exploreModel(onTimeout: 'cancel' | 'marketable') {
  return getAdjacencyMap(positionMachine as never, {
    input: initialContext(onTimeout),
    events: eventsFor as never,
    serializeState: serializeState as never,
    serializeEvent: (e: unknown) => JSON.stringify(e),
    limit: 200_000,
  }) as unknown as Record<string, { state: AnyMachineSnapshot; transitions: Record<string, { event: Ev; state: AnyMachineSnapshot }> }>;
}

/** The machine transitions one event takes from a snapshot (XState's own selection: guards, document order). */
export function firedTransitions(state: AnyMachineSnapshot, event: Ev): string[] {
  const taken = (positionMachine as any).getTransitionData(state, event) as any[];
  return taken.map((t) => `${t.source.id}|${t.eventType}|${t.source.transitions.get(t.eventType).indexOf(t)}`);
}

/** Every transition the machine defines, with the same identity `firedTransitions` reports. */
export function allTransitions(): string[] {
  const out: string[] = [];
  const walk = (node: any) => {
    for (const [eventType, list] of node.transitions as Map<string, unknown[]>) list.forEach((_, i) => out.push(`${node.id}|${eventType}|${i}`));
    for (const child of Object.values(node.states ?? {})) walk(child);
  };
  walk(positionMachine.root);
  return out;
}
