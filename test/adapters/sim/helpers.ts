import { contractKey } from '../../../engine/domain/index.ts';
import type { MarketTick, OptionContract, OptionQuote, OrderLeg, OrderRequest } from '../../../engine/domain/index.ts';
export { exchangeTime, fromExchangeTime, isRegularSession } from '../../../engine/domain/index.ts';

export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function contract(right: 'call' | 'put', strike: number, expiry = '2026-01-16', underlying = 'SPY', settlement: 'cash' | 'physical' = 'physical'): OptionContract {
  return { underlying, expiry, right, strike, multiplier: 100, settlement };
}

export function quote(c: OptionContract, bid: number, ask: number, size = 50): OptionQuote {
  return { key: contractKey(c), contract: c, bid, ask, bidSize: size, askSize: size };
}

export function tick(time: number, quotes: OptionQuote[], prices: Record<string, number> = { SPY: 450 }): MarketTick {
  return { time, underlyings: Object.entries(prices).map(([symbol, price]) => ({ symbol, price })), quotes };
}

export function leg(c: OptionContract, side: 'buy' | 'sell', ratio = 1): OrderLeg {
  return { contract: c, side, ratio };
}

export function order(clientOrderId: string, legs: OrderLeg[], limitPrice: number | null, extra: Partial<OrderRequest> = {}): OrderRequest {
  return {
    clientOrderId, positionId: 'p1', purpose: 'open', legs, quantity: 1, style: limitPrice === null ? 'marketable' : 'limit', limitPrice,
    timeInForce: 'gtc', configVersion: 'v1', ...extra,
  };
}
