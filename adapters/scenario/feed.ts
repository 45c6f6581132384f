/**
 * The scenario market: a `MarketFeed` that delivers a scenario's ticks in order. Quotes are priced from the tick's
 * IVs for every contract the scenario knows (declared legs and its `chain`), explicit quotes win. Previous closes
 * (underlyings, VIX) are the last value of the previous New York date, unless the tick gives the VIX's own.
 */
import { contractKey, exchangeTime, type ChainListing, type MarketTick, type OptionContract, type OptionQuote } from '../../engine/domain/index.ts';
import type { MarketFeed, Subscription } from '../../engine/ports/index.ts';
import { contractOf, settlementOf } from './load.ts';
import { tickQuotes } from './quotes.ts';
import type { Scenario } from './types.ts';

export interface ScenarioFeed extends MarketFeed {
  /** Ticks delivered so far. */
  delivered(): number;
}

export interface ScenarioFeedOptions {
  /** Risk-free rate for pricing (the scenario's `rate` wins). */
  rate: number;
}

export function createScenarioFeed(scenario: Scenario, options: ScenarioFeedOptions): ScenarioFeed {
  const rate = scenario.rate ?? options.rate;
  const contracts = new Map<string, OptionContract>();
  for (const p of scenario.positions) for (const l of p.legs) contracts.set(contractKey(l.contract), l.contract);
  for (const [u, c] of Object.entries(scenario.chain)) {
    for (const expiry of c.expiries) for (const strike of c.strikes) for (const right of ['call', 'put'] as const) {
      const k: OptionContract = { underlying: u, expiry, right, strike, multiplier: 100, settlement: settlementOf(u) };
      contracts.set(contractKey(k), k);
    }
  }
  const list = [...contracts.values()];
  let i = 0;
  let lastQuotes: OptionQuote[] = [];
  const closes = new Map<string, { date: string; last: number; prevClose?: number }>();
  const prevClose = (symbol: string, date: string, value: number): number | undefined => {
    const c = closes.get(symbol);
    let prev = c?.prevClose;
    if (c && c.date !== date) prev = c.last;
    closes.set(symbol, { date, last: value, ...(prev !== undefined ? { prevClose: prev } : {}) });
    return prev;
  };
  return {
    name: 'scenario',
    async subscribe(_s: Subscription) {},
    async chain(underlying: string): Promise<ChainListing> {
      const byExpiry = new Map<string, Set<number>>();
      for (const q of lastQuotes) {
        if (q.contract.underlying !== underlying) continue;
        const s = byExpiry.get(q.contract.expiry) ?? new Set<number>();
        s.add(q.contract.strike);
        byExpiry.set(q.contract.expiry, s);
      }
      return {
        underlying, multiplier: 100, settlement: settlementOf(underlying),
        expiries: [...byExpiry.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([expiry, s]) => ({ expiry, strikes: [...s].sort((a, b) => a - b) })),
      };
    },
    async next(): Promise<MarketTick | null> {
      const t = scenario.ticks[i];
      if (!t) return null;
      i += 1;
      const date = exchangeTime(t.time).date;
      const underlyings = Object.entries(t.prices).sort(([a], [b]) => (a < b ? -1 : 1)).map(([symbol, price]) => {
        const pc = prevClose(symbol, date, price);
        return { symbol, price, ...(pc !== undefined ? { prevClose: pc } : {}) };
      });
      let vix: MarketTick['vix'];
      if (t.vix) {
        const pc = prevClose('^VIX', date, t.vix.level);
        const p = t.vix.prevClose ?? pc;
        vix = { level: t.vix.level, ...(p !== undefined ? { prevClose: p } : {}) };
      }
      lastQuotes = tickQuotes(t, list, rate, scenario.spread, (q) => contractOf(q.underlying, q));
      return { time: t.time, underlyings, ...(vix ? { vix } : {}), quotes: lastQuotes, rate };
    },
    async close() {},
    delivered: () => i,
  };
}
