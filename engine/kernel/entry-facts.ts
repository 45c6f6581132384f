/**
 * Entry-scope facts (catalogue scope `entry`) straight from the tick in memory: the strategy's open count, its
 * underlying's price and change, and the at-the-money IV of the expiry nearest the strategy's target DTE. No query:
 * the store keeps quotes only for contracts positions hold or trade.
 */
import { addDays, exchangeTime, type OptionQuote } from '../domain/index.ts';
import type { FactRecord } from '../facts/index.ts';
import type { ResolvedStrategy } from '../config/types.ts';
import type { TickWork } from './tick-work.ts';

export function entryFacts(w: TickWork, s: ResolvedStrategy, openCount: number): FactRecord {
  const u = w.tick.underlyings.find((x) => x.symbol === s.underlying);
  const price = u?.price ?? null;
  return {
    strategyOpenPositions: openCount,
    underlyingLast: price,
    underlyingChangePct: price !== null && u?.prevClose ? price / u.prevClose - 1 : null,
    atmIv: price === null ? null : atmIv(w.quotesByUnderlying.get(s.underlying) ?? [], price, addDays(exchangeTime(w.time).date, s.legs.dte.target), exchangeTime(w.time).date),
  };
}

/** Mean IV of the call and put at the strike nearest `price`, on the unexpired expiry nearest `targetExpiry`. */
export function atmIv(quotes: readonly OptionQuote[], price: number, targetExpiry: string, today: string): number | null {
  const target = Date.parse(targetExpiry);
  let bestExpiry: string | null = null;
  let bestGap = Infinity;
  for (const q of quotes) {
    if (!(q.iv! > 0) || q.contract.expiry < today) continue;
    const gap = Math.abs(Date.parse(q.contract.expiry) - target);
    if (gap < bestGap || (gap === bestGap && bestExpiry !== null && q.contract.expiry < bestExpiry)) {
      bestGap = gap;
      bestExpiry = q.contract.expiry;
    }
  }
  if (bestExpiry === null) return null;
  let bestStrike = NaN;
  for (const q of quotes) {
    if (q.contract.expiry === bestExpiry && q.iv! > 0 && !(Math.abs(q.contract.strike - price) >= Math.abs(bestStrike - price))) bestStrike = q.contract.strike;
  }
  const ivs = quotes.filter((q) => q.contract.expiry === bestExpiry && q.contract.strike === bestStrike && q.iv! > 0).map((q) => q.iv!);
  return ivs.length ? ivs.reduce((a, b) => a + b, 0) / ivs.length : null;
}
