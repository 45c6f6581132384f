import { describe, expect, it } from 'vitest';
import { dottedState, machineGraph } from '../../engine/lifecycle/index.ts';
import type { PositionContext } from '../../engine/lifecycle/index.ts';
import { contractKey } from '../../engine/domain/index.ts';
import { maxValue } from '../../engine/entry/index.ts';
import { allTransitions, closeOf, exploreModel, firedTransitions } from './model.ts';

const models = { cancel: exploreModel('cancel'), marketable: exploreModel('marketable') };

describe('the position machine, explored with @xstate/graph', () => {
  it('covers every transition the machine defines', () => {
    const fired = new Set<string>();
    for (const adj of Object.values(models)) {
      for (const { state, transitions } of Object.values(adj)) {
        for (const { event } of Object.values(transitions)) for (const t of firedTransitions(state, event)) fired.add(t);
      }
    }
    const missing = allTransitions().filter((t) => !fired.has(t));
    expect(missing).toEqual([]);
  });

  it('reaches every state', () => {
    const reached = new Set<string>();
    for (const adj of Object.values(models)) for (const { state } of Object.values(adj)) reached.add(dottedState(state.value));
    // every state a position can be in: the machine's leaves, read from its definition
    const leaves = machineGraph().states.filter((s) => s.type !== 'compound').map((s) => s.id);
    expect(leaves).toEqual(expect.arrayContaining(['entry.submitting', 'closing.awaitingOpen', 'managed', 'closed']));
    expect([...reached].sort()).toEqual(leaves.sort());
  });

  it('keeps its invariants in every reachable state', () => {
    for (const adj of Object.values(models)) {
      for (const { state } of Object.values(adj)) {
        const c = state.context as PositionContext;
        const v = dottedState(state.value);
        const where = `${v} ${JSON.stringify({ q: c.openQuantity, o: c.workingOrder?.purpose, out: c.outcome })}`;
        if (v === 'managed') {
          expect(c.openQuantity, where).toBeGreaterThan(0);
          expect(c.workingOrder, where).toBeNull();
        } else if (v === 'closed') {
          expect(c.outcome, where).not.toBeNull();
          expect(c.legs, where).toEqual([]);
          expect(c.workingOrder, where).toBeNull();
          expect(typeof c.realizedPnl, where).toBe('number');
        } else if (v === 'closing.awaitingOpen') {
          // a decided exit between sessions: no order, but the decision is kept and re-sent at the next open
          expect(c.workingOrder, where).toBeNull();
          expect(c.exitResend, where).not.toBeNull();
          expect(c.openQuantity, where).toBeGreaterThan(0);
          expect(c.closeOutcome, where).not.toBeNull();
        } else {
          expect(c.workingOrder, where).not.toBeNull();
        }
        const o = c.workingOrder;
        if (o) {
          // price protection: every order on these defined-risk spreads, marketable ones included, is priced within
          // the most the combo can be worth (a close: the 5-point width; an open of the credit spread: 0)
          expect(o.limitPrice, where).not.toBeNull();
          expect(o.limitPrice!, where).toBeLessThanOrEqual(maxValue(o.legs)! + 1e-9);
        }
        if (v.startsWith('rolling.openNew')) {
          // no naked leftovers: only the new legs can be held while they are being opened
          const trading = new Set(c.workingOrder!.legs.map((l) => contractKey(l.contract)));
          expect(c.legs.every((l) => trading.has(l.key)), where).toBe(true);
        }
      }
    }
  });

  it('records and alerts every expiry of an order outside a kill, and never drops a decided close silently', () => {
    let expiries = 0;
    for (const adj of Object.values(models)) {
      for (const { state, transitions } of Object.values(adj)) {
        const c = state.context as PositionContext;
        const from = dottedState(state.value);
        for (const { event, state: next } of Object.values(transitions)) {
          const b = event.type === 'BROKER' ? (event.event as { type: string; clientOrderId?: string; time: number }) : null;
          if (!b || b.clientOrderId !== c.workingOrder?.clientOrderId || c.kill) continue;
          // an exit's order the broker ended unasked after the close counts as its day ending, like an expiry
          const exitEndedAtClose = b.type === 'cancelled' && /^(closing|rolling\.closeOld)\.(?!cancelling)/.test(from) && b.time >= closeOf(b.time - 1);
          if (b.type !== 'expired' && !exitEndedAtClose) continue;
          expiries += 1;
          const n = next.context as PositionContext;
          const to = dottedState(next.value);
          const where = `${from} -> ${to} ${c.workingOrder?.purpose}`;
          expect(n.expiries!.length, where).toBe((c.expiries ?? []).length + 1);
          expect(n.expiries!.at(-1)!.clientOrderId, where).toBe(c.workingOrder!.clientOrderId);
          expect(n.alerts.length, where).toBeGreaterThan(c.alerts.length);
          if (from.startsWith('closing.')) {
            // the exit stays decided (a new order now, or waiting for the open), unless it expired too often: critical
            const gaveUp = to === 'managed';
            expect(gaveUp ? n.alerts.at(-1)!.severity : to.startsWith('closing.'), where).toBe(gaveUp ? 'critical' : true);
            if (!gaveUp) expect(n.closeDecisionId, where).toBe(c.closeDecisionId);
          }
        }
      }
    }
    expect(expiries).toBeGreaterThan(50);
  });
});
