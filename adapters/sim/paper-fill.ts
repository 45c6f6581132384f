import { contractKey } from '../../engine/domain/index.ts';
import type { LegFill, OptionQuote, OrderLeg, OrderRequest } from '../../engine/domain/index.ts';

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

export interface Execution {
  /** Net per unit at the model price, after slippage (positive = debit), dollars per share. */
  net: number;
  /** Per-leg execution prices after slippage, in leg order. */
  prices: number[];
  /** Whole units the displayed sizes can absorb (min over legs of size / ratio). */
  sizeUnits: number;
}

/**
 * The execution price of a combo under the fill model: each leg at its mid moved `fraction` × its spread toward the
 * side that pays (buy legs up, sell legs down), plus slippage (sell legs never below 0). `fraction` 0.5 is the natural
 * price (buy at the ask, sell at the bid), 0 the mid. Null when a leg has no quote or a sell leg has no bid (nobody to
 * sell to).
 */
export function executionPrice(legs: OrderLeg[], quote: (key: string) => OptionQuote | undefined, slippage: number, fraction = 0.5): Execution | null {
  let net = 0;
  let sizeUnits = Infinity;
  const prices: number[] = [];
  for (const leg of legs) {
    const q = quote(contractKey(leg.contract));
    if (!q) return null;
    if (leg.side === 'sell' && !(q.bid > 0)) return null;
    const price = round4(leg.side === 'buy' ? legPrice(q, fraction, 1) + slippage : Math.max(0, legPrice(q, fraction, -1) - slippage));
    prices.push(price);
    net += (leg.side === 'buy' ? 1 : -1) * leg.ratio * price;
    const size = leg.side === 'buy' ? q.askSize : q.bidSize;
    if (size !== undefined) sizeUnits = Math.min(sizeUnits, Math.floor(size / leg.ratio));
  }
  return { net: round4(net), prices, sizeUnits };
}

/** A leg's model price: exactly the ask (buy) or the bid (sell) at fraction 0.5, the mid at 0. */
function legPrice(q: OptionQuote, fraction: number, sign: 1 | -1): number {
  if (fraction === 0.5) return sign === 1 ? q.ask : q.bid;
  return (q.bid + q.ask) / 2 + sign * fraction * (q.ask - q.bid);
}

/** Whether the order may execute at `net`: a limit when net ≤ limit; a marketable order always, or under its cap. */
export function isMarketable(order: Pick<OrderRequest, 'style' | 'limitPrice'>, net: number): boolean {
  if (order.limitPrice === null) return order.style === 'marketable';
  return net <= order.limitPrice + 1e-9;
}

export function legFills(legs: OrderLeg[], prices: number[], units: number): LegFill[] {
  return legs.map((leg, i) => ({ key: contractKey(leg.contract), side: leg.side, quantity: leg.ratio * units, price: prices[i] }));
}

/** A deterministic uniform in [0, 1) from a seed and a counter (survives restarts: no hidden generator state). */
export function hashUniform(seed: number, n: number): number {
  let h = Math.imul((seed | 0) ^ 0x85ebca6b, 0x9e3779b1) ^ Math.imul(n | 0, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}
