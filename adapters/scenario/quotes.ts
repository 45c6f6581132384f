/**
 * Option quotes for a scenario tick: contracts priced with Black–Scholes–Merton from the tick's implied volatility,
 * then explicit quotes on top (explicit wins). Spread: `bid = mid − spread/2` (floored at 0), `ask = mid + spread/2`,
 * both rounded to the cent. Time to expiry runs to 16:00 New York on the expiry date, on a 365-day year; no dividends.
 */
import { bsm, yearsBetween } from '../../engine/pricing/index.ts';
import { contractKey, fromExchangeTime, type OptionContract, type OptionQuote } from '../../engine/domain/index.ts';
import type { IvSpec, ScenarioQuoteFile, ScenarioTick } from './types.ts';

const CLOSE_MIN = 16 * 60;

/** The IV for a contract under a tick's IV map (`*` = every underlying), or null when none is given. */
export function ivFor(iv: Readonly<Record<string, IvSpec>>, c: OptionContract): number | null {
  const spec = iv[c.underlying] ?? iv['*'];
  if (spec === undefined) return null;
  if (typeof spec === 'number') return spec;
  const e = spec[c.expiry] ?? spec.default;
  if (e === undefined) return null;
  if (typeof e === 'number') return e;
  return e[String(c.strike)] ?? e.default ?? null;
}

export function expiryCloseMs(expiry: string): number {
  return fromExchangeTime(expiry, CLOSE_MIN);
}

const cents = (x: number) => Math.round(x * 100) / 100;

export function priceQuote(c: OptionContract, spot: number, vol: number, time: number, rate: number, spread: number): OptionQuote {
  const r = bsm({ right: c.right, spot, strike: c.strike, years: yearsBetween(time, expiryCloseMs(c.expiry)), rate, vol });
  const mid = Math.max(r.price, 0);
  return {
    key: contractKey(c), contract: c, bid: Math.max(0, cents(mid - spread / 2)), ask: cents(mid + spread / 2),
    iv: vol, delta: r.delta, gamma: r.gamma, thetaPerDay: r.thetaPerDay, vegaPerPoint: r.vegaPerPoint, underlyingPrice: spot,
  };
}

export function explicitQuote(c: OptionContract, q: ScenarioQuoteFile, spot: number | undefined, time: number, rate: number): OptionQuote {
  const out: OptionQuote = { key: contractKey(c), contract: c, bid: q.bid, ask: q.ask, ...(spot !== undefined ? { underlyingPrice: spot } : {}) };
  if (q.iv !== undefined && spot !== undefined) {
    const g = bsm({ right: c.right, spot, strike: c.strike, years: yearsBetween(time, expiryCloseMs(c.expiry)), rate, vol: q.iv });
    Object.assign(out, { iv: q.iv, delta: g.delta, gamma: g.gamma, thetaPerDay: g.thetaPerDay, vegaPerPoint: g.vegaPerPoint });
  }
  if (q.iv !== undefined) out.iv = q.iv;
  if (q.delta !== undefined) out.delta = q.delta;
  if (q.gamma !== undefined) out.gamma = q.gamma;
  return out;
}

/** Every quote of a tick, sorted by key: priced contracts (`contracts`) then explicit quotes replacing or adding. */
export function tickQuotes(tick: ScenarioTick, contracts: readonly OptionContract[], rate: number, spread: number, contractOf: (q: ScenarioQuoteFile & { underlying: string }) => OptionContract): OptionQuote[] {
  const byKey = new Map<string, OptionQuote>();
  for (const c of contracts) {
    const spot = tick.prices[c.underlying];
    const vol = ivFor(tick.iv, c);
    if (spot === undefined || vol === null) continue;
    if (expiryCloseMs(c.expiry) < tick.time - 86_400_000) continue;
    byKey.set(contractKey(c), priceQuote(c, spot, vol, tick.time, rate, spread));
  }
  for (const q of tick.quotes.values()) {
    const c = contractOf(q);
    byKey.set(contractKey(c), explicitQuote(c, q, tick.prices[c.underlying], tick.time, rate));
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
