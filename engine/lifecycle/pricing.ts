import { contractKey } from '../domain/index.ts';
import type { ExecutionPolicy, LegMarks, PlannedLeg } from './types.ts';

/**
 * Net prices of a combo per unit, in dollars per share, with the order sign convention: positive = a debit paid,
 * negative = a credit received. Buying a leg pays its ask (natural) or mid; selling receives its bid or mid.
 */
export interface ComboPrices {
  mid: number;
  natural: number;
}

export function roundPrice(x: number): number {
  const r = Math.round(x * 100) / 100;
  return r === 0 ? 0 : r; // no -0 in orders
}

/** The combo's mid and natural prices, or null when a leg has no usable mark. */
export function comboPrices(legs: readonly PlannedLeg[], marks: LegMarks | undefined): ComboPrices | null {
  if (!marks) return null;
  let mid = 0;
  let natural = 0;
  for (const leg of legs) {
    const m = marks[contractKey(leg.contract)];
    if (!m || !Number.isFinite(m.bid) || !Number.isFinite(m.ask) || m.ask <= 0 || m.bid < 0) return null;
    const legMid = (m.bid + m.ask) / 2;
    if (leg.side === 'buy') {
      mid += legMid * leg.ratio;
      natural += m.ask * leg.ratio;
    } else {
      mid -= legMid * leg.ratio;
      natural -= m.bid * leg.ratio;
    }
  }
  return { mid, natural };
}

/**
 * The limit for the `reprices`-th price of an order: the policy's start price moved `reprices × repriceStep` toward
 * natural, never beyond natural, rounded to 0.01. Anchored on the current marks, so a moving market is followed.
 */
export function limitPrice(prices: ComboPrices, policy: ExecutionPolicy, reprices: number): number {
  const start = policy.startPrice === 'natural' ? prices.natural : prices.mid;
  const gap = prices.natural - start;
  const move = Math.min(Math.abs(gap), Math.max(0, policy.repriceStep) * reprices);
  return roundTowardNatural(start + Math.sign(gap) * move, prices.natural);
}

/**
 * Rounds a limit to the cent on the natural side: a half-cent mid (−1.525 on a credit) becomes −1.52, never −1.53,
 * which would ask for more than mid and could miss a fill at mid. Never beyond natural.
 */
export function roundTowardNatural(x: number, natural: number): number {
  const cents = x * 100;
  const r = (natural >= x ? Math.ceil(cents - 1e-7) : Math.floor(cents + 1e-7)) / 100;
  const capped = natural >= x ? Math.min(r, roundPrice(natural)) : Math.max(r, roundPrice(natural));
  return capped === 0 ? 0 : capped;
}
