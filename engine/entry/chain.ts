/**
 * The chain at one tick, indexed for leg selection: usable quotes grouped into series (one option root × one
 * expiry), with DTE counted in calendar days from the New York date of `now`.
 */
import { daysBetween, exchangeTime, fromExchangeTime, type EpochMs, type OptionQuote, type Right } from '../domain/index.ts';
import { bsm, yearsBetween } from '../pricing/bsm.ts';

/** Quote flags that mark data no leg may be chosen from. (`no-bid` only rules out sold legs; `zero-iv` is harmless.) */
export const BAD_QUOTE_FLAGS: readonly string[] = ['crossed', 'stale', 'bad-data', 'halted', 'no-quote', 'invalid'];

export interface Series {
  /** Option root / trading class (e.g. `SPXW`); the underlying when the contract names none. */
  root: string;
  expiry: string;
  dte: number;
  puts: Map<number, OptionQuote>;
  calls: Map<number, OptionQuote>;
}

/** A quote legs may be bought from: finite prices, ask > 0, bid ≥ 0, not crossed, no bad-data flag. */
export function isUsableQuote(q: OptionQuote): boolean {
  if (!Number.isFinite(q.bid) || !Number.isFinite(q.ask)) return false;
  if (q.ask <= 0 || q.bid < 0 || q.bid > q.ask) return false;
  const flags = q.flags;
  if (flags !== undefined && flags.length > 0) for (const f of flags) if (BAD_QUOTE_FLAGS.includes(f)) return false;
  return true;
}

/** A quote a leg may be sold from: usable and with a bid above zero. */
export function isSellable(q: OptionQuote): boolean {
  return isUsableQuote(q) && q.bid > 0 && !(q.flags?.includes('no-bid') ?? false);
}

export function mid(q: OptionQuote): number {
  return (q.bid + q.ask) / 2;
}

/** Calendar days from the New York date of `now` to `expiry` (`YYYY-MM-DD`). */
export function dteOf(expiry: string, now: EpochMs): number {
  return daysBetween(exchangeTime(now).date, expiry);
}

const seriesCache = new WeakMap<readonly OptionQuote[], Map<string, Series[]>>();

/**
 * Builds the series of `underlying` from a tick's quotes (other underlyings and unusable quotes are dropped).
 * Memoised per quotes array, underlying and New York date: every strategy of one tick shares the work. Treat a
 * tick's quotes array as immutable once handed in (the kernel does: each tick brings a new array).
 */
export function buildSeries(quotes: readonly OptionQuote[], underlying: string, now: EpochMs): Series[] {
  const today = exchangeTime(now).date;
  const cacheKey = `${underlying}|${today}`;
  let perArray = seriesCache.get(quotes);
  const hit = perArray?.get(cacheKey);
  if (hit) return hit;
  const byRoot = new Map<string, Map<string, Series>>();
  const all: Series[] = [];
  for (const q of quotes) {
    const c = q.contract;
    if (c.underlying !== underlying || !isUsableQuote(q)) continue;
    const root = c.root ?? c.underlying;
    let byExpiry = byRoot.get(root);
    if (!byExpiry) byRoot.set(root, (byExpiry = new Map()));
    let s = byExpiry.get(c.expiry);
    if (!s) {
      s = { root, expiry: c.expiry, dte: daysBetween(today, c.expiry), puts: new Map(), calls: new Map() };
      byExpiry.set(c.expiry, s);
      all.push(s);
    }
    (c.right === 'put' ? s.puts : s.calls).set(c.strike, q);
  }
  const result = all.filter((s) => s.dte >= 0).sort((a, b) => (a.expiry < b.expiry ? -1 : a.expiry > b.expiry ? 1 : a.root < b.root ? -1 : 1));
  if (!perArray) seriesCache.set(quotes, (perArray = new Map()));
  perArray.set(cacheKey, result);
  return result;
}

/**
 * Picks the series whose expiry passes `accept` and is nearest `targetDte` (ties: the earlier expiry). When several
 * roots list that expiry (SPX and SPXW on monthly dates), `preferRoot` wins if listed, then the root with the most
 * usable quotes, then the standard root (the one named like the underlying).
 */
export function pickSeries(series: readonly Series[], targetDte: number, accept: (s: Series) => boolean, preferRoot?: string, underlying?: string): Series | null {
  let best: Series | null = null;
  for (const s of series) {
    if (!accept(s) || s.puts.size + s.calls.size === 0) continue;
    if (!best) { best = s; continue; }
    const d = Math.abs(s.dte - targetDte) - Math.abs(best.dte - targetDte);
    if (d < 0 || (d === 0 && s.expiry < best.expiry)) { best = s; continue; }
    if (d === 0 && s.expiry === best.expiry && rootScore(s, preferRoot, underlying) > rootScore(best, preferRoot, underlying)) best = s;
  }
  return best;
}

function rootScore(s: Series, preferRoot: string | undefined, underlying: string | undefined): number {
  return (s.root === preferRoot ? 1e9 : 0) + (s.puts.size + s.calls.size) * 2 + (s.root === underlying ? 1 : 0);
}

export function listedExpiries(series: readonly Series[]): string {
  const xs = [...new Set(series.map((s) => `${s.expiry} (${s.dte}d)`))];
  return xs.length === 0 ? 'none' : xs.length > 8 ? `${xs.slice(0, 8).join(', ')}, …` : xs.join(', ');
}

/** The quote's delta; when missing, Black–Scholes from its IV to 16:00 New York on the expiry date; else null. */
export function quoteDelta(q: OptionQuote, underlyingPrice: number, now: EpochMs, rate = 0): number | null {
  if (typeof q.delta === 'number' && Number.isFinite(q.delta)) return q.delta;
  if (typeof q.iv !== 'number' || !(q.iv > 0)) return null;
  const years = yearsBetween(now, fromExchangeTime(q.contract.expiry, 16 * 60));
  return bsm({ right: q.contract.right, spot: underlyingPrice, strike: q.contract.strike, years, rate, vol: q.iv }).delta;
}

export function sideOf(s: Series, right: Right): Map<number, OptionQuote> {
  return right === 'put' ? s.puts : s.calls;
}
