import { describe, expect, it } from 'vitest';
import { maxProfitLoss, roundTowardNatural, type PayoffLeg } from '../../engine/entry/index.ts';

const L = (right: 'put' | 'call', strike: number, side: 'buy' | 'sell', expiry = '2026-01-16'): PayoffLeg => ({ contract: { right, strike, expiry }, side, ratio: 1 });

describe('maxProfitLoss', () => {
  it('gives a put credit spread max profit = credit and max loss = width − credit', () => {
    const r = maxProfitLoss([L('put', 95, 'buy'), L('put', 100, 'sell')], -1.2, 100);
    expect(r).toEqual({ maxProfitCents: 12_000, maxLossCents: 38_000, breakevens: [98.8] });
  });

  it('uses the wider side for an iron condor with uneven wings', () => {
    const r = maxProfitLoss([L('put', 80, 'buy'), L('put', 90, 'sell'), L('call', 110, 'sell'), L('call', 115, 'buy')], -2, 100);
    expect(r.maxProfitCents).toBe(20_000);
    expect(r.maxLossCents).toBe((10 - 2) * 100 * 100);
    expect(r.breakevens).toEqual([88, 112]);
  });

  it('gives an iron butterfly credit − width as its loss', () => {
    const r = maxProfitLoss([L('put', 90, 'buy'), L('put', 100, 'sell'), L('call', 100, 'sell'), L('call', 110, 'buy')], -6.5, 100);
    expect(r).toEqual({ maxProfitCents: 65_000, maxLossCents: 35_000, breakevens: [93.5, 106.5] });
  });

  it('reports a short strangle loss as unbounded (null)', () => {
    const r = maxProfitLoss([L('put', 90, 'sell'), L('call', 110, 'sell')], -3, 100);
    expect(r.maxLossCents).toBeNull();
    expect(r.maxProfitCents).toBe(30_000);
    expect(r.breakevens).toEqual([87, 113]);
  });

  it('reports a long call vertical: loss = debit, profit = width − debit', () => {
    const r = maxProfitLoss([L('call', 100, 'buy'), L('call', 105, 'sell')], 2.1, 100);
    expect(r).toEqual({ maxProfitCents: 29_000, maxLossCents: 21_000, breakevens: [102.1] });
  });

  it('reports a calendar: loss = debit, profit unknown', () => {
    const r = maxProfitLoss([L('call', 100, 'sell', '2026-01-16'), L('call', 100, 'buy', '2026-02-20')], 1.75, 100);
    expect(r).toEqual({ maxProfitCents: null, maxLossCents: 17_500, breakevens: [] });
  });

  it('reports a long call alone as unbounded profit', () => {
    expect(maxProfitLoss([L('call', 100, 'buy')], 3, 100).maxProfitCents).toBeNull();
  });
});

describe('roundTowardNatural', () => {
  it('rounds a credit down and a debit up to the cent, never past natural', () => {
    expect(roundTowardNatural(-1.234, -1.1)).toBe(-1.23);
    expect(roundTowardNatural(1.234, 1.4)).toBe(1.24);
    expect(roundTowardNatural(-1.2, -1.1)).toBe(-1.2);
    expect(roundTowardNatural(-1.005, -1.0)).toBe(-1);
  });
});
