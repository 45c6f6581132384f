import { describe, expect, it } from 'vitest';
import { HOUR_MS, daysBetween, exchangeTime } from '../../engine/domain/index.ts';
import { days, nyDate } from '../../engine/facts/days.ts';

describe('memoised calendar helpers', () => {
  it('agree with exchangeTime on every hour and minute across both DST switches of 2026', () => {
    for (const start of [Date.parse('2026-03-07T00:00:00Z'), Date.parse('2026-10-30T00:00:00Z')]) {
      for (let t = start; t < start + 96 * HOUR_MS; t += 17 * 60_000) expect(nyDate(t)).toBe(exchangeTime(t).date);
    }
  });

  it('count calendar days like daysBetween', () => {
    for (const [a, b] of [['2026-03-16', '2026-04-17'], ['2026-04-17', '2026-03-16'], ['2026-12-31', '2027-01-01'], ['2026-03-08', '2026-03-09']]) {
      expect(days(a, b)).toBe(daysBetween(a, b));
    }
  });
});
