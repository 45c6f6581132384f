import { describe, expect, it } from 'vitest';
import { fromExchangeTime, MINUTE_MS } from '../../engine/domain/index.ts';
import { planEntry, type EntryContext, type EntryPlan } from '../../engine/entry/index.ts';
import { spxChain } from './spx-fixture.ts';
import { strategy } from './strategy-fixture.ts';

const day = spxChain('2019-04-25');
const ctx = (over: Partial<EntryContext> = {}): EntryContext => ({
  quotes: day.quotes, underlyingPrice: day.underlyingPrice, now: day.now, equityCents: 100_000_00, openCount: 0, ...over,
});

describe('planEntry', () => {
  it('plans an iron condor with legs, quantity, a start limit and totals for the quantity', () => {
    const s = strategy('iron-condor', { legs: { targetDelta: 0.16, wingWidth: 10, dte: { min: 30, max: 45, target: 35 } }, sizing: { maxRiskFraction: 0.02, maxContracts: 5 } });
    const p = planEntry(s, ctx()) as EntryPlan;
    expect('skipped' in p).toBe(false);
    expect(p.strategy).toBe(s.name);
    expect(p.expiry).toBe('2019-05-31');
    expect(p.legs).toHaveLength(4);
    expect(p.legs.map((l) => l.side)).toEqual(['buy', 'sell', 'sell', 'buy']);
    expect(p.quantity).toBeGreaterThan(0);
    expect(p.quantity).toBeLessThanOrEqual(5);
    expect(p.limitPrice).toBeLessThan(0);
    expect(Math.round(p.limitPrice * 100)).toBe(p.limitPrice * 100);
    expect(p.creditCents).toBe(p.perUnit.creditCents * p.quantity);
    expect(p.maxLossCents).toBe((p.perUnit.maxLossCents as number) * p.quantity);
    expect(p.maxLossCents as number).toBeLessThanOrEqual(2_000_00);
    expect(p.ivAtEntry).toBeGreaterThan(0);
  });

  it('skips when maxOpen positions are open', () => {
    const r = planEntry(strategy('iron-condor'), ctx({ openCount: 3 }));
    expect(r).toMatchObject({ skipped: { code: 'TW_ENTRY_MAX_OPEN' } });
  });

  it('skips outside the schedule and within everyMinutes of the last entry', () => {
    const s = strategy('iron-condor', { entry: { maxOpen: 3, schedule: { everyMinutes: 30 } } });
    expect(planEntry(s, ctx({ now: fromExchangeTime('2019-04-27', 600) }))).toMatchObject({ skipped: { code: 'TW_ENTRY_SCHEDULE_DAY' } });
    expect(planEntry(s, ctx({ lastEntryAt: day.now - 10 * MINUTE_MS }))).toMatchObject({ skipped: { code: 'TW_ENTRY_SCHEDULE_FREQUENCY' } });
  });

  it('refuses an undefined-risk structure without allowUndefinedRisk', () => {
    const r = planEntry(strategy('short-strangle', { allowUndefinedRisk: false }), ctx());
    expect(r).toMatchObject({ skipped: { code: 'TW_ENTRY_UNDEFINED_RISK' } });
  });

  it('skips with the sizing reason when the budget does not cover one contract', () => {
    const r = planEntry(strategy('iron-condor', { sizing: { maxRiskFraction: 0.001 } }), ctx());
    expect(r).toMatchObject({ skipped: { code: 'TW_ENTRY_TOO_SMALL' } });
  });

  it('passes the leg-selection reason through', () => {
    const r = planEntry(strategy('iron-condor', { legs: { targetDelta: 0.16, wingWidth: 25, dte: { min: 90, max: 120, target: 100 } } }), ctx());
    expect(r).toMatchObject({ skipped: { code: 'TW_ENTRY_NO_EXPIRY' } });
  });
});
