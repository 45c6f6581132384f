/**
 * The latest market state the facts need, kept in memory exactly as the store keeps it in its `quotes`,
 * `underlyings` and `market` tables: the latest quote per contract (expired contracts dropped once per New York
 * day), the latest price per underlying, the latest VIX. The kernel updates it with every tick it ingests.
 */
import { exchangeTime, type MarketTick } from '../domain/index.ts';
import { quoteRow, type QuoteRow } from '../store/index.ts';

export class MarketMemory {
  readonly quotes = new Map<string, QuoteRow>();
  readonly underlyings = new Map<string, number>();
  vix: number | null = null;
  vixPrevClose: number | null = null;
  private prunedDate = '';

  /** Same rules as the store's ingest: `onlyKeys` limits which quotes are kept. */
  ingest(tick: MarketTick, onlyKeys?: ReadonlySet<string>): void {
    const today = exchangeTime(tick.time).date;
    if (today !== this.prunedDate) {
      for (const [key, q] of this.quotes) if (q.expiry < today) this.quotes.delete(key);
      this.prunedDate = today;
    }
    for (const q of tick.quotes) if (!onlyKeys || onlyKeys.has(q.key)) this.quotes.set(q.key, quoteRow(q, tick.time));
    for (const u of tick.underlyings) this.underlyings.set(u.symbol, u.price);
    if (tick.vix) {
      this.vix = tick.vix.level;
      this.vixPrevClose = tick.vix.prevClose ?? null;
    }
  }
}
