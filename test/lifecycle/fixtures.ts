import { contractKey } from '../../engine/domain/index.ts';
import type { BrokerEvent, OptionContract } from '../../engine/domain/index.ts';
import type { ExecutionPolicy, LegMarks, PlannedLeg, PositionActor, PositionEvent, PositionInput } from '../../engine/lifecycle/index.ts';

export const T0 = Date.parse('2026-03-02T15:00:00Z');
export const SEC = 1000;

export function put(strike: number, expiry = '2026-04-17'): OptionContract {
  return { underlying: 'SPY', expiry, right: 'put', strike, multiplier: 100, settlement: 'physical' };
}

export const SHORT = put(450);
export const LONG = put(445);
export const K_SHORT = contractKey(SHORT);
export const K_LONG = contractKey(LONG);
export const ROLL_SHORT = put(440, '2026-05-15');
export const ROLL_LONG = put(435, '2026-05-15');

/** A put credit spread: sell 450, buy 445. */
export const SPREAD: PlannedLeg[] = [
  { contract: SHORT, side: 'sell', ratio: 1 },
  { contract: LONG, side: 'buy', ratio: 1 },
];
export const ROLLED: PlannedLeg[] = [
  { contract: ROLL_SHORT, side: 'sell', ratio: 1 },
  { contract: ROLL_LONG, side: 'buy', ratio: 1 },
];

export const POLICY: ExecutionPolicy = { startPrice: 'mid', repriceStep: 0.05, repriceIntervalSeconds: 30, maxReprices: 3, onTimeout: 'cancel' };

/** Short 450 put 2.00/2.20, long 445 put 1.00/1.10: mid −1.05, natural −0.90 to open; roll legs likewise. */
export const MARKS: LegMarks = {
  [K_SHORT]: { bid: 2.0, ask: 2.2 },
  [K_LONG]: { bid: 1.0, ask: 1.1 },
  [contractKey(ROLL_SHORT)]: { bid: 3.0, ask: 3.2 },
  [contractKey(ROLL_LONG)]: { bid: 1.5, ask: 1.6 },
};

export function input(over: Partial<PositionInput> = {}): PositionInput {
  return {
    id: 'p1', strategy: 'spy-put-spread', structure: 'put-credit-spread', underlying: 'SPY', configVersion: 'v1',
    legs: SPREAD, quantity: 2, execution: POLICY, openedAt: T0, ivAtEntry: 0.18, ...over,
  };
}

export const tick = (seconds: number, marks: LegMarks = MARKS): PositionEvent => ({ type: 'TICK', now: T0 + seconds * SEC, marks });

let fillSeq = 0;
/** A fill of `quantity` units of the actor's working order at `netPrice`, legs priced so the net matches. */
export function fillOf(actor: PositionActor, quantity: number, opts: { fillId?: string; commission?: number } = {}): PositionEvent {
  const o = actor.context().workingOrder;
  if (!o) throw new Error('no working order');
  const legs = o.legs.map((l) => {
    const m = MARKS[contractKey(l.contract)];
    return { key: contractKey(l.contract), side: l.side, quantity: l.ratio * quantity, price: l.side === 'buy' ? m.ask : m.bid };
  });
  const netPrice = Math.round(legs.reduce((s, l) => s + (l.side === 'buy' ? l.price : -l.price), 0) * 100) / 100;
  const filledTotal = o.filled + quantity;
  const event: BrokerEvent = {
    type: 'fill', clientOrderId: o.clientOrderId, fillId: opts.fillId ?? `f${++fillSeq}`, quantity, netPrice, legs,
    commission: opts.commission ?? 130 * quantity, filledTotal, remaining: o.quantity - filledTotal, time: T0,
  };
  return { type: 'BROKER', event };
}

export function broker(actor: PositionActor, type: 'accepted' | 'cancelled' | 'expired' | 'rejected', reason = 'test'): PositionEvent {
  const id = actor.context().workingOrder?.clientOrderId ?? 'none';
  if (type === 'rejected') return { type: 'BROKER', event: { type, clientOrderId: id, reason, time: T0 } };
  if (type === 'cancelled') return { type: 'BROKER', event: { type, clientOrderId: id, reason, time: T0 } };
  return { type: 'BROKER', event: { type, clientOrderId: id, time: T0 } };
}

export const decision = (action: 'close' | 'roll' | 'reduce', over: Partial<Extract<PositionEvent, { type: 'DECISION' }>> = {}): PositionEvent => ({
  type: 'DECISION', decisionId: `d-${action}`, rule: `rule-${action}`, action, orderStyle: 'limit', configVersion: 'v2',
  ...(action === 'roll' ? { newLegs: ROLLED } : {}), ...(action === 'reduce' ? { fraction: 0.5 } : {}), ...over,
});
