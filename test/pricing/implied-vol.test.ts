import { describe, expect, it } from 'vitest';
import { bsm, impliedVol, priceBounds } from '../../engine/pricing/index.ts';
import { isTickwiseError } from '../../engine/errors/index.ts';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isTickwiseError(e) ? e.code : `not a TickwiseError: ${String(e)}`;
  }
  return undefined;
}

describe('impliedVol', () => {
  it('recovers 20% from Hull\'s exact call price for S=42 K=40 r=10% T=0.5', () => {
    const price = bsm({ right: 'call', spot: 42, strike: 40, years: 0.5, rate: 0.1, vol: 0.2 }).price;
    expect(impliedVol({ right: 'call', spot: 42, strike: 40, years: 0.5, rate: 0.1, price })).toBeCloseTo(0.2, 10);
  });

  it('round-trips volatility through price across strikes, maturities, rates, dividends and both rights', () => {
    let checked = 0;
    for (const right of ['call', 'put'] as const) {
      for (const strike of [60, 80, 95, 100, 105, 120, 150]) {
        for (const years of [1 / 365, 7 / 365, 30 / 365, 0.5, 2, 5]) {
          for (const vol of [0.05, 0.12, 0.25, 0.6, 1.5, 3]) {
            for (const [rate, div] of [[0, 0], [0.027, 0.019], [0.08, 0.03], [-0.005, 0]]) {
              const i = { right, spot: 100, strike, years, rate, div };
              const price = bsm({ ...i, vol }).price;
              const { lower } = priceBounds(i);
              // Where the time value is below a billionth of the strike, the price no longer pins the volatility.
              if (price - lower < 1e-9 * strike) continue;
              const vega = bsm({ ...i, vol }).vegaPerPoint * 100;
              const iv = impliedVol({ ...i, price });
              // Accuracy in vol is price accuracy / vega; the solver reaches price within 1e-12 relative.
              expect(Math.abs(iv - vol)).toBeLessThan(Math.max(1e-8, (1e-11 * Math.max(price, 1e-4 * strike)) / vega));
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1500);
  });

  it('returns 0 for a price exactly at discounted intrinsic value and for a worthless out-of-the-money option', () => {
    const i = { right: 'put' as const, spot: 90, strike: 100, years: 1, rate: 0.05 };
    expect(impliedVol({ ...i, price: priceBounds(i).lower })).toBe(0);
    expect(impliedVol({ right: 'call', spot: 90, strike: 100, years: 1, rate: 0.05, price: 0 })).toBe(0);
  });

  it('refuses a premium below discounted intrinsic value with TW_PRICING_BELOW_INTRINSIC', () => {
    expect(codeOf(() => impliedVol({ right: 'call', spot: 42, strike: 40, years: 0.5, rate: 0.1, price: 3.5 }))).toBe('TW_PRICING_BELOW_INTRINSIC');
    expect(codeOf(() => impliedVol({ right: 'put', spot: 30, strike: 40, years: 0.5, rate: 0, price: 9.99 }))).toBe('TW_PRICING_BELOW_INTRINSIC');
  });

  it('refuses a premium at or above the upper bound with TW_PRICING_ABOVE_UPPER_BOUND', () => {
    expect(codeOf(() => impliedVol({ right: 'call', spot: 42, strike: 40, years: 0.5, rate: 0.1, price: 42 }))).toBe('TW_PRICING_ABOVE_UPPER_BOUND');
    expect(codeOf(() => impliedVol({ right: 'put', spot: 42, strike: 40, years: 0.5, rate: 0.1, price: 40 * Math.exp(-0.05) + 0.01 }))).toBe('TW_PRICING_ABOVE_UPPER_BOUND');
  });

  it('refuses impossible inputs with TW_PRICING_INVALID_INPUT naming the input', () => {
    const ok = { right: 'call' as const, spot: 42, strike: 40, years: 0.5, rate: 0.1, price: 4.76 };
    for (const bad of [{ spot: -42 }, { spot: 0 }, { strike: -1 }, { years: -0.5 }, { years: 0 }, { price: -1 }, { rate: 5 }, { div: Number.NaN }]) {
      let err: unknown;
      try {
        impliedVol({ ...ok, ...bad });
      } catch (e) {
        err = e;
      }
      expect(isTickwiseError(err) && err.code).toBe('TW_PRICING_INVALID_INPUT');
      expect(isTickwiseError(err) && err.message).toContain(Object.keys(bad)[0] === 'price' ? 'premium' : Object.keys(bad)[0]);
    }
  });

  it('says so with TW_PRICING_IV_NOT_FOUND when only a volatility above 1000% would fit', () => {
    const i = { right: 'call' as const, spot: 100, strike: 100, years: 1, rate: 0 };
    expect(codeOf(() => impliedVol({ ...i, price: 99.999999 }))).toBe('TW_PRICING_IV_NOT_FOUND');
  });
});
