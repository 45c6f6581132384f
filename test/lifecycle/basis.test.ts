/**
 * The entry basis of the current leg set (credit, max profit, max loss, breakevens) comes from its opening fills: the
 * price actually filled (not the planned limit), quantity-weighted over partial fills and fills after repricing; a roll starts a new basis for the new legs
 * while the chain keeps the sum of every leg set's opening premium.
 */
import { describe, expect, it } from 'vitest';
import { contractKey, type BrokerEvent } from '../../engine/domain/index.ts';
import { basisOf, chainCreditOf, openPosition, restorePosition, type PositionActor } from '../../engine/lifecycle/index.ts';
import { MARKS, ROLLED, SEC, T0, decision, input, tick } from './fixtures.ts';

let seq = 0;
/** A fill of `units` of the working order with the short leg at `short` and the long leg at `long` (dollars/share). */
function fillAt(actor: PositionActor, units: number, short: number, long: number): { type: 'BROKER'; event: BrokerEvent } {
  const o = actor.context().workingOrder!;
  const legs = o.legs.map((l) => ({ key: contractKey(l.contract), side: l.side, quantity: l.ratio * units, price: l.side === 'sell' ? short : long }));
  const net = Math.round(legs.reduce((s, l) => s + (l.side === 'buy' ? l.price : -l.price), 0) * 100) / 100;
  const filledTotal = o.filled + units;
  return { type: 'BROKER', event: { type: 'fill', clientOrderId: o.clientOrderId, fillId: `b${++seq}`, quantity: units, netPrice: net, legs, commission: 0, filledTotal, remaining: o.quantity - filledTotal, time: T0 } };
}

describe('the entry basis', () => {
  it('takes credit and max profit from a fill at −0.70, not from the −1.05 limit the order was placed at', () => {
    const { actor, intents } = openPosition(input({ quantity: 4 }), T0, MARKS);
    expect(intents[0].type === 'place' && intents[0].order.limitPrice).toBe(-1.05);
    actor.send(fillAt(actor, 4, 1.9, 1.2));
    const b = basisOf(actor.context());
    // 4 units of a 5-wide put spread for 0.70: credit 280, max profit 280, max loss 4 × 500 − 280.
    expect({ credit: actor.context().creditCents, ...b }).toEqual({ credit: 28000, openedQuantity: 4, maxProfitCents: 28000, maxLossCents: 172000, breakevens: [449.3] });
  });

  it('weights a partial fill and a fill after repricing by quantity', () => {
    const { actor } = openPosition(input({ quantity: 5 }), T0, MARKS);
    actor.send(fillAt(actor, 2, 2.1, 1.05)); // 2 @ 1.05 credit
    actor.send(tick(31)); // reprice one step toward natural
    expect(actor.context().workingOrder!.reprices).toBe(1);
    actor.send(fillAt(actor, 3, 2.0, 1.1)); // 3 @ 0.90 credit
    const c = actor.context();
    expect(c.entryNetPrice).toBe(-0.96); // (2 × 1.05 + 3 × 0.90) / 5
    expect({ credit: c.creditCents, ...basisOf(c) }).toEqual({ credit: 48000, openedQuantity: 5, maxProfitCents: 48000, maxLossCents: 250000 - 48000, breakevens: [449.04] });
  });

  it('keeps the basis of the units opened when an entry ends partly filled, and after a reduce', () => {
    const { actor } = openPosition(input({ quantity: 4 }), T0, MARKS);
    actor.send(fillAt(actor, 3, 2.0, 1.2));
    actor.send({ type: 'BROKER', event: { type: 'cancelled', clientOrderId: actor.context().workingOrder!.clientOrderId, reason: 'test', time: T0 + SEC } });
    expect(actor.state()).toBe('managed');
    expect(basisOf(actor.context())).toEqual({ openedQuantity: 3, maxProfitCents: 24000, maxLossCents: 150000 - 24000, breakevens: [449.2] });
    actor.send(decision('reduce', { fraction: 0.34 }));
    actor.send(fillAt(actor, 1, 1.0, 0.4));
    expect(actor.context().openQuantity).toBe(2);
    expect(basisOf(actor.context())).toEqual({ openedQuantity: 3, maxProfitCents: 24000, maxLossCents: 126000, breakevens: [449.2] });
  });

  it('gives a rolled position its own basis from the roll-open fills, and a cumulative chain credit', () => {
    const { actor } = openPosition(input({ quantity: 2 }), T0, MARKS);
    actor.send(fillAt(actor, 2, 2.0, 1.1)); // credit 0.90 × 2 = 180
    actor.send(decision('roll'));
    actor.send(fillAt(actor, 2, 0.5, 1.4)); // close: buy back the short at 1.40, sell the long at 0.50
    expect(actor.state()).toBe('rolling.openNew.submitting');
    expect(actor.context().structureLegs).toEqual(ROLLED);
    actor.send(fillAt(actor, 1, 3.0, 1.6)); // 1 @ 1.40
    actor.send(fillAt(actor, 1, 3.1, 1.5)); // 1 @ 1.60
    const c = actor.context();
    expect(actor.state()).toBe('managed');
    expect({ credit: c.creditCents, ...basisOf(c) }).toEqual({ credit: 30000, openedQuantity: 2, maxProfitCents: 30000, maxLossCents: 100000 - 30000, breakevens: [438.5] });
    expect(chainCreditOf(c)).toBe(18000 + 30000);
    expect(c.lineage.rollCount).toBe(1);
  });

  it('reads a snapshot written before the basis was kept: the basis from the credit, the chain credit counted once', () => {
    const { actor } = openPosition(input({ quantity: 2 }), T0, MARKS);
    actor.send(fillAt(actor, 2, 2.0, 1.1));
    const snap = JSON.parse(JSON.stringify(actor.snapshot())) as { context: Record<string, unknown> & { lineage: { cumulativeCredit: number } } };
    for (const key of ['openedQuantity', 'maxProfitCents', 'maxLossCents', 'breakevens']) delete snap.context[key];
    snap.context.lineage.cumulativeCredit = 18000; // the old bookkeeping added the opened credit when the entry finished
    const old = restorePosition(snap, MARKS, T0);
    expect(basisOf(old.context())).toEqual({ openedQuantity: 2, maxProfitCents: 18000, maxLossCents: 82000, breakevens: [449.1] });
    expect(chainCreditOf(old.context())).toBe(18000);
    old.send(decision('roll'));
    old.send(fillAt(old, 2, 0.5, 1.4));
    old.send(fillAt(old, 2, 3.0, 1.6));
    expect(old.state()).toBe('managed');
    expect(chainCreditOf(old.context())).toBe(18000 + 28000);
  });
});
