/**
 * Property: a model mark is Black–Scholes at the interpolated IV, both computed here independently of
 * engine/pricing (the normal CDF by Simpson integration, the IV by picking neighbours by hand).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { legMarks, type LegMarkHealth } from '../../engine/facts/index.ts';
import type { OptionQuote } from '../../engine/domain/index.ts';
import { contract, quote } from '../store/fixtures.ts';

const NOW = Date.parse('2026-03-16T15:00:00Z');
const EXPIRIES = ['2026-03-20', '2026-04-17', '2026-05-15'];
/** 2026-03-16 15:00 UTC to each expiry's 16:00 New York close (EDT, UTC−4: 20:00 UTC), in years of 365 days. */
const years = (expiry: string) => (Date.parse(`${expiry}T20:00:00Z`) - NOW) / (365 * 86_400_000);

/** Φ(x) by Simpson's rule over the density from 0 (1,000 intervals): a different computation from the engine's. */
function cdf(x: number): number {
  const n = 1000, h = x / n;
  let s = 0;
  for (let i = 0; i <= n; i++) s += (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * Math.exp(-((i * h) ** 2) / 2);
  return 0.5 + (s * h) / 3 / Math.sqrt(2 * Math.PI);
}

function price(right: 'put' | 'call', S: number, K: number, T: number, r: number, v: number): number {
  const d1 = (Math.log(S / K) + (r + v * v / 2) * T) / (v * Math.sqrt(T));
  const d2 = d1 - v * Math.sqrt(T);
  return right === 'call' ? S * cdf(d1) - K * Math.exp(-r * T) * cdf(d2) : K * Math.exp(-r * T) * cdf(-d2) - S * cdf(-d1);
}

/** The IV the spec asks for, found by hand: neighbours on the leg's expiry, else the nearest expiry's ATM. */
function expectedIv(points: { expiry: string; strike: number; iv: number }[], expiry: string, strike: number, spot: number): number {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const at = (e: string, k: number) => mean(points.filter((p) => p.expiry === e && p.strike === k).map((p) => p.iv));
  const own = points.filter((p) => p.expiry === expiry);
  if (own.length) {
    const below = own.filter((p) => p.strike <= strike).map((p) => p.strike);
    const above = own.filter((p) => p.strike >= strike).map((p) => p.strike);
    if (!below.length) return at(expiry, Math.min(...above));
    if (!above.length) return at(expiry, Math.max(...below));
    const k0 = Math.max(...below), k1 = Math.min(...above);
    return k0 === k1 ? at(expiry, k0) : at(expiry, k0) + ((at(expiry, k1) - at(expiry, k0)) * (strike - k0)) / (k1 - k0);
  }
  const day = (e: string) => Date.parse(e) / 86_400_000;
  const nearest = [...new Set(points.map((p) => p.expiry))].sort((a, b) => Math.abs(day(a) - day(expiry)) - Math.abs(day(b) - day(expiry)) || a.localeCompare(b))[0]!;
  const strikes = [...new Set(points.filter((p) => p.expiry === nearest).map((p) => p.strike))].sort((a, b) => a - b);
  let best = strikes[0]!;
  for (const k of strikes) if (Math.abs(k - spot) < Math.abs(best - spot)) best = k;
  return at(nearest, best);
}

const pointArb = fc.record({ expiry: fc.constantFrom(...EXPIRIES), strike: fc.integer({ min: 80, max: 120 }).map((k) => k * 5), iv: fc.integer({ min: 8, max: 90 }).map((v) => v / 100), right: fc.constantFrom('put' as const, 'call' as const) });

describe('model marks', () => {
  it('price a stale leg at Black–Scholes with the IV interpolated from the chain (same expiry by strike, else the nearest expiry at the money)', () => {
    fc.assert(fc.property(
      fc.array(pointArb, { minLength: 1, maxLength: 12 }), fc.constantFrom(...EXPIRIES), fc.integer({ min: 380, max: 620 }), fc.constantFrom('put' as const, 'call' as const),
      fc.integer({ min: 420, max: 580 }), fc.integer({ min: 0, max: 8 }).map((r) => r / 100),
      (points, expiry, strike, right, spot, rate) => {
        const leg = contract('SPY', expiry, right, strike);
        const chain: OptionQuote[] = points.map((p) => quote(contract('SPY', p.expiry, p.right, p.strike), 1, 1.1, { iv: p.iv }));
        // The leg itself is not in the chain (it vanished); a quoted contract at its key would be a different case.
        const listed = chain.filter((q) => q.key !== contractKeyOf(leg));
        fc.pre(listed.length > 0);
        const health = new Map<string, LegMarkHealth>([[contractKeyOf(leg), { key: contractKeyOf(leg), source: 'last', ageSec: 900, problem: 'missing', stale: true, bad: true }]]);
        const [m] = legMarks({
          now: NOW, positions: [{ id: 'p', strategy: 's', legs: [{ key: contractKeyOf(leg), contract: leg }] }], health,
          marksOf: () => ({ maxAgeSec: 300, onStale: 'model' }), chain: listed, underlyingPrice: () => spot, lastGood: () => undefined, riskFreeRate: rate,
        });
        const iv = expectedIv(listed.map((q) => ({ expiry: q.contract.expiry, strike: q.contract.strike, iv: q.iv! })), expiry, strike, spot);
        expect(m!.source).toBe('model');
        expect(m!.values!.iv).toBeCloseTo(iv, 12);
        expect(m!.values!.mid).toBeCloseTo(price(right, spot, strike, years(expiry), rate, iv), 6);
      },
    ), { numRuns: 300, seed: 12, interruptAfterTimeLimit: 10_000 });
  });

  it('keep a stale leg on its last mark when the chain has no IV at all', () => {
    const leg = contract('SPY', EXPIRIES[0]!, 'put', 440);
    const key = contractKeyOf(leg);
    const [m] = legMarks({
      now: NOW, positions: [{ id: 'p', strategy: 's', legs: [{ key, contract: leg }] }],
      health: new Map([[key, { key, source: 'last', ageSec: 900, problem: 'missing', stale: true, bad: true }]]),
      marksOf: () => ({ maxAgeSec: 300, onStale: 'model' }), chain: [quote(contract('SPY', EXPIRIES[0]!, 'put', 445), 1, 1.1)],
      underlyingPrice: () => 450, lastGood: () => quote(leg, 2, 2.2, { delta: -0.3 }), riskFreeRate: 0.04,
    });
    expect(m).toMatchObject({ source: 'last', stale: true, ageSec: 900, values: { mid: 2.1, delta: -0.3 } });
  });
});

function contractKeyOf(c: ReturnType<typeof contract>): string {
  return quote(c, 0, 0).key;
}
