import { contractKey } from '../../engine/domain/index.ts';
import type { EpochMs, OptionQuote, OrderLeg, OrderRequest } from '../../engine/domain/index.ts';
import { expiryClose } from './calendar.ts';

export interface Rejection {
  code: 'TW_SIM_ORDER_BAD_QUANTITY' | 'TW_SIM_ORDER_BAD_PRICE' | 'TW_SIM_ORDER_UNKNOWN_CONTRACT' | 'TW_SIM_ORDER_WRONG_SIDE';
  reason: string;
}

const isWhole = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1;

/** Quantity, legs and price shape: checks that need no market. */
export function checkShape(order: OrderRequest): Rejection | null {
  if (!Array.isArray(order.legs) || order.legs.length === 0) return { code: 'TW_SIM_ORDER_BAD_QUANTITY', reason: 'the order has no legs' };
  if (!isWhole(order.quantity)) return { code: 'TW_SIM_ORDER_BAD_QUANTITY', reason: `quantity ${order.quantity} is not a positive whole number` };
  const badRatio = order.legs.find((l) => !isWhole(l.ratio));
  if (badRatio) return { code: 'TW_SIM_ORDER_BAD_QUANTITY', reason: `leg ratio ${badRatio.ratio} is not a positive whole number` };
  return checkPrice(order.style, order.limitPrice);
}

export function checkPrice(style: OrderRequest['style'], limitPrice: number | null): Rejection | null {
  if (style !== 'limit' && style !== 'marketable') return { code: 'TW_SIM_ORDER_BAD_PRICE', reason: `style ${style} is neither limit nor marketable` };
  if (style === 'limit' && (typeof limitPrice !== 'number' || !Number.isFinite(limitPrice))) {
    return { code: 'TW_SIM_ORDER_BAD_PRICE', reason: `a limit order needs a finite limit price, got ${limitPrice}` };
  }
  if (style === 'marketable' && limitPrice !== null && !(typeof limitPrice === 'number' && Number.isFinite(limitPrice))) {
    return { code: 'TW_SIM_ORDER_BAD_PRICE', reason: `a marketable order's cap must be a finite number or null, got ${limitPrice}` };
  }
  return null;
}

/** Every leg must be quoted in the last tick and its expiry must not have closed. */
export function checkContracts(legs: OrderLeg[], quote: (key: string) => OptionQuote | undefined, now: EpochMs | null): Rejection | null {
  for (const leg of legs) {
    const key = contractKey(leg.contract);
    if (now === null) return { code: 'TW_SIM_ORDER_UNKNOWN_CONTRACT', reason: `leg ${key}: no market data observed yet` };
    if (!quote(key) || expiryClose(leg.contract.expiry) <= now) return { code: 'TW_SIM_ORDER_UNKNOWN_CONTRACT', reason: `leg ${key} is not a listed contract (unknown or expired)` };
  }
  return null;
}

/**
 * The lowest value one unit of the combo can ever have, in dollars per share (buy legs +, sell legs −), or −Infinity.
 * For legs sharing one expiry it is the minimum of the expiry payoff (capped at 0 from above, since a positive floor is
 * only reached after discounting); across expiries it is 0 when every leg is bought and −Infinity otherwise.
 */
export function comboFloor(legs: OrderLeg[]): number {
  const expiries = new Set(legs.map((l) => `${l.contract.underlying}:${l.contract.expiry}`));
  if (expiries.size > 1) return legs.every((l) => l.side === 'buy') ? 0 : -Infinity;
  const payoff = (s: number) =>
    legs.reduce((sum, l) => {
      const intrinsic = l.contract.right === 'call' ? Math.max(s - l.contract.strike, 0) : Math.max(l.contract.strike - s, 0);
      return sum + (l.side === 'buy' ? 1 : -1) * l.ratio * intrinsic;
    }, 0);
  const slopeAbove = legs.reduce((sum, l) => sum + (l.contract.right === 'call' ? (l.side === 'buy' ? 1 : -1) * l.ratio : 0), 0);
  if (slopeAbove < 0) return -Infinity;
  let min = payoff(0);
  for (const l of legs) min = Math.min(min, payoff(l.contract.strike));
  return Math.min(min, 0);
}

/** A limit (or a marketable order's cap) below the combo's floor can never be valid: the order is on the wrong side. */
export function checkSide(legs: OrderLeg[], limitPrice: number | null): Rejection | null {
  if (limitPrice === null) return null;
  const floor = comboFloor(legs);
  if (limitPrice < floor - 1e-9) {
    return {
      code: 'TW_SIM_ORDER_WRONG_SIDE',
      reason: `limit ${limitPrice} is on the wrong side of the market: this combo can never be worth less than ${Math.round(floor * 100) / 100} per unit (positive = debit paid, negative = credit received)`,
    };
  }
  return null;
}
