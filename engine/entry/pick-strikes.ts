/** Strike pickers for leg selection. Each returns a quote or null; callers turn null into a reason. */
import type { EpochMs, OptionQuote, Right, Side } from '../domain/index.ts';
import { isSellable, quoteDelta, sideOf, type Series } from './chain.ts';

export interface DeltaPick {
  quote: OptionQuote;
  delta: number;
}

const canTrade = (q: OptionQuote, side: Side): boolean => (side === 'sell' ? isSellable(q) : true);

/** Further out of the money: lower strikes for puts, higher for calls. */
export const outward = (right: Right): 1 | -1 => (right === 'call' ? 1 : -1);

/**
 * The strike whose |delta| is nearest `targetDelta` (quote delta, or BSM from its IV). Ties go to the strike further
 * out of the money (the smaller risk). Quotes without a delta or IV are skipped.
 */
/**
 * How far the picked strike's |delta| may sit from the target: half the target, at least 0.05 (0.16 → 0.08 to 0.24).
 * A chain that has no strike that close (a half-arrived live chain, a very coarse grid) gives no pick rather than a
 * strike with a different risk than the strategy asked for.
 */
export function deltaTolerance(targetDelta: number): number {
  return Math.max(0.05, targetDelta / 2);
}

export function pickByDelta(s: Series, right: Right, side: Side, targetDelta: number, underlyingPrice: number, now: EpochMs, rate: number): DeltaPick | null {
  let best: DeltaPick | null = null;
  let bestGap = Infinity;
  for (const q of sideOf(s, right).values()) {
    if (!canTrade(q, side)) continue;
    const delta = quoteDelta(q, underlyingPrice, now, rate);
    if (delta === null) continue;
    const gap = Math.abs(Math.abs(delta) - targetDelta);
    const tie = Math.abs(gap - bestGap) < 1e-12;
    if (gap < bestGap - 1e-12 || (tie && best && outward(right) * (q.contract.strike - best.quote.contract.strike) > 0)) {
      best = { quote: q, delta };
      bestGap = gap;
    }
  }
  return best && bestGap <= deltaTolerance(targetDelta) + 1e-12 ? best : null;
}

/** The strike nearest the underlying where every right in `rights` can be traded on `side` (ties: the lower). */
export function pickAtm(s: Series, rights: readonly Right[], side: Side, underlyingPrice: number): number | null {
  const strikes = new Set<number>();
  for (const r of rights) for (const k of sideOf(s, r).keys()) strikes.add(k);
  let best: number | null = null;
  for (const k of [...strikes].sort((a, b) => a - b)) {
    if (!rights.every((r) => { const q = sideOf(s, r).get(k); return q !== undefined && canTrade(q, side); })) continue;
    if (best === null || Math.abs(k - underlyingPrice) < Math.abs(best - underlyingPrice) - 1e-9) best = k;
  }
  return best;
}

/**
 * The wing: the listed strike nearest `anchor ± wingWidth` (further out of the money, or into it for an inner wing)
 * that is strictly beyond the anchor in that direction and tradable on `side`. Ties go to the strike nearer the anchor
 * (the narrower wing, the smaller max loss).
 */
export function pickWing(s: Series, right: Right, side: Side, anchorStrike: number, wingWidth: number, direction: 'out' | 'in' = 'out'): OptionQuote | null {
  const dir = direction === 'out' ? outward(right) : -outward(right);
  const target = anchorStrike + dir * wingWidth;
  let best: OptionQuote | null = null;
  for (const q of sideOf(s, right).values()) {
    const k = q.contract.strike;
    if (dir * (k - anchorStrike) <= 0 || !canTrade(q, side)) continue;
    if (!best) { best = q; continue; }
    const gap = Math.abs(k - target) - Math.abs(best.contract.strike - target);
    if (gap < -1e-9 || (Math.abs(gap) <= 1e-9 && Math.abs(k - anchorStrike) < Math.abs(best.contract.strike - anchorStrike))) best = q;
  }
  return best;
}
