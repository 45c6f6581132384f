import { describe, expect, it } from 'vitest';
import { chainCreditOf, openPosition } from '../../engine/lifecycle/index.ts';
import { MARKS, POLICY, T0, broker, fillOf, input, tick } from './fixtures.ts';

describe('entry', () => {
  it('opens a credit spread with a place intent at a negative (credit) mid limit', () => {
    const { actor, intents } = openPosition(input(), T0, MARKS);
    expect(actor.state()).toBe('entry.submitting');
    expect(intents).toHaveLength(1);
    const place = intents[0];
    expect(place.type).toBe('place');
    if (place.type !== 'place') return;
    expect(place.order).toMatchObject({ clientOrderId: 'p1-o1', positionId: 'p1', purpose: 'open', quantity: 2, style: 'limit', limitPrice: -1.05, configVersion: 'v1' });
    expect(place.order.legs.map((l) => l.side)).toEqual(['sell', 'buy']);
    expect(actor.context().workingOrder?.deadline).toBe(T0 + 4 * 30_000);
  });

  it('starts at natural when the policy says so', () => {
    const { intents } = openPosition(input({ execution: { ...POLICY, startPrice: 'natural' } }), T0, MARKS);
    expect(intents[0].type === 'place' && intents[0].order.limitPrice).toBe(-0.9);
  });

  it('refuses to open without quotes for every leg', () => {
    expect(() => openPosition(input(), T0, {})).toThrow(/no usable bid\/ask/);
  });

  it('refuses a quantity that is not a whole number of units', () => {
    expect(() => openPosition(input({ quantity: 0 }), T0, MARKS)).toThrow(/quantity/);
  });

  it('goes to working when the broker accepts the order', () => {
    const { actor } = openPosition(input(), T0, MARKS);
    expect(actor.send(broker(actor, 'accepted'))).toEqual({ intents: [], from: 'entry.submitting', to: 'entry.working' });
  });

  it('does not reprice before the interval has passed', () => {
    const { actor } = openPosition(input(), T0, MARKS);
    actor.send(broker(actor, 'accepted'));
    expect(actor.send(tick(29)).intents).toEqual([]);
    expect(actor.state()).toBe('entry.working');
  });

  it('reprices on ticks after the interval, one step toward natural each time, never beyond natural', () => {
    const { actor } = openPosition(input(), T0, MARKS);
    actor.send(broker(actor, 'accepted'));
    const prices = [30, 60, 90].map((s) => {
      const r = actor.send(tick(s));
      expect(r.to).toBe('entry.repricing');
      return r.intents[0].type === 'replace' ? r.intents[0].limitPrice : null;
    });
    expect(prices).toEqual([-1.0, -0.95, -0.9]);
    const wide = openPosition(input({ id: 'p2', execution: { ...POLICY, repriceStep: 0.5 } }), T0, MARKS).actor;
    const r = wide.send(tick(30));
    expect(r.intents[0]).toEqual({ type: 'replace', clientOrderId: 'p2-o1', limitPrice: -0.9, style: 'limit' });
  });

  it('cancels at the deadline when onTimeout is cancel, and closes as not-filled when the cancel is confirmed', () => {
    const { actor } = openPosition(input(), T0, MARKS);
    for (const s of [30, 60, 90]) actor.send(tick(s));
    const r = actor.send(tick(120));
    expect(r).toEqual({ intents: [{ type: 'cancel', clientOrderId: 'p1-o1' }], from: 'entry.repricing', to: 'entry.cancelling' });
    const done = actor.send(broker(actor, 'cancelled'));
    expect(done.to).toBe('closed');
    expect(done.intents[0]).toMatchObject({ type: 'alert', severity: 'info' });
    expect(actor.context()).toMatchObject({ outcome: 'not-filled', realizedPnl: 0, closedAt: T0 + 120_000 });
  });

  it('goes marketable at the deadline when onTimeout is marketable', () => {
    const { actor } = openPosition(input({ execution: { ...POLICY, maxReprices: 0, onTimeout: 'marketable' } }), T0, MARKS);
    const r = actor.send(tick(30));
    expect(r).toEqual({ intents: [{ type: 'replace', clientOrderId: 'p1-o1', limitPrice: 0, style: 'marketable' }], from: 'entry.submitting', to: 'entry.marketable' });
    expect(actor.send(tick(600)).intents).toEqual([]);
  });

  it('tracks partial fills, and after a timeout cancels the rest and manages what filled', () => {
    const { actor } = openPosition(input({ quantity: 3 }), T0, MARKS);
    actor.send(fillOf(actor, 1));
    expect(actor.state()).toBe('entry.submitting');
    expect(actor.context().workingOrder?.filled).toBe(1);
    for (const s of [30, 60, 90]) actor.send(tick(s));
    expect(actor.send(tick(120)).to).toBe('entry.cancelling');
    const r = actor.send(broker(actor, 'cancelled'));
    expect(r.to).toBe('managed');
    expect(r.intents[0]).toMatchObject({ type: 'alert', severity: 'warning' });
    expect(actor.context()).toMatchObject({ openQuantity: 1, targetQuantity: 3, workingOrder: null });
  });

  it('ignores a duplicate fill report', () => {
    const { actor } = openPosition(input({ quantity: 3 }), T0, MARKS);
    const fill = fillOf(actor, 1, { fillId: 'dup' });
    actor.send(fill);
    const again = actor.send(fill);
    expect(again).toEqual({ intents: [], from: 'entry.submitting', to: 'entry.submitting' });
    expect(actor.context().openQuantity).toBe(1);
    expect(actor.context().seenFillIds).toEqual(['dup']);
  });

  it('books the credit, the commission and the held legs on a full fill', () => {
    const { actor } = openPosition(input(), T0, MARKS);
    const r = actor.send(fillOf(actor, 2, { commission: 260 }));
    expect(r.to).toBe('managed');
    const c = actor.context();
    expect(c.legs.map((l) => [l.key, l.quantity, l.avgPrice])).toEqual([['SPY:2026-04-17:P:450', -2, 2], ['SPY:2026-04-17:P:445', 2, 1.1]]);
    expect(c).toMatchObject({ openQuantity: 2, creditCents: 18000, commission: 260, cashFlow: 17740, entryNetPrice: -0.9 });
    expect(c.lineage).toMatchObject({ rootId: 'p1', rollCount: 0, cumulativeCredit: 0 });
    expect(chainCreditOf(c)).toBe(18000);
  });

  it('closes as rejected with an alert when the broker rejects the entry', () => {
    const { actor } = openPosition(input(), T0, MARKS);
    const r = actor.send(broker(actor, 'rejected', 'insufficient margin'));
    expect(r.to).toBe('closed');
    expect(r.intents).toEqual([{ type: 'alert', severity: 'warning', message: 'p1: entry order rejected: insufficient margin; position closed' }]);
    expect(actor.context().outcome).toBe('rejected');
  });

  it('cancels a working entry on halt (CANCEL_ENTRY) and closes not-filled', () => {
    const { actor } = openPosition(input(), T0, MARKS);
    actor.send(broker(actor, 'accepted'));
    const r = actor.send({ type: 'CANCEL_ENTRY', reason: 'trading state HALTED' });
    expect(r).toEqual({ intents: [{ type: 'cancel', clientOrderId: 'p1-o1' }], from: 'entry.working', to: 'entry.cancelling' });
    expect(actor.context().cancelReason).toBe('trading state HALTED');
    expect(actor.send(broker(actor, 'cancelled')).to).toBe('closed');
    expect(actor.context().outcome).toBe('not-filled');
  });

  it('ignores events for other orders and decisions it cannot act on', () => {
    const { actor } = openPosition(input(), T0, MARKS);
    const other = { type: 'BROKER' as const, event: { type: 'accepted' as const, clientOrderId: 'p9-o1', time: T0 } };
    expect(actor.send(other)).toEqual({ intents: [], from: 'entry.submitting', to: 'entry.submitting' });
    const d = actor.send({ type: 'DECISION', decisionId: 'd', rule: 'r', action: 'close', orderStyle: 'limit', configVersion: 'v1' });
    expect(d).toEqual({ intents: [], from: 'entry.submitting', to: 'entry.submitting' });
  });
});
