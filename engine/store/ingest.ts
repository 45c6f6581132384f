/** Writes a tick's market data (latest quotes, underlyings, VIX) inside the open tick transaction. */
import { exchangeTime, type MarketTick, type OptionQuote } from '../domain/index.ts';
import type { Db } from './db.ts';
import { TABLES } from './tables.ts';
import type { IngestOptions, QuoteRow } from './types.ts';
import { upsert } from './upsert.ts';

const num = (x: number | undefined): number | null => (x === undefined || !Number.isFinite(x) ? null : x);

/** Mid in dollars per share: (bid + ask) / 2 when both sides are usable, else null (no mark). */
export function midPrice(bid: number, ask: number): number | null {
  if (!Number.isFinite(bid) || !Number.isFinite(ask) || bid < 0 || ask < 0 || ask < bid) return null;
  return (bid + ask) / 2;
}

export function quoteRow(q: OptionQuote, time: number): QuoteRow {
  const c = q.contract;
  return {
    key: q.key, underlying: c.underlying, expiry: c.expiry, right: c.right, strike: c.strike, multiplier: c.multiplier,
    bid: num(q.bid), ask: num(q.ask), mid: midPrice(q.bid, q.ask), iv: num(q.iv), delta: num(q.delta), gamma: num(q.gamma),
    thetaPerDay: num(q.thetaPerDay), vegaPerPoint: num(q.vegaPerPoint), time,
  };
}

export class MarketIngest {
  private lastPrunedDate = '';

  /** The tick that pruned was rolled back: prune again with the next tick. */
  forgetPrune(): void {
    this.lastPrunedDate = '';
  }

  async ingest(db: Db, tick: MarketTick, options: IngestOptions = {}): Promise<void> {
    const today = exchangeTime(tick.time).date;
    if (today !== this.lastPrunedDate) {
      // Expired contracts leave the latest-quotes table once per exchange day.
      await db.runCached(`DELETE FROM quotes WHERE expiry < ?`, [today]);
      this.lastPrunedDate = today;
    }
    const only = options.onlyKeys;
    const quotes = only ? tick.quotes.filter((q) => only.has(q.key)) : tick.quotes;
    await upsert(db, TABLES.quotes, quotes.map((q) => quoteRow(q, tick.time)));
    await upsert(db, TABLES.underlyings, tick.underlyings.map((u) => ({ symbol: u.symbol, price: u.price, prevClose: u.prevClose ?? null, time: tick.time })));
    if (tick.vix) {
      await db.runCached(
        `INSERT INTO market (id, vix, vix_prev_close, time) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET vix = excluded.vix, vix_prev_close = excluded.vix_prev_close, time = excluded.time`,
        [tick.vix.level, tick.vix.prevClose ?? null, tick.time],
      );
    }
  }
}
