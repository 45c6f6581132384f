import type { RawRow } from './quality.ts';
import { expiryTime } from './quality.ts';
import { yearsBetween } from '../../engine/pricing/index.ts';

/** The rate and dividend yield one quote date implies, and how many expiries they were read from (0 = fallback). */
export interface ParityEstimate {
  rate: number;
  div: number;
  expiries: number;
}

const MIN_YEARS = 14 / 365;
const MONEYNESS = 0.05;
const MIN_PAIRS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Reads the continuously compounded rate r and dividend yield q from put–call parity, c − p = S·e^(−qT) − K·e^(−rT):
 * for each expiry at least 14 days out, an ordinary least-squares line of (call mid − put mid) against the strike over
 * two-sided pairs within ±5% of spot gives slope −e^(−rT) and intercept S·e^(−qT). The day's r and q are the medians
 * over those expiries. Returns `fallback` (with expiries = 0) when no expiry qualifies. European exercise assumed:
 * for American options (SPY) the estimate is only approximate.
 */
export function estimateFromParity(rows: RawRow[], spot: number, tickTime: number, fallback: { rate: number; div: number }): ParityEstimate {
  const groups = new Map<string, { years: number; calls: Map<number, number>; puts: Map<number, number> }>();
  for (const r of rows) {
    if (r.strike === null || r.bid === null || r.ask === null || !(r.bid > 0) || !(r.ask >= r.bid)) continue;
    if (Math.abs(r.strike / spot - 1) > MONEYNESS) continue;
    const gk = `${r.root}:${r.expiry}`;
    let g = groups.get(gk);
    if (!g) {
      const years = yearsBetween(tickTime, expiryTime(r.root, r.expiry));
      if (years < MIN_YEARS) continue;
      g = { years, calls: new Map(), puts: new Map() };
      groups.set(gk, g);
    }
    (r.right === 'call' ? g.calls : g.puts).set(r.strike, (r.bid + r.ask) / 2);
  }
  const rates: number[] = [];
  const fits: { years: number; ks: number[]; ys: number[] }[] = [];
  for (const g of groups.values()) {
    const ks: number[] = [];
    const ys: number[] = [];
    for (const [k, c] of g.calls) {
      const p = g.puts.get(k);
      if (p !== undefined) {
        ks.push(k);
        ys.push(c - p);
      }
    }
    if (ks.length < MIN_PAIRS) continue;
    const mk = ks.reduce((a, b) => a + b, 0) / ks.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < ks.length; i++) {
      sxy += (ks[i] - mk) * (ys[i] - my);
      sxx += (ks[i] - mk) ** 2;
    }
    const slope = sxy / sxx;
    if (!(slope < 0)) continue;
    rates.push(-Math.log(-slope) / g.years);
    fits.push({ years: g.years, ks, ys });
  }
  if (rates.length === 0) return { ...fallback, expiries: 0 };
  const rate = median(rates);
  // With r fixed to the day's median, each expiry's intercept gives its own q: S·e^(−qT) = mean(y) + e^(−rT)·mean(K).
  const divs = fits.map(({ years, ks, ys }) => {
    const mk = ks.reduce((a, b) => a + b, 0) / ks.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    return -Math.log((my + Math.exp(-rate * years) * mk) / spot) / years;
  });
  return { rate, div: median(divs.filter(Number.isFinite)), expiries: rates.length };
}
