import type { RawRow } from './quality.ts';
import { expiryTime, isAmSettledRoot } from './quality.ts';
import { yearsBetween } from '../../engine/pricing/index.ts';

/**
 * Put–call parity for European options: c − p = S·e^(−qT) − K·e^(−rT). Across the strikes of one expiry, (call mid −
 * put mid) is a straight line in K with slope −e^(−rT) and intercept S·e^(−qT) = the discounted forward.
 * One `ParityFit` per expiry: the two-sided call/put pairs within ±5% of spot.
 */
export interface ParityFit {
  /** `root:expiry` */
  key: string;
  years: number;
  strikes: number[];
  /** call mid − put mid, per strike */
  diffs: number[];
  /** The rate the slope implies, for expiries at least 14 days out (shorter ones are too noisy). */
  rate?: number;
}

const MIN_RATE_YEARS = 14 / 365;
/** Forwards are read down to one day out; below that the spot is the forward (the fallback yield applies). */
const MIN_FORWARD_YEARS = 1 / 365;
/** Pairs further than this from spot (a fraction of it) are left out of the parity lines. */
export const MONEYNESS = 0.05;
const MIN_PAIRS = 5;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** One least-squares line per expiry with at least five pairs. European exercise assumed (only approximate for SPY). */
export function parityFits(rows: RawRow[], spot: number, tickTime: number, rootsKnown: boolean): ParityFit[] {
  const groups = new Map<string, { years: number; calls: Map<number, number>; puts: Map<number, number> }>();
  for (const r of rows) {
    if (r.strike === null || r.bid === null || r.ask === null || !(r.bid > 0) || !(r.ask >= r.bid)) continue;
    if (Math.abs(r.strike / spot - 1) > MONEYNESS) continue;
    const key = `${r.root}:${r.expiry}`;
    let g = groups.get(key);
    if (!g) {
      const years = yearsBetween(tickTime, expiryTime(r.expiry, rootsKnown && isAmSettledRoot(r.root)));
      if (years < MIN_FORWARD_YEARS) continue;
      groups.set(key, (g = { years, calls: new Map(), puts: new Map() }));
    }
    (r.right === 'call' ? g.calls : g.puts).set(r.strike, (r.bid + r.ask) / 2);
  }
  const fits: ParityFit[] = [];
  for (const [key, g] of groups) {
    const strikes: number[] = [];
    const diffs: number[] = [];
    for (const [k, c] of g.calls) {
      const p = g.puts.get(k);
      if (p !== undefined) {
        strikes.push(k);
        diffs.push(c - p);
      }
    }
    if (strikes.length < MIN_PAIRS) continue;
    const mk = mean(strikes);
    const my = mean(diffs);
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < strikes.length; i++) {
      sxy += (strikes[i] - mk) * (diffs[i] - my);
      sxx += (strikes[i] - mk) ** 2;
    }
    const slope = sxy / sxx;
    const fit: ParityFit = { key, years: g.years, strikes, diffs };
    if (slope < 0 && g.years >= MIN_RATE_YEARS) fit.rate = -Math.log(-slope) / g.years;
    fits.push(fit);
  }
  return fits;
}

/** The day's rate: the median of the expiries' slope rates, or undefined when no expiry ≥ 14 days qualifies. */
export function parityRate(fits: ParityFit[]): number | undefined {
  const rates = fits.flatMap((f) => (f.rate === undefined ? [] : [f.rate]));
  return rates.length ? median(rates) : undefined;
}

/**
 * With the rate fixed, each expiry's intercept gives its own dividend yield: S·e^(−qT) = mean(c − p) + e^(−rT)·mean(K).
 * That yield puts the expiry's forward where its own parity says, which also absorbs a spot snapshot slightly out of
 * step with the option quotes (the way Cboe derives a forward per expiry). `div` is the median over expiries ≥ 14
 * days, or `fallbackDiv` when there are none.
 */
export function parityDivs(fits: ParityFit[], rate: number, spot: number, fallbackDiv: number): { div: number; divByExpiry: Map<string, number> } {
  const divByExpiry = new Map<string, number>();
  const longer: number[] = [];
  for (const f of fits) {
    const q = -Math.log((mean(f.diffs) + Math.exp(-rate * f.years) * mean(f.strikes)) / spot) / f.years;
    if (!Number.isFinite(q)) continue;
    divByExpiry.set(f.key, q);
    if (f.years >= MIN_RATE_YEARS) longer.push(q);
  }
  return { div: longer.length ? median(longer) : fallbackDiv, divByExpiry };
}
