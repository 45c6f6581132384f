import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigDir, type ResolvedStrategy } from '../../engine/config/index.ts';
import { fromExchangeTime } from '../../engine/domain/index.ts';
import { planEntry, type EntryPlan } from '../../engine/entry/index.ts';
import { spxChain } from './spx-fixture.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The shipped strategies trade SPY and QQQ; the fixture is SPX (≈ 10 × SPY), so they are replayed on SPX with wings × 10. */
function onSpx(s: ResolvedStrategy): ResolvedStrategy {
  return { ...s, underlying: 'SPX', legs: { ...s.legs, ...(s.legs.wingWidth ? { wingWidth: s.legs.wingWidth * 10 } : {}) } };
}

describe('the shipped strategies', () => {
  it('each plan an entry on real SPX quotes on a day and at a time their schedule allows', async () => {
    const { config, findings } = await loadConfigDir(ROOT);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    const strategies = config?.strategies ?? [];
    expect(strategies.length).toBeGreaterThanOrEqual(6);
    const thursday = spxChain('2019-04-25');
    const wednesday = spxChain('2019-05-01');
    for (const s of strategies) {
      const plans = [thursday, wednesday].map((day) => planEntry(onSpx(s), {
        quotes: day.quotes, underlyingPrice: day.underlyingPrice, now: fromExchangeTime(day.date, 12 * 60),
        equityCents: 100_000_00 * 10, openCount: 0, rate: config?.settings.riskFreeRate,
      }));
      const planned = plans.filter((p): p is EntryPlan => !('skipped' in p));
      const skippedCodes = plans.filter((p) => 'skipped' in p).map((p) => (p as { skipped: { code: string } }).skipped.code);
      expect(planned.length, `${s.name}: ${JSON.stringify(skippedCodes)}`).toBeGreaterThan(0);
      expect(skippedCodes.every((c) => c === 'TW_ENTRY_SCHEDULE_DAY'), s.name).toBe(true);
      for (const p of planned) {
        expect(p.quantity).toBeGreaterThan(0);
        expect(p.dte).toBeGreaterThanOrEqual(s.legs.dte.min);
        expect(p.dte).toBeLessThanOrEqual(s.legs.dte.max);
        if (s.structure !== 'short-strangle') expect(p.maxLossCents as number).toBeLessThanOrEqual((s.sizing.maxRiskFraction ?? 1) * 100_000_00 * 10);
      }
    }
  });
});
