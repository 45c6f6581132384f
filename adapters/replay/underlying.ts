/**
 * The underlying price of one snapshot. Rows carry their own `underlying_price`; a row's value is usable when it is a
 * finite number above zero. The snapshot's price is the median of the usable values. A snapshot with none takes the
 * price from put–call parity on its nearest expiry; when parity cannot say either, the tick has no underlying.
 */
import type { RawRow } from './quality.ts';
import { expiryTime, isAmSettledRoot } from './quality.ts';
import { yearsBetween } from '../../engine/pricing/index.ts';

/** Where a snapshot's underlying price came from. */
export type SpotSource = 'rows' | 'parity' | 'none';

/** Usable underlying price: finite and above zero (NaN, ±Infinity, 0, negatives and blanks are not). */
export function usablePrice(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0;
}

const MIN_YEARS = 1 / 365;
const MIN_PAIRS = 5;

/**
 * S from parity on the nearest expiry (at least a day out) with five two-sided call/put pairs: around the strike where
 * call mid − put mid changes sign, c − p + K·e^(−rT) averaged over the five nearest pairs is S·e^(−qT); over a short
 * expiry the yield term is small (1.9% a year over two weeks: 0.07%) and is ignored. Undefined when no expiry has the
 * pairs, or the result is not a usable price.
 */
export function spotFromParity(rows: RawRow[], tickTime: number, rootsKnown: boolean, rate: number): number | undefined {
  const groups = new Map<string, { years: number; calls: Map<number, number>; puts: Map<number, number> }>();
  for (const r of rows) {
    if (!usablePrice(r.strike) || r.bid === null || r.ask === null || !(r.bid > 0) || !(r.ask >= r.bid)) continue;
    const key = `${r.root}:${r.expiry}`;
    let g = groups.get(key);
    if (!g) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(r.expiry ?? '')) continue;
      const years = yearsBetween(tickTime, expiryTime(r.expiry, rootsKnown && isAmSettledRoot(r.root)));
      if (!(years >= MIN_YEARS)) continue;
      groups.set(key, (g = { years, calls: new Map(), puts: new Map() }));
    }
    if (r.right === 'call') g.calls.set(r.strike, (r.bid + r.ask) / 2);
    else if (r.right === 'put') g.puts.set(r.strike, (r.bid + r.ask) / 2);
  }
  const candidates = [...groups.values()].sort((a, b) => a.years - b.years);
  for (const g of candidates) {
    const pairs: { k: number; diff: number }[] = [];
    for (const [k, c] of g.calls) {
      const p = g.puts.get(k);
      if (p !== undefined) pairs.push({ k, diff: c - p });
    }
    if (pairs.length < MIN_PAIRS) continue;
    const near = pairs.sort((a, b) => Math.abs(a.diff) - Math.abs(b.diff)).slice(0, MIN_PAIRS);
    const disc = Math.exp(-rate * g.years);
    const s = near.reduce((sum, x) => sum + x.diff + x.k * disc, 0) / near.length;
    if (usablePrice(s)) return s;
  }
  return undefined;
}
