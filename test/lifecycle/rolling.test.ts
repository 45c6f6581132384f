import { describe, expect, it } from 'vitest';
import { chainCreditOf, openPosition } from '../../engine/lifecycle/index.ts';
import { MARKS, ROLLED, T0, broker, decision, fillOf, input, tick } from './fixtures.ts';
import { managedPosition } from './helpers.ts';

describe('rolling', () => {
  it('closes the old legs, then opens the new ones, and keeps the lineage', () => {
    const actor = managedPosition();
    const start = actor.send(decision('roll'));
    expect(start.to).toBe('rolling.closeOld.submitting');
    expect(start.intents[0].type === 'place' && start.intents[0].order).toMatchObject({ clientOrderId: 'p1-o2', purpose: 'roll-close', quantity: 2, limitPrice: 1.05 });
    expect(actor.context().pendingRoll).toMatchObject({ legs: ROLLED, quantity: 2, rule: 'rule-roll' });

    const closed = actor.send(fillOf(actor, 2, { commission: 260 }));
    expect(closed.to).toBe('rolling.openNew.submitting');
    expect(closed.intents).toHaveLength(1);
    const open = closed.intents[0];
    expect(open.type === 'place' && open.order).toMatchObject({ clientOrderId: 'p1-o3', purpose: 'roll-open', quantity: 2, limitPrice: -1.55, configVersion: 'v2' });
    expect(actor.context()).toMatchObject({ legs: [], rolledPnl: -6520, cashFlow: 0, pendingRoll: null });

    const opened = actor.send(fillOf(actor, 2, { commission: 260 }));
    expect(opened.to).toBe('managed');
    const c = actor.context();
    expect(c.legs.map((l) => [l.contract.strike, l.quantity])).toEqual([[440, -2], [435, 2]]);
    expect(c).toMatchObject({ structureLegs: ROLLED, creditCents: 28000, cashFlow: 27740, entryNetPrice: -1.4, openQuantity: 2 });
    expect(c.lineage).toEqual({ rootId: 'p1', parentId: null, rollCount: 1, cumulativePnl: -6520, cumulativeCredit: 18000 });
    expect(chainCreditOf(c)).toBe(46000);
  });

  it('carries lineage handed in at open (a position that continues a chain)', () => {
    const { actor } = openPosition(input({ lineage: { rootId: 'p0', parentId: 'p0', rollCount: 2, cumulativePnl: 5000 } }), T0, MARKS);
    actor.send(fillOf(actor, 2));
    actor.send(decision('close'));
    actor.send(fillOf(actor, 2));
    expect(actor.context().lineage).toMatchObject({ rootId: 'p0', parentId: 'p0', rollCount: 2, cumulativePnl: 5000 - 6520 });
  });

  it('ends closed with a critical alert and no legs when the new legs are rejected', () => {
    const actor = managedPosition();
    actor.send(decision('roll'));
    actor.send(fillOf(actor, 2, { commission: 260 }));
    const r = actor.send(broker(actor, 'rejected', 'contract not tradable'));
    expect(r.to).toBe('closed');
    expect(r.intents).toHaveLength(1);
    expect(r.intents[0]).toMatchObject({ type: 'alert', severity: 'critical' });
    expect(r.intents[0].type === 'alert' && r.intents[0].message).toMatch(/roll could not open the new legs .*rejected: contract not tradable/);
    expect(actor.context()).toMatchObject({ outcome: 'roll-failed', legs: [], openQuantity: 0, realizedPnl: -6520, closeRule: null });
  });

  it('ends closed as roll-failed when the new legs time out unfilled', () => {
    const actor = managedPosition();
    actor.send(decision('roll'));
    actor.send(fillOf(actor, 2));
    for (const s of [30, 60, 90]) expect(actor.send(tick(s)).to).toBe('rolling.openNew.repricing');
    expect(actor.send(tick(120)).to).toBe('rolling.openNew.cancelling');
    const r = actor.send(broker(actor, 'cancelled'));
    expect(r.to).toBe('closed');
    expect(actor.context().outcome).toBe('roll-failed');
    expect(actor.context().legs).toEqual([]);
  });

  it('manages what filled when the new legs fill partly before a timeout', () => {
    const actor = managedPosition();
    actor.send(decision('roll'));
    actor.send(fillOf(actor, 2));
    actor.send(fillOf(actor, 1));
    for (const s of [30, 60, 90, 120]) actor.send(tick(s));
    const r = actor.send(broker(actor, 'cancelled'));
    expect(r.to).toBe('managed');
    expect(actor.context()).toMatchObject({ openQuantity: 1, lineage: { rollCount: 1 } });
    expect(actor.context().legs.map((l) => l.quantity)).toEqual([-1, 1]);
  });

  it('aborts the roll and keeps managing the old legs when closing them is rejected', () => {
    const actor = managedPosition();
    actor.send(decision('roll'));
    const r = actor.send(broker(actor, 'rejected', 'halted'));
    expect(r.to).toBe('managed');
    expect(actor.context()).toMatchObject({ openQuantity: 2, pendingRoll: null, workingOrder: null });
  });

  it('turns a roll into a marketable close when an escalating close arrives while closing the old legs', () => {
    const actor = managedPosition();
    actor.send(decision('roll'));
    const r = actor.send(decision('close', { rule: 'catastrophe', orderStyle: 'marketable', escalation: true }));
    expect(r).toEqual({ intents: [{ type: 'replace', clientOrderId: 'p1-o2', limitPrice: 5, style: 'marketable' }], from: 'rolling.closeOld.submitting', to: 'closing.marketable' });
    actor.send(fillOf(actor, 2));
    expect(actor.context()).toMatchObject({ outcome: 'closed-by-rule', closeRule: 'catastrophe', pendingRoll: null });
  });

  it('ignores a roll decision without new legs', () => {
    const actor = managedPosition();
    expect(actor.send(decision('roll', { newLegs: [] })).to).toBe('managed');
  });

  it('rolls manually', () => {
    const actor = managedPosition();
    const r = actor.send({ type: 'MANUAL', action: 'roll', newLegs: ROLLED, configVersion: 'v1' });
    expect(r.to).toBe('rolling.closeOld.submitting');
    actor.send(fillOf(actor, 2));
    actor.send(fillOf(actor, 2));
    expect(actor.state()).toBe('managed');
    expect(actor.context().lineage.rollCount).toBe(1);
  });
});
