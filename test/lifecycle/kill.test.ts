import { describe, expect, it } from 'vitest';
import { openPosition } from '../../engine/lifecycle/index.ts';
import { MARKS, T0, broker, decision, fillOf, input } from './fixtures.ts';
import { managedPosition } from './helpers.ts';

describe('kill switch', () => {
  it('closes a managed position marketable when told to flatten', () => {
    const actor = managedPosition();
    const r = actor.send({ type: 'KILL', flatten: true });
    expect(r.to).toBe('closing.submitting');
    expect(r.intents[0].type === 'place' && r.intents[0].order).toMatchObject({ purpose: 'close', style: 'marketable', limitPrice: 5, quantity: 2 });
    actor.send(fillOf(actor, 2));
    expect(actor.context()).toMatchObject({ outcome: 'killed', closeRule: 'kill-switch' });
  });

  it('leaves a managed position alone without flatten (nothing is working)', () => {
    const actor = managedPosition();
    expect(actor.send({ type: 'KILL', flatten: false })).toEqual({ intents: [], from: 'managed', to: 'managed' });
  });

  it('cancels a working entry and closes as killed', () => {
    const { actor } = openPosition(input(), T0, MARKS);
    const r = actor.send({ type: 'KILL', flatten: false });
    expect(r).toEqual({ intents: [{ type: 'cancel', clientOrderId: 'p1-o1' }], from: 'entry.submitting', to: 'entry.cancelling' });
    actor.send(broker(actor, 'cancelled'));
    expect(actor.context().outcome).toBe('killed');
  });

  it('cancels a partly filled entry, then flattens what filled when told to', () => {
    const { actor } = openPosition(input({ quantity: 3 }), T0, MARKS);
    actor.send(fillOf(actor, 1));
    actor.send({ type: 'KILL', flatten: true });
    const r = actor.send(broker(actor, 'cancelled'));
    expect(r.to).toBe('closing.submitting');
    const place = r.intents.find((i) => i.type === 'place');
    expect(place?.type === 'place' && place.order).toMatchObject({ style: 'marketable', quantity: 1, purpose: 'close' });
    actor.send(fillOf(actor, 1));
    expect(actor.context().outcome).toBe('killed');
  });

  it('keeps what a partly filled entry got when the kill does not flatten', () => {
    const { actor } = openPosition(input({ quantity: 3 }), T0, MARKS);
    actor.send(fillOf(actor, 1));
    actor.send({ type: 'KILL', flatten: false });
    expect(actor.send(broker(actor, 'cancelled')).to).toBe('managed');
    expect(actor.context()).toMatchObject({ openQuantity: 1, kill: null });
  });

  it('cancels a working close and returns to managed without flatten', () => {
    const actor = managedPosition();
    actor.send(decision('close'));
    const r = actor.send({ type: 'KILL', flatten: false });
    expect(r).toEqual({ intents: [{ type: 'cancel', clientOrderId: 'p1-o2' }], from: 'closing.submitting', to: 'closing.cancelling' });
    expect(actor.send(broker(actor, 'cancelled')).to).toBe('managed');
  });

  it('makes a working close marketable with flatten', () => {
    const actor = managedPosition();
    actor.send(decision('close'));
    const r = actor.send({ type: 'KILL', flatten: true });
    expect(r).toEqual({ intents: [{ type: 'replace', clientOrderId: 'p1-o2', limitPrice: 5, style: 'marketable' }], from: 'closing.submitting', to: 'closing.marketable' });
    actor.send(fillOf(actor, 2));
    expect(actor.context().outcome).toBe('killed');
  });

  it('turns a roll into a marketable close with flatten, and never opens the new legs', () => {
    const actor = managedPosition();
    actor.send(decision('roll'));
    expect(actor.send({ type: 'KILL', flatten: true }).to).toBe('closing.marketable');
    const r = actor.send(fillOf(actor, 2));
    expect(r.to).toBe('closed');
    expect(r.intents).toEqual([]);
    expect(actor.context()).toMatchObject({ outcome: 'killed', pendingRoll: null });
  });

  it('cancels the old-leg close of a roll without flatten and keeps managing the old legs', () => {
    const actor = managedPosition();
    actor.send(decision('roll'));
    expect(actor.send({ type: 'KILL', flatten: false }).to).toBe('rolling.closeOld.cancelling');
    expect(actor.send(broker(actor, 'cancelled')).to).toBe('managed');
    expect(actor.context()).toMatchObject({ openQuantity: 2, pendingRoll: null });
  });

  it('cancels the new-leg open of a roll and ends flat and killed', () => {
    const actor = managedPosition();
    actor.send(decision('roll'));
    actor.send(fillOf(actor, 2));
    expect(actor.send({ type: 'KILL', flatten: false }).to).toBe('rolling.openNew.cancelling');
    actor.send(broker(actor, 'cancelled'));
    expect(actor.context()).toMatchObject({ outcome: 'killed', legs: [] });
  });
});
