import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MINUTE_MS, exchangeTime, isUsEarlyClose, nextSessionOpen, sessionCloseAt, sessionCloseMinutes } from '../../engine/domain/index.ts';
import { openPosition, orderSchedule } from '../../engine/lifecycle/index.ts';
import type { ExecutionPolicy, Intent } from '../../engine/lifecycle/index.ts';
import { MARKS, POLICY, decision, fillOf, input } from './fixtures.ts';
import { ny, tickAt } from './expiry-fixtures.ts';

/** The shipped schedule: 5-minute reprices, 6 of them, then marketable: 35 minutes. */
const SHIPPED: ExecutionPolicy = { ...POLICY, repriceIntervalSeconds: 300, maxReprices: 6 };

function managedAt(date: string, hhmm: string, execution: ExecutionPolicy = SHIPPED) {
  const t = ny(date, '10:00');
  const { actor } = openPosition(input({ execution, openedAt: t }), t, MARKS);
  actor.send(fillOf(actor, 2));
  actor.send(tickAt(ny(date, hhmm)));
  return actor;
}
const placeOf = (intents: Intent[]) => intents.find((i) => i.type === 'place');

describe('the exit deadline before the session close', () => {
  it('compresses a close decided at 15:40 so that every reprice happens and it is marketable at 15:55', () => {
    const actor = managedAt('2026-03-02', '15:40');
    actor.send(decision('close'));
    const o = actor.context().workingOrder!;
    expect(o.deadline).toBeLessThanOrEqual(ny('2026-03-02', '15:55'));
    expect(o.deadline).toBeGreaterThan(ny('2026-03-02', '15:55') - 10);
    expect(o.repriceIntervalMs).toBe(Math.floor((15 * MINUTE_MS) / 7));
    let t = o.placedAt;
    for (let i = 1; i <= 6; i++) {
      t = actor.context().workingOrder!.nextRepriceAt;
      expect(actor.send(tickAt(t)).intents[0]).toMatchObject({ type: 'replace', style: 'limit' });
    }
    expect(actor.context().workingOrder!.reprices).toBe(6);
    const r = actor.send(tickAt(ny('2026-03-02', '15:55')));
    expect(r).toMatchObject({ to: 'closing.marketable', intents: [{ type: 'replace', style: 'marketable', limitPrice: 5 }] });
  });

  it('uses the half-day close (13:00) on the day after Thanksgiving', () => {
    const actor = managedAt('2026-11-27', '12:40');
    actor.send(decision('close'));
    expect(actor.context().workingOrder!.deadline).toBeLessThanOrEqual(ny('2026-11-27', '12:55'));
  });

  it('sends a close marketable at once, with an info alert, when it is decided after the deadline', () => {
    const actor = managedAt('2026-03-02', '15:56');
    const r = actor.send(decision('close'));
    expect(placeOf(r.intents)).toMatchObject({ order: { style: 'marketable', limitPrice: 5, purpose: 'close' } });
    expect(r.intents).toContainEqual({ type: 'alert', severity: 'info', message: 'p1: close placed within 5 min of the session close; sent marketable so it fills before the close' });
  });

  it('leaves early exits, entries, roll-opens and a deadline of 0 on the policy schedule', () => {
    const early = managedAt('2026-03-02', '11:00');
    early.send(decision('close'));
    expect(early.context().workingOrder).toMatchObject({ deadline: ny('2026-03-02', '11:35') });
    expect(early.context().workingOrder!.repriceIntervalMs).toBeUndefined();
    const off = managedAt('2026-03-02', '15:50', { ...SHIPPED, exitDeadlineBeforeCloseMin: 0 });
    off.send(decision('close'));
    expect(off.context().workingOrder).toMatchObject({ deadline: ny('2026-03-02', '16:25'), style: 'limit' });
    expect(orderSchedule(SHIPPED, 'open', ny('2026-03-02', '15:50'))).toMatchObject({ deadline: ny('2026-03-02', '16:25'), cutoff: null });
    expect(orderSchedule(SHIPPED, 'roll-open', ny('2026-03-02', '15:59'))).toMatchObject({ marketableNow: false, cutoff: null });
  });

  it('always has an exit marketable by the cutoff, for any time of a session and any schedule (property)', () => {
    const open = ny('2026-03-02', '09:30');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 389 * 60 }), fc.integer({ min: 1, max: 900 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 30 }),
        fc.constantFrom('close' as const, 'reduce' as const, 'roll-close' as const),
        (offsetSec, interval, maxReprices, before, purpose) => {
          const now = open + offsetSec * 1000;
          const policy = { ...SHIPPED, repriceIntervalSeconds: interval, maxReprices, exitDeadlineBeforeCloseMin: before };
          const s = orderSchedule(policy, purpose, now);
          const cutoff = ny('2026-03-02', '16:00') - before * MINUTE_MS;
          expect(s.deadline).toBeLessThanOrEqual(Math.max(now, cutoff));
          expect(s.marketableNow).toBe(now >= cutoff);
          if (!s.marketableNow) expect(s.deadline).toBe(now + s.intervalMs * (maxReprices + 1));
          expect(s.intervalMs).toBeLessThanOrEqual(interval * 1000);
        },
      ),
      { numRuns: 300, seed: 12 },
    );
  });
});

describe('the US session calendar', () => {
  it('knows the half days and the holidays', () => {
    expect(['2026-11-27', '2026-12-24', '2025-07-03', '2019-07-03', '2018-12-24'].map(isUsEarlyClose)).toEqual([true, true, true, true, true]);
    // 4 July 2026 is a Saturday (3 July is the holiday); 4 July 2022 a Monday; 24 Dec 2022 a Saturday
    expect(['2026-07-03', '2022-07-01', '2022-12-23', '2026-03-02'].map(isUsEarlyClose)).toEqual([false, false, false, false]);
    expect(sessionCloseMinutes('2026-11-27')).toBe(780);
    expect(sessionCloseMinutes('2026-03-02')).toBe(960);
    expect(sessionCloseMinutes('2026-04-03')).toBeNull(); // Good Friday
  });

  it('gives the close of the session a time is in, and the next open after it', () => {
    expect(sessionCloseAt(ny('2026-03-02', '15:59'))).toBe(ny('2026-03-02', '16:00'));
    expect(sessionCloseAt(ny('2026-11-27', '12:00'))).toBe(ny('2026-11-27', '13:00'));
    expect(sessionCloseAt(ny('2026-11-27', '13:30'))).toBeNull();
    expect(sessionCloseAt(ny('2026-03-02', '09:00'))).toBeNull();
    expect(nextSessionOpen(ny('2026-03-02', '09:00'))).toBe(ny('2026-03-02', '09:30'));
    expect(nextSessionOpen(ny('2026-03-02', '16:00'))).toBe(ny('2026-03-03', '09:30'));
    expect(exchangeTime(nextSessionOpen(ny('2026-03-06', '16:00'))).date).toBe('2026-03-09'); // Friday → Monday
  });
});
