/**
 * Structure maths at expiry: net prices, max profit, max loss and breakevens. Net prices are dollars per share per
 * unit, positive = debit paid, negative = credit received. Cents are per unit with the contract multiplier applied.
 */
import { toCents, type OptionContract, type OptionQuote, type Side } from '../domain/index.ts';
import { mid } from './chain.ts';

export interface PayoffLeg {
  contract: Pick<OptionContract, 'right' | 'strike' | 'expiry'>;
  side: Side;
  ratio: number;
}

export interface ProfitLoss {
  /** Best outcome per unit; null when unbounded or unknown (legs in different expiries). */
  maxProfitCents: number | null;
  /** Worst outcome per unit as a positive number; null when unbounded (undefined risk). */
  maxLossCents: number | null;
  /** Ascending underlying prices at expiry where the payoff is zero (empty when legs span expiries). */
  breakevens: number[];
}

const sign = (side: Side): number => (side === 'buy' ? 1 : -1);

/** Net mid and natural prices of legs with quotes: buys pay the ask, sells receive the bid at natural. */
export function netPrices(legs: readonly (PayoffLeg & { quote: OptionQuote })[]): { midNet: number; naturalNet: number } {
  let midNet = 0;
  let naturalNet = 0;
  for (const l of legs) {
    midNet += sign(l.side) * l.ratio * mid(l.quote);
    naturalNet += sign(l.side) * l.ratio * (l.side === 'buy' ? l.quote.ask : l.quote.bid);
  }
  return { midNet: round6(midNet), naturalNet: round6(naturalNet) };
}

/**
 * Rounds a net price to 0.01 toward the natural side (a higher signed net: a smaller credit or a larger debit), so a
 * limit is never better than mid; never past natural.
 */
export function roundTowardNatural(net: number, naturalNet: number): number {
  const up = Math.ceil(round6(net * 100)) / 100;
  const natural = Math.round(naturalNet * 100) / 100;
  return round6(Math.min(up, Math.max(natural, Math.round(net * 100) / 100)));
}

/** Payoff at expiry per share per unit, at underlying price `s`, having paid `netPrice` (debit +, credit −). */
export function expiryPayoff(legs: readonly PayoffLeg[], netPrice: number, s: number): number {
  let v = -netPrice;
  for (const l of legs) {
    const intrinsic = l.contract.right === 'call' ? Math.max(s - l.contract.strike, 0) : Math.max(l.contract.strike - s, 0);
    v += sign(l.side) * l.ratio * intrinsic;
  }
  return v;
}

/**
 * The most one unit of `legs` (buy legs +, sell legs −) can ever be worth at expiry, dollars per share: the width of a
 * vertical bought, 0 for one sold. Null when unbounded (a call bought net) or unknown (legs in different expiries).
 * Paying more than this for the combo can never be recovered: the price cap of defined-risk orders (docs/lifecycle.md).
 */
export function maxValue(legs: readonly PayoffLeg[]): number | null {
  if (legs.length === 0 || new Set(legs.map((l) => l.contract.expiry)).size > 1) return null;
  const { points, slopeUp } = shape(legs);
  if (slopeUp > 0) return null;
  return round6(Math.max(...points.map((s) => expiryPayoff(legs, 0, s))));
}

/**
 * Max profit, max loss and breakevens of a structure opened at `netPrice`. For legs in one expiry the payoff is
 * piecewise linear in the underlying: it is evaluated at 0 and at every strike, and its slope beyond the highest
 * strike decides whether profit or loss is unbounded. For legs in different expiries (calendars) the loss is at most
 * the debit paid and the profit depends on volatility: max profit is null, breakevens empty.
 */
export function maxProfitLoss(legs: readonly PayoffLeg[], netPrice: number, multiplier: number): ProfitLoss {
  const expiries = new Set(legs.map((l) => l.contract.expiry));
  if (expiries.size > 1) {
    return { maxProfitCents: null, maxLossCents: netPrice > 0 ? toCents(netPrice * multiplier) : 0, breakevens: [] };
  }
  const { points, slopeUp } = shape(legs);
  const values = points.map((s) => expiryPayoff(legs, netPrice, s));
  const top = Math.max(...values);
  const bottom = Math.min(...values);
  return {
    maxProfitCents: slopeUp > 0 ? null : toCents(top * multiplier),
    maxLossCents: slopeUp < 0 ? null : toCents(Math.max(0, -bottom) * multiplier),
    breakevens: breakevens(points, values, slopeUp),
  };
}

/**
 * The entry basis of `units` combo units whose opening fills brought `premiumCents` in total (+ credit received,
 * − debit paid, before commission): max profit, max loss (cents, all units) and breakevens. The premium is the sum of
 * the actual fills (partial fills and fills after repricing included), so the basis is exact to the cent: the payoff
 * at expiry is `premium + units × Σ intrinsic × multiplier`, evaluated where maxProfitLoss evaluates it. Breakevens
 * use the average fill price per unit. No units (nothing filled): every figure is null / empty.
 */
export function basisFromFills(legs: readonly PayoffLeg[], premiumCents: number, units: number, multiplier: number): ProfitLoss {
  if (units <= 0 || legs.length === 0) return { maxProfitCents: null, maxLossCents: null, breakevens: [] };
  const expiries = new Set(legs.map((l) => l.contract.expiry));
  if (expiries.size > 1) return { maxProfitCents: null, maxLossCents: Math.max(0, -premiumCents), breakevens: [] };
  const { points, slopeUp } = shape(legs);
  const totals = points.map((s) => premiumCents + Math.round(units * expiryPayoff(legs, 0, s) * multiplier * 100));
  const top = Math.max(...totals);
  const bottom = Math.min(...totals);
  const avgNet = -premiumCents / (units * multiplier * 100);
  return {
    maxProfitCents: slopeUp > 0 ? null : top,
    maxLossCents: slopeUp < 0 ? null : Math.max(0, -bottom),
    breakevens: breakevens(points, points.map((s) => expiryPayoff(legs, avgNet, s)), slopeUp),
  };
}

/** Where the expiry payoff can turn (0 and every strike) and its slope beyond the highest strike. */
function shape(legs: readonly PayoffLeg[]): { points: number[]; slopeUp: number } {
  const strikes = [...new Set(legs.map((l) => l.contract.strike))].sort((a, b) => a - b);
  let slopeUp = 0;
  for (const l of legs) if (l.contract.right === 'call') slopeUp += sign(l.side) * l.ratio;
  return { points: [0, ...strikes], slopeUp };
}

function breakevens(points: number[], values: number[], slopeUp: number): number[] {
  const out: number[] = [];
  const eps = 1e-9;
  for (let i = 0; i < points.length - 1; i++) {
    const a = values[i];
    const b = values[i + 1];
    if (Math.abs(a) < eps) { if (i > 0) out.push(points[i]); continue; }
    if ((a < 0 && b > 0) || (a > 0 && b < 0)) out.push(points[i] + ((points[i + 1] - points[i]) * -a) / (b - a));
  }
  const last = points.length - 1;
  const vLast = values[last];
  if (Math.abs(vLast) < eps && last > 0) out.push(points[last]);
  else if (slopeUp !== 0 && Math.sign(vLast) !== Math.sign(slopeUp)) out.push(points[last] - vLast / slopeUp);
  return [...new Set(out.map((x) => Math.round(x * 100) / 100))].sort((a, b) => a - b);
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
