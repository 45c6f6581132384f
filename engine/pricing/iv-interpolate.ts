/**
 * The implied volatility of a contract the chain no longer quotes, read from the contracts it does quote
 * (docs/pricing.md § Model marks):
 *
 * 1. **Same expiry**: linear in strike between the nearest quoted strikes below and above (both rights pooled: at one
 *    strike and expiry a put and a call share the volatility); beyond the quoted strikes, the nearest one's (flat).
 * 2. **No quote on that expiry**: the ATM IV (the quoted strike nearest the underlying price) of the nearest expiry
 *    by date (the earlier one on a tie).
 * 3. **No IV at all**: null (the caller keeps the last mark and calls it stale).
 *
 * A point is usable when its IV is a finite number above 0. Where several points share a strike, their mean is used.
 */
export interface IvPoint {
  readonly expiry: string;
  readonly strike: number;
  readonly iv: number;
}

export interface IvAt {
  readonly iv: number;
  /** `strike`: interpolated on the leg's own expiry; `atm`: the nearest expiry's ATM IV. */
  readonly how: 'strike' | 'atm';
  /** The expiry the IV was read on. */
  readonly expiry: string;
}

/** Mean IV per strike of one expiry, strikes ascending. */
function smile(points: readonly IvPoint[], expiry: string): [number, number][] {
  const by = new Map<number, { sum: number; n: number }>();
  for (const p of points) {
    if (p.expiry !== expiry || !(Number.isFinite(p.iv) && p.iv > 0) || !Number.isFinite(p.strike)) continue;
    const e = by.get(p.strike) ?? { sum: 0, n: 0 };
    e.sum += p.iv;
    e.n += 1;
    by.set(p.strike, e);
  }
  return [...by].map(([k, e]): [number, number] => [k, e.sum / e.n]).sort((a, b) => a[0] - b[0]);
}

/** IV at `strike` on a smile (strikes ascending, non-empty): linear between neighbours, flat beyond. */
export function ivAtStrike(s: readonly (readonly [number, number])[], strike: number): number {
  if (strike <= s[0][0]) return s[0][1];
  const last = s[s.length - 1];
  if (strike >= last[0]) return last[1];
  let i = 1;
  while (s[i][0] < strike) i++;
  const [k0, v0] = s[i - 1];
  const [k1, v1] = s[i];
  return k1 === k0 ? v0 : v0 + ((v1 - v0) * (strike - k0)) / (k1 - k0);
}

const dayNumber = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000;

export function interpolateIv(points: readonly IvPoint[], expiry: string, strike: number, underlyingPrice: number | null): IvAt | null {
  const own = smile(points, expiry);
  if (own.length) return { iv: ivAtStrike(own, strike), how: 'strike', expiry };
  const expiries = [...new Set(points.filter((p) => Number.isFinite(p.iv) && p.iv > 0).map((p) => p.expiry))];
  if (!expiries.length) return null;
  const target = dayNumber(expiry);
  expiries.sort((a, b) => Math.abs(dayNumber(a) - target) - Math.abs(dayNumber(b) - target) || (a < b ? -1 : 1));
  const near = smile(points, expiries[0]);
  const atmStrike = underlyingPrice !== null && Number.isFinite(underlyingPrice) ? underlyingPrice : strike;
  let best = near[0];
  for (const p of near) if (Math.abs(p[0] - atmStrike) < Math.abs(best[0] - atmStrike)) best = p;
  return { iv: best[1], how: 'atm', expiry: expiries[0] };
}
