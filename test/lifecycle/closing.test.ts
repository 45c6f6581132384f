import { describe, expect, it } from 'vitest';
import { K_LONG, K_SHORT, MARKS, POLICY, T0, broker, decision, fillOf, tick } from './fixtures.ts';
import { managedPosition } from './helpers.ts';

describe('closing', () => {
  it('closes on a rule decision with a debit limit at mid that reverses every held leg', () => {
    const actor = managedPosition();
    const r = actor.send(decision('close'));
    expect(r.from).toBe('managed');
    expect(r.to).toBe('closing.submitting');
    const place = r.intents[0];
    expect(place.type === 'place' && place.order).toMatchObject({ clientOrderId: 'p1-o2', purpose: 'close', quantity: 2, limitPrice: 1.05, style: 'limit', configVersion: 'v2' });
    if (place.type !== 'place') return;
    expect(place.order.legs.map((l) => [l.side, l.contract.strike, l.ratio])).toEqual([['buy', 450, 1], ['sell', 445, 1]]);
    expect(actor.context()).toMatchObject({ closeRule: 'rule-close', closeDecisionId: 'd-close' });
  });

  it('goes marketable after the maximum reprices when closing, whatever onTimeout says', () => {
    const actor = managedPosition();
    actor.send(decision('close'));
    actor.send(broker(actor, 'accepted'));
    const limits = [30, 60, 90].map((s) => actor.send(tick(s)).intents[0]);
    expect(limits.map((i) => i.type === 'replace' && i.limitPrice)).toEqual([1.1, 1.15, 1.2]);
    const r = actor.send(tick(120));
    expect(r).toEqual({ intents: [{ type: 'replace', clientOrderId: 'p1-o2', limitPrice: 5, style: 'marketable' }], from: 'closing.repricing', to: 'closing.marketable' });
    expect(POLICY.onTimeout).toBe('cancel');
  });

  it('tracks partial close fills and ends closed with the outcome, the rule and realised P&L', () => {
    const actor = managedPosition();
    actor.send(decision('close'));
    actor.send(fillOf(actor, 1, { commission: 130 }));
    expect(actor.state()).toBe('closing.submitting');
    expect(actor.context()).toMatchObject({ openQuantity: 1, workingOrder: { filled: 1 } });
    const r = actor.send(fillOf(actor, 1, { commission: 130 }));
    expect(r.to).toBe('closed');
    const c = actor.context();
    // opened for +18,000 − 260 commission, closed for −24,000 − 260 commission
    expect(c).toMatchObject({ outcome: 'closed-by-rule', closeRule: 'rule-close', realizedPnl: -6520, legs: [], openQuantity: 0, workingOrder: null });
    expect(c.lineage.cumulativePnl).toBe(-6520);
    expect(actor.phase()).toBe('closed');
  });

  it('replaces a working limit close with a marketable one when an escalating decision arrives', () => {
    const actor = managedPosition();
    actor.send(decision('close'));
    const r = actor.send(decision('close', { rule: 'catastrophe', decisionId: 'd-cat', orderStyle: 'marketable', escalation: true }));
    expect(r).toEqual({ intents: [{ type: 'replace', clientOrderId: 'p1-o2', limitPrice: 5, style: 'marketable' }], from: 'closing.submitting', to: 'closing.marketable' });
    expect(actor.context()).toMatchObject({ closeRule: 'catastrophe', closeDecisionId: 'd-cat' });
  });

  it('ignores a limit decision while closing', () => {
    const actor = managedPosition();
    actor.send(decision('close'));
    expect(actor.send(decision('close', { rule: 'other' })).intents).toEqual([]);
    expect(actor.context().closeRule).toBe('rule-close');
  });

  it('reduces a fraction of the units (rounded down, at least one) and returns to managed', () => {
    const actor = managedPosition({ quantity: 3 });
    const r = actor.send(decision('reduce', { fraction: 0.5 }));
    expect(r.to).toBe('closing.submitting');
    expect(r.intents[0].type === 'place' && r.intents[0].order).toMatchObject({ purpose: 'reduce', quantity: 1 });
    const done = actor.send(fillOf(actor, 1));
    expect(done.to).toBe('managed');
    expect(actor.context()).toMatchObject({ openQuantity: 2, workingOrder: null, closeRule: null, outcome: null });
    expect(actor.context().legs.map((l) => l.quantity)).toEqual([-2, 2]);
  });

  it('reduces at least one unit when the fraction rounds to zero', () => {
    const actor = managedPosition({ quantity: 1 });
    const r = actor.send(decision('reduce', { fraction: 0.25 }));
    expect(r.intents[0].type === 'place' && r.intents[0].order.quantity).toBe(1);
    expect(actor.send(fillOf(actor, 1)).to).toBe('closed');
  });

  it('returns to managed with a warning when the broker rejects the close', () => {
    const actor = managedPosition();
    actor.send(decision('close'));
    const r = actor.send(broker(actor, 'rejected', 'no liquidity'));
    expect(r.to).toBe('managed');
    expect(r.intents[0]).toMatchObject({ type: 'alert', severity: 'warning' });
    expect(actor.context()).toMatchObject({ openQuantity: 2, workingOrder: null, closeOutcome: null });
  });

  it('closes manually with a limit order and outcome manual', () => {
    const actor = managedPosition();
    const r = actor.send({ type: 'MANUAL', action: 'close', configVersion: 'v1' });
    expect(r.intents[0].type === 'place' && r.intents[0].order.style).toBe('limit');
    actor.send(fillOf(actor, 2));
    expect(actor.context()).toMatchObject({ outcome: 'manual', closeRule: 'manual' });
  });

  it('prices the close from the latest tick when the market has moved', () => {
    const actor = managedPosition();
    actor.send(tick(10, { ...MARKS, [K_SHORT]: { bid: 1.0, ask: 1.2 }, [K_LONG]: { bid: 0.4, ask: 0.5 } }));
    const r = actor.send(decision('close'));
    expect(r.intents[0].type === 'place' && r.intents[0].order.limitPrice).toBe(0.65);
    expect(actor.context().workingOrder?.placedAt).toBe(T0 + 10_000);
  });

  it('settles expiring legs and closes expired when nothing is held', () => {
    const actor = managedPosition();
    const settle = (key: string, quantity: number) => ({ type: 'BROKER' as const, event: { type: 'settlement' as const, key, quantity, outcome: 'expired-worthless' as const, amount: 0, time: T0 + 1e9 } });
    expect(actor.send(settle(K_LONG, 2)).to).toBe('managed');
    expect(actor.context().legs.map((l) => l.key)).toEqual([K_SHORT]);
    const r = actor.send(settle(K_SHORT, -2));
    expect(r.to).toBe('closed');
    expect(actor.context()).toMatchObject({ outcome: 'expired', realizedPnl: 17740, closedAt: T0 + 1e9 });
  });

  it('closes settled, with a critical alert, when a short leg is assigned', () => {
    const actor = managedPosition({ quantity: 1 });
    actor.send({ type: 'BROKER', event: { type: 'settlement', key: K_LONG, quantity: 1, outcome: 'exercised', amount: 0, shares: -100, time: T0 } });
    const r = actor.send({ type: 'BROKER', event: { type: 'settlement', key: K_SHORT, quantity: -1, outcome: 'assigned', amount: 0, shares: 100, time: T0 } });
    expect(r.to).toBe('closed');
    expect(r.intents[0]).toMatchObject({ type: 'alert', severity: 'critical' });
    expect(actor.context().outcome).toBe('settled');
  });

  it('applies a late fill for an earlier order to the legs held, with a warning', () => {
    const actor = managedPosition({ quantity: 3 });
    actor.send(decision('close'));
    const late = fillOf(actor, 1, { fillId: 'late' });
    actor.send(broker(actor, 'cancelled'));
    expect(actor.state()).toBe('managed');
    const r = actor.send(late);
    expect(r.intents[0]).toMatchObject({ type: 'alert', severity: 'warning' });
    expect(actor.context().openQuantity).toBe(2);
  });
});
