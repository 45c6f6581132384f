import { describe, expect, it } from 'vitest';
import { MAX_EXIT_RESENDS, openPosition, restorePosition } from '../../engine/lifecycle/index.ts';
import type { Intent } from '../../engine/lifecycle/index.ts';
import { MARKS, T0, decision, fillOf, input } from './fixtures.ts';
import { expiredAt, ny, tickAt } from './expiry-fixtures.ts';
import { managedPosition } from './helpers.ts';

const placed = (intents: Intent[]) => intents.filter((i) => i.type === 'place').map((i) => (i.type === 'place' ? i.order : null)!);
const CLOSE = ny('2026-03-02', '16:00');

describe('an exit whose order expires', () => {
  it('is re-sent at once as a new order for the same decision when the broker reports the expiry during a session', () => {
    const actor = managedPosition();
    actor.send(decision('close'));
    const r = actor.send(expiredAt(actor, ny('2026-03-03', '09:30')));
    expect(r).toMatchObject({ from: 'closing.submitting', to: 'closing.submitting' });
    expect(placed(r.intents)).toMatchObject([{ clientOrderId: 'p1-o3', purpose: 'close', quantity: 2, style: 'limit', configVersion: 'v2' }]);
    const c = actor.context();
    expect(c).toMatchObject({ closeRule: 'rule-close', closeDecisionId: 'd-close', closeOutcome: 'closed-by-rule', workingOrder: { clientOrderId: 'p1-o3', resendCount: 1 } });
    expect(c.expiries).toEqual([{ clientOrderId: 'p1-o2', purpose: 'close', decisionId: 'd-close', rule: 'rule-close', at: ny('2026-03-03', '09:30'), then: 'resent', filled: 0, quantity: 2 }]);
    expect(c.alerts.at(-1)).toEqual({ severity: 'warning', message: 'p1: close order p1-o2 for rule-close (decision d-close) expired unfilled; re-sent as p1-o3 for the same decision' });
    actor.send(fillOf(actor, 2));
    expect(actor.context()).toMatchObject({ outcome: 'closed-by-rule', closeRule: 'rule-close' });
  });

  it('waits, still decided, for the next session open when it expires at the close, then re-sends with the same style', () => {
    const actor = managedPosition();
    actor.send(decision('close', { orderStyle: 'marketable', rule: 'catastrophe', decisionId: 'd-cat' }));
    const r = actor.send(expiredAt(actor, CLOSE));
    expect(r).toMatchObject({ to: 'closing.awaitingOpen', intents: [{ type: 'alert', severity: 'warning' }] });
    expect(actor.context().alerts.at(-1)!.message).toBe('p1: close order p1-o2 for catastrophe (decision d-cat) expired unfilled at the session close; it stays decided and is re-sent at the open (2026-03-03 09:30 New York)');
    expect(actor.context()).toMatchObject({ workingOrder: null, exitResend: { purpose: 'close', style: 'marketable', at: ny('2026-03-03', '09:30') } });
    expect(actor.context().expiries!.at(-1)).toMatchObject({ then: 'waiting-for-open', decisionId: 'd-cat' });
    expect(actor.send(tickAt(ny('2026-03-03', '09:29')))).toMatchObject({ intents: [], to: 'closing.awaitingOpen' });
    const open = actor.send(tickAt(ny('2026-03-03', '09:30')));
    expect(open).toMatchObject({ from: 'closing.awaitingOpen', to: 'closing.submitting' });
    expect(placed(open.intents)).toMatchObject([{ clientOrderId: 'p1-o3', purpose: 'close', style: 'marketable', limitPrice: 5, quantity: 2 }]);
    expect(actor.context()).toMatchObject({ closeDecisionId: 'd-cat', exitResend: null });
    actor.send(fillOf(actor, 2));
    expect(actor.context()).toMatchObject({ outcome: 'closed-by-rule', closeRule: 'catastrophe', legs: [] });
  });

  it('treats a close the broker ended unasked after the session (how IB reports a day order at 16:00) like one that expired there', () => {
    const actor = managedPosition();
    actor.send(decision('close'));
    const id = actor.context().workingOrder!.clientOrderId;
    const r = actor.send({ type: 'BROKER', event: { type: 'cancelled', clientOrderId: id, reason: 'day order', time: CLOSE } });
    expect(r.to).toBe('closing.awaitingOpen');
    expect(actor.context().alerts.at(-1)!.message).toBe('p1: close order p1-o2 for rule-close (decision d-close) ended unfilled (cancelled: day order) at the session close; it stays decided and is re-sent at the open (2026-03-03 09:30 New York)');
    // during the session an unasked cancel still ends the exit (back to managed, warning), as before
    const b = managedPosition();
    b.send(decision('close'));
    expect(b.send({ type: 'BROKER', event: { type: 'cancelled', clientOrderId: 'p1-o2', reason: 'replace refused', time: T0 } }).to).toBe('managed');
  });

  it('waits over a weekend and a holiday: a Friday close before Good Friday is re-sent on the Monday', () => {
    const { actor } = openPosition(input({ openedAt: ny('2026-04-02', '10:00') }), ny('2026-04-02', '10:00'), MARKS);
    actor.send(fillOf(actor, 2));
    actor.send(tickAt(ny('2026-04-02', '15:00')));
    actor.send(decision('close'));
    actor.send(expiredAt(actor, ny('2026-04-02', '16:00')));
    expect(actor.context().exitResend?.at).toBe(ny('2026-04-06', '09:30')); // 3 April 2026 is Good Friday
  });

  it('re-sends only the units a reduce had left when it expired partly filled', () => {
    const actor = managedPosition({ quantity: 4 });
    actor.send(decision('reduce', { fraction: 0.75 }));
    actor.send(fillOf(actor, 1));
    const r = actor.send(expiredAt(actor, ny('2026-03-03', '09:30')));
    expect(placed(r.intents)).toMatchObject([{ purpose: 'reduce', quantity: 2 }]);
    expect(actor.context().expiries!.at(-1)).toMatchObject({ then: 'resent', filled: 1, quantity: 3 });
  });

  it('goes marketable when a flattening kill arrives while it waits, and drops it (back to managed) on a kill without flatten', () => {
    const a = managedPosition();
    a.send(decision('close'));
    a.send(expiredAt(a, CLOSE));
    expect(a.send({ type: 'KILL', flatten: true }).to).toBe('closing.awaitingOpen');
    expect(a.context()).toMatchObject({ closeRule: 'kill-switch', closeOutcome: 'killed', exitResend: { style: 'marketable' } });
    expect(placed(a.send(tickAt(ny('2026-03-03', '09:30'))).intents)).toMatchObject([{ style: 'marketable', purpose: 'close' }]);

    const b = managedPosition();
    b.send(decision('close'));
    b.send(expiredAt(b, CLOSE));
    const r = b.send({ type: 'KILL', flatten: false });
    expect(r).toMatchObject({ to: 'managed', intents: [{ type: 'alert', severity: 'info' }] });
    expect(b.context()).toMatchObject({ exitResend: null, closeRule: null, workingOrder: null });
  });

  it('is re-sent marketable under the escalating rule when a marketable decision arrives while it waits', () => {
    const actor = managedPosition();
    actor.send(decision('close'));
    actor.send(expiredAt(actor, CLOSE));
    actor.send(decision('close', { rule: 'catastrophe', decisionId: 'd-cat', orderStyle: 'marketable', escalation: true }));
    expect(actor.context()).toMatchObject({ closeRule: 'catastrophe', closeDecisionId: 'd-cat', exitResend: { style: 'marketable' } });
  });

  it('survives a restart while waiting for the open', () => {
    const actor = managedPosition();
    actor.send(decision('close'));
    actor.send(expiredAt(actor, CLOSE));
    const restored = restorePosition(JSON.parse(JSON.stringify(actor.snapshot())));
    expect(restored.state()).toBe('closing.awaitingOpen');
    expect(placed(restored.send(tickAt(ny('2026-03-03', '09:30'))).intents)).toMatchObject([{ clientOrderId: 'p1-o3', purpose: 'close' }]);
  });

  it(`stops re-sending, with a critical alert, after ${MAX_EXIT_RESENDS} re-sends in a row expired`, () => {
    const actor = managedPosition();
    actor.send(decision('close'));
    for (let i = 0; i < MAX_EXIT_RESENDS; i++) expect(actor.send(expiredAt(actor, ny('2026-03-03', '10:00'))).to).toBe('closing.submitting');
    const r = actor.send(expiredAt(actor, ny('2026-03-03', '10:00')));
    expect(r.to).toBe('managed');
    expect(actor.context().alerts.at(-1)).toMatchObject({ severity: 'critical' });
    expect(actor.context().expiries!.map((x) => x.then)).toEqual([...Array(MAX_EXIT_RESENDS).fill('resent'), 'abandoned']);
  });
});

describe('an opening order that expires', () => {
  it('ends the entry not-filled, saying it expired, and never re-enters', () => {
    const { actor } = openPosition(input(), T0, MARKS);
    const r = actor.send(expiredAt(actor, CLOSE));
    expect(r).toMatchObject({ to: 'closed', intents: [{ type: 'alert', severity: 'info', message: 'p1: entry p1-o1 not filled (expired); position closed' }] });
    expect(actor.context()).toMatchObject({ outcome: 'not-filled', expiries: [{ clientOrderId: 'p1-o1', purpose: 'open', decisionId: null, then: 'entry-not-filled' }] });
  });
});

describe('a roll whose order expires', () => {
  it('is abandoned, recorded as expired with an alert, when the old legs\' order expires: back to managed holding them', () => {
    const actor = managedPosition();
    actor.send(decision('roll'));
    const r = actor.send(expiredAt(actor, CLOSE));
    expect(r).toMatchObject({ from: 'rolling.closeOld.submitting', to: 'managed', intents: [{ type: 'alert', severity: 'warning' }] });
    expect(actor.context().alerts.at(-1)!.message).toBe('p1: roll-close order p1-o2 for rule-roll (decision d-roll) expired unfilled; roll abandoned, still holding 2 unit(s), back to managed');
    expect(actor.context()).toMatchObject({ pendingRoll: null, openQuantity: 2, expiries: [{ purpose: 'roll-close', decisionId: 'd-roll', then: 'roll-abandoned' }] });
  });

  it('never leaves the position half-open: the new legs\' order expiring unfilled ends it flat and closed with a critical alert', () => {
    const actor = managedPosition();
    actor.send(decision('roll'));
    actor.send(fillOf(actor, 2));
    const r = actor.send(expiredAt(actor, CLOSE));
    expect(r).toMatchObject({ from: 'rolling.openNew.submitting', to: 'closed', intents: [{ type: 'alert', severity: 'critical' }] });
    expect(actor.context()).toMatchObject({ outcome: 'roll-failed', legs: [], expiries: [{ purpose: 'roll-open', then: 'roll-failed' }] });
  });

  it('manages what filled, with a warning, when the new legs\' order expires partly filled', () => {
    const actor = managedPosition();
    actor.send(decision('roll'));
    actor.send(fillOf(actor, 2));
    actor.send(fillOf(actor, 1));
    const r = actor.send(expiredAt(actor, CLOSE));
    expect(r).toMatchObject({ to: 'managed', intents: [{ type: 'alert', severity: 'warning', message: 'p1: roll-open order p1-o3 filled 1 of 2 (expired); managing what filled' }] });
    expect(actor.context()).toMatchObject({ openQuantity: 1, expiries: [{ purpose: 'roll-open', then: 'partly-filled', filled: 1, quantity: 2 }] });
  });
});
