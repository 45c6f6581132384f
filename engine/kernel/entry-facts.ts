/**
 * Entry-scope facts (catalogue scope `entry`) straight from the tick in memory: the strategy's open count, its
 * underlying's price and change, and the at-the-money IV of the expiry nearest the strategy's target DTE. No query:
 * the store keeps quotes only for contracts positions hold or trade. Also the book the entry limits are checked
 * against (`entryBook`): the tick's portfolio facts with unfilled entries at their planned figures.
 */
import { addDays, exchangeTime, type Greeks, type OptionQuote } from '../domain/index.ts';
import type { FactRecord, FactsSnapshot } from '../facts/index.ts';
import type { ResolvedStrategy } from '../config/types.ts';
import { EntryBook, GREEKS, legsExposure, type Exposure, type GreekName, type QuoteOf } from '../risk/index.ts';
import type { KernelState } from './state.ts';
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

/**
 * The Greeks of a contract at this tick: the tick's own quote, else the latest one the kernel keeps (a live feed may
 * not repeat every line every tick). The tick's quotes are indexed on first use.
 */
export function tickQuotes(k: KernelState, w: TickWork): QuoteOf {
  let byKey: Map<string, OptionQuote> | null = null;
  return (key) => {
    byKey ??= new Map(w.tick.quotes.map((q) => [q.key, q]));
    const q = byKey.get(key);
    if (q) return q;
    const row = k.market.quotes.get(key);
    if (!row) return undefined;
    const g: Greeks = {};
    if (row.delta !== null) g.delta = row.delta;
    if (row.gamma !== null) g.gamma = row.gamma;
    if (row.thetaPerDay !== null) g.thetaPerDay = row.thetaPerDay;
    if (row.vegaPerPoint !== null) g.vegaPerPoint = row.vegaPerPoint;
    return g;
  };
}

/**
 * The book as the entry limits see it (engine/risk/entry-book.ts): every open position counted per underlying, and
 * every position still in `entry` at its planned figures (the structure it asked for × its target units, at this
 * tick's quotes) in place of what the facts count for it (its filled part, or 0 before any fill).
 */
export function entryBook(k: KernelState, facts: FactsSnapshot, quoteOf: QuoteOf): EntryBook {
  const perUnderlying = new Map<string, number>();
  const pending: Record<GreekName, number> = { delta: 0, gamma: 0, vega: 0, theta: 0 };
  for (const e of k.book.entries.values()) {
    const phase = e.actor.phase();
    if (phase === 'closed') continue;
    const c = e.actor.context();
    perUnderlying.set(c.underlying, (perUnderlying.get(c.underlying) ?? 0) + 1);
    if (phase !== 'entry') continue;
    const planned: Exposure = legsExposure(c.structureLegs, c.targetQuantity, quoteOf);
    const counted = facts.positions.get(e.actor.id) ?? {};
    for (const g of GREEKS) {
      const p = planned[g];
      // A Greek no quote carries stays as the facts count it: the limits cannot figure it, the halt rules see the same.
      if (p !== null) pending[g] += p - numberOr(counted[g], 0);
    }
  }
  return new EntryBook({ portfolio: facts.portfolio, perUnderlying, pending });
}

function numberOr(v: unknown, d: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : d;
}
