import { describe, expect, it } from 'vitest';
import { bsm, normCdf, type BsmInput } from '../../engine/pricing/index.ts';

// Reference values from J. C. Hull, "Options, Futures, and Other Derivatives": the Black–Scholes–Merton chapter
// (Example 15.6 in the 8th/9th editions), the index-option example (Example 17.1) and the Greek-letter chapter
// (a 20-week call on a non-dividend stock; the four-month index put of the theta, gamma, vega and rho examples).
// Each assertion uses the precision the book prints.

describe('bsm against Hull\'s published examples', () => {
  it('prices the call S=42 K=40 r=10% σ=20% T=0.5 at 4.76 and the put at 0.81 (Example 15.6)', () => {
    const base = { spot: 42, strike: 40, years: 0.5, rate: 0.1, vol: 0.2 };
    expect(bsm({ right: 'call', ...base }).price).toBeCloseTo(4.76, 2);
    expect(bsm({ right: 'put', ...base }).price).toBeCloseTo(0.81, 2);
    // d1 = 0.7693, d2 = 0.6278 as printed: N(d1) is the call delta without dividends.
    expect(bsm({ right: 'call', ...base }).delta).toBeCloseTo(normCdf(0.7693), 4);
  });

  it('prices the index call S=930 K=900 r=8% q=3% σ=20% T=2 months at 51.83 (Example 17.1)', () => {
    expect(bsm({ right: 'call', spot: 930, strike: 900, years: 2 / 12, rate: 0.08, div: 0.03, vol: 0.2 }).price).toBeCloseTo(51.83, 2);
  });

  it('gives the Greeks of the 20-week call S=49 K=50 r=5% σ=20%: delta 0.522, gamma 0.066, vega 0.121/pt, theta −4.31/yr, rho 0.0891/pt', () => {
    const g = bsm({ right: 'call', spot: 49, strike: 50, years: 20 / 52, rate: 0.05, vol: 0.2 });
    expect(g.price).toBeCloseTo(2.4, 2);
    expect(g.delta).toBeCloseTo(0.522, 3);
    expect(g.gamma).toBeCloseTo(0.066, 3);
    expect(g.vegaPerPoint).toBeCloseTo(0.121, 3);
    expect(g.thetaPerDay * 365).toBeCloseTo(-4.31, 2);
    expect(g.rhoPerPoint).toBeCloseTo(0.0891, 4);
  });

  it('gives the Greeks of the four-month index put S=305 K=300 q=3% r=8% σ=25% to the book\'s four decimals', () => {
    const g = bsm({ right: 'put', spot: 305, strike: 300, years: 4 / 12, rate: 0.08, div: 0.03, vol: 0.25 });
    expect(g.thetaPerDay * 365).toBeCloseTo(-18.15, 2); // theta −18.15 per year
    expect(g.thetaPerDay).toBeCloseTo(-0.0497, 4); // −0.0497 per calendar day
    expect(g.gamma).toBeCloseTo(0.00857, 5);
    // Vega 66.44 per 1.00 of volatility: the book rounds N'(d1) to 0.3440 first, so its last digit carries that rounding.
    expect(Math.abs(g.vegaPerPoint * 100 - 66.44)).toBeLessThan(0.01);
    expect(Math.abs(g.rhoPerPoint * 100 + 42.57)).toBeLessThan(0.01); // rho −42.57 per 1.00 of rate (same rounding)
  });
});

const grid: BsmInput[] = [];
for (const spot of [80, 100, 125]) {
  for (const years of [7 / 365, 0.25, 2]) {
    for (const vol of [0.08, 0.3, 0.9]) {
      for (const [rate, div] of [[0.05, 0], [0.027, 0.019], [-0.01, 0.04]]) grid.push({ right: 'call', spot, strike: 100, years, rate, div, vol });
    }
  }
}

describe('bsm identities', () => {
  it('satisfies put–call parity c − p = S·e^(−qT) − K·e^(−rT) across a grid', () => {
    for (const i of grid) {
      const c = bsm({ ...i, right: 'call' });
      const p = bsm({ ...i, right: 'put' });
      const parity = i.spot * Math.exp(-(i.div ?? 0) * i.years) - i.strike * Math.exp(-i.rate * i.years);
      expect(c.price - p.price).toBeCloseTo(parity, 10);
      expect(c.delta - p.delta).toBeCloseTo(Math.exp(-(i.div ?? 0) * i.years), 12);
      expect(c.gamma).toBeCloseTo(p.gamma, 12);
      expect(c.vegaPerPoint).toBeCloseTo(p.vegaPerPoint, 12);
    }
  });

  it('agrees with central finite differences for delta, gamma, vega, theta and rho', () => {
    for (const base of grid) {
      for (const right of ['call', 'put'] as const) {
        const i = { ...base, right };
        const at = (d: Partial<BsmInput>) => bsm({ ...i, ...d }).price;
        const g = bsm(i);
        const h = i.spot * 1e-4;
        const scale = Math.max(1, g.price);
        expect(g.delta).toBeCloseTo((at({ spot: i.spot + h }) - at({ spot: i.spot - h })) / (2 * h), 5);
        expect(g.gamma).toBeCloseTo((at({ spot: i.spot + h }) - 2 * g.price + at({ spot: i.spot - h })) / (h * h), 4);
        const dv = 1e-5;
        expect(g.vegaPerPoint).toBeCloseTo(((at({ vol: i.vol + dv }) - at({ vol: i.vol - dv })) / (2 * dv)) / 100, 6);
        const dr = 1e-6;
        expect(g.rhoPerPoint).toBeCloseTo(((at({ rate: i.rate + dr }) - at({ rate: i.rate - dr })) / (2 * dr)) / 100, 6);
        // Theta is the change in value as one calendar day passes: −∂V/∂T per year, divided by 365.
        const dt = 1e-6;
        const thetaFd = -((at({ years: i.years + dt }) - at({ years: i.years - dt })) / (2 * dt)) / 365;
        expect(Math.abs(g.thetaPerDay - thetaFd)).toBeLessThan(1e-6 * scale);
      }
    }
  });

  it('is worth the discounted intrinsic value at expiry or with zero volatility, with no time value Greeks', () => {
    expect(bsm({ right: 'call', spot: 110, strike: 100, years: 0, rate: 0.05, vol: 0.2 }).price).toBe(10);
    expect(bsm({ right: 'put', spot: 110, strike: 100, years: 0, rate: 0.05, vol: 0.2 }).price).toBe(0);
    const z = bsm({ right: 'put', spot: 90, strike: 100, years: 1, rate: 0.05, vol: 0 });
    expect(z.price).toBeCloseTo(100 * Math.exp(-0.05) - 90, 12);
    expect(z.delta).toBe(-1);
    expect(z.gamma).toBe(0);
  });
});
