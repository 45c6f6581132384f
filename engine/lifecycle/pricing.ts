import { contractKey } from '../domain/index.ts';
import { maxValue } from '../entry/index.ts';
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

/** Default slippage of orders without a maximum value: one combo spread beyond mid (natural plus half the spread). */
export const DEFAULT_MAX_SLIPPAGE = { ofSpread: 1 } as const;

/**
 * The worst net price per unit (positive = debit) an order on `legs` may ever carry, rounded down to the cent, or
 * null when nothing bounds it (no maximum value and no quotes):
 * - a defined-risk combo is never priced above its maximum value at expiry (a vertical bought: its width; one sold: 0);
 * - beyond mid by at most `maxSlippage` (absolute, or a fraction of the combo's bid-ask spread); the default applies
 *   only when the combo has no maximum value.
 * Marketable orders are sent as limits at this cap; limits and reprices never go past it.
 */
export function priceCap(legs: readonly PlannedLeg[], prices: ComboPrices | null, policy: ExecutionPolicy): number | null {
  const top = maxValue(legs);
  const slippage = policy.maxSlippage ?? (top === null ? DEFAULT_MAX_SLIPPAGE : undefined);
  let cap = top ?? Infinity;
  if (prices && slippage !== undefined) {
    const beyond = typeof slippage === 'number' ? slippage : slippage.ofSpread * 2 * Math.abs(prices.natural - prices.mid);
    cap = Math.min(cap, prices.mid + beyond);
  }
  if (!Number.isFinite(cap)) return null;
  const r = Math.floor(cap * 100 + 1e-7) / 100;
  return r === 0 ? 0 : r;
}

/** `price` held at or below `cap` (null: no cap). */
export function withinCap(price: number, cap: number | null): number {
  return cap === null ? price : Math.min(price, cap);
}
