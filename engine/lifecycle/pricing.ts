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
  return roundPrice(start + Math.sign(gap) * move);
}
