import type { MarketTick, OptionQuote } from '../../engine/domain/index.ts';
import { daysBetween, exchangeTime } from '../../engine/domain/index.ts';
import type { AdoptRequest } from '../../engine/kernel/index.ts';
import { loadConfigDir } from '../../engine/config/index.ts';
import { Kernel, type KernelEvent } from '../../engine/kernel/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore } from '../../engine/store/index.ts';
import { createPaperBroker, createSimMarket, type SimMarketOptions } from '../../adapters/sim/index.ts';

export const repoRoot = new URL('../..', import.meta.url).pathname;

export async function shippedConfig() {
  const { config, findings } = await loadConfigDir(repoRoot);
  if (!config) throw new Error(`shipped config invalid: ${JSON.stringify(findings)}`);
  return config;
}

/** A kernel on the shipped config, the simulated market and the paper broker, with a real DuckDB (memory or file). */
export async function simKernel(opts: { db?: string; seed?: number; market?: SimMarketOptions; halt?: boolean } = {}) {
  const config = await shippedConfig();
  const store = await openStore(opts.db ?? ':memory:');
  const feed = createSimMarket({ seed: opts.seed ?? 7, rate: config.settings.riskFreeRate, ...opts.market });
  const broker = createPaperBroker({ startingCashCents: config.settings.startingEquity * 100 });
  const kernel = new Kernel({ config, store, feed, broker, clock: new ManualClock(0), halt: opts.halt });
  const events: KernelEvent[] = [];
  kernel.subscribe((e) => events.push(e));
  return { kernel, store, feed, broker, config, events };
}

// ---- designed situations (acceptance tests, benchmarks) ----

/** The first tick a simulated market with these options delivers (the kernel's own feed, same seed, sees the same). */
export function firstSimTick(opts: { seed?: number; market?: SimMarketOptions } = {}): MarketTick {
  const m = createSimMarket({ seed: opts.seed ?? 7, rate: 0.04, ...opts.market });
  return m.step()!;
}

/** The quote of `underlying`'s `right` option nearest `dte` days out whose |delta| is closest to `delta`. */
export function pickQuote(tick: MarketTick, underlying: string, right: 'call' | 'put', dte: number, delta: number): OptionQuote {
  const today = exchangeTime(tick.time).date;
  const qs = tick.quotes.filter((q) => q.contract.underlying === underlying && q.contract.right === right);
  const expiries = [...new Set(qs.map((q) => q.contract.expiry))];
  const expiry = expiries.sort((a, b) => Math.abs(daysBetween(today, a) - dte) - Math.abs(daysBetween(today, b) - dte))[0];
  const same = qs.filter((q) => q.contract.expiry === expiry);
  return same.sort((a, b) => Math.abs(Math.abs(a.delta ?? 0) - delta) - Math.abs(Math.abs(b.delta ?? 0) - delta))[0];
}

/** The quote of the same expiry and right listed nearest `strike` (other than `like` itself). */
export function quoteAt(tick: MarketTick, like: OptionQuote, strike: number): OptionQuote {
  const qs = tick.quotes.filter((x) => x.key !== like.key && x.contract.underlying === like.contract.underlying && x.contract.expiry === like.contract.expiry && x.contract.right === like.contract.right);
  return qs.sort((a, b) => Math.abs(a.contract.strike - strike) - Math.abs(b.contract.strike - strike))[0];
}

const mid = (q: OptionQuote) => Math.round(((q.bid + q.ask) / 2) * 100) / 100;
const leg = (q: OptionQuote, quantity: number, entryPrice = mid(q)) => ({ contract: q.contract, quantity, entryPrice });

/** A designed iron condor on the tick's chain: short `delta` strikes `dte` days out, `width`-point wings. */
export function condorRequest(tick: MarketTick, opts: { strategy?: string; underlying?: string; dte?: number; delta?: number; width?: number; contracts?: number; id?: string; creditScale?: number } = {}): AdoptRequest {
  const u = opts.underlying ?? 'SPY';
  const n = opts.contracts ?? 1;
  const sp = pickQuote(tick, u, 'put', opts.dte ?? 45, opts.delta ?? 0.16);
  const sc = pickQuote(tick, u, 'call', opts.dte ?? 45, opts.delta ?? 0.16);
  const lp = quoteAt(tick, sp, sp.contract.strike - (opts.width ?? 5));
  const lc = quoteAt(tick, sc, sc.contract.strike + (opts.width ?? 5));
  const s = opts.creditScale ?? 1;
  return {
    ...(opts.id ? { id: opts.id } : {}), strategy: opts.strategy ?? 'spy-iron-condor', openedAt: tick.time,
    legs: [leg(lp, n), leg(sp, -n, mid(sp) * s), leg(sc, -n, mid(sc) * s), leg(lc, n)], ivAtEntry: sp.iv,
  };
}

/** A designed vertical: `right` spread `dte` days out; short leg at `delta` (credit) or long leg at `delta` (debit). */
export function verticalRequest(tick: MarketTick, opts: { strategy: string; underlying: string; right: 'call' | 'put'; debit?: boolean; dte?: number; delta?: number; width?: number; contracts?: number; id?: string; entryScale?: number }): AdoptRequest {
  const n = opts.contracts ?? 1;
  const near = pickQuote(tick, opts.underlying, opts.right, opts.dte ?? 40, opts.delta ?? 0.25);
  const w = opts.width ?? 5;
  const farStrike = opts.right === 'put' ? near.contract.strike - w : near.contract.strike + w;
  const far = quoteAt(tick, near, farStrike);
  const s = opts.entryScale ?? 1;
  const legs = opts.debit ? [leg(near, n, mid(near) * s), leg(far, -n)] : [leg(far, n), leg(near, -n, mid(near) * s)];
  return { ...(opts.id ? { id: opts.id } : {}), strategy: opts.strategy, openedAt: tick.time, legs, ivAtEntry: near.iv };
}

/**
 * Re-prices the short legs' entry so the position starts at `pnlPct` on the tick's mids (credit structures):
 * pnl / credit = pnlPct, i.e. credit = −mark / (1 − pnlPct). E.g. 0.6 (a winner), −2.5 (a loss of 2.5× the credit).
 */
export function atPnlPct(req: AdoptRequest, tick: MarketTick, pnlPct: number): AdoptRequest {
  const byKey = new Map(tick.quotes.map((q) => [q.key, q]));
  const m = (l: AdoptRequest['legs'][number]) => {
    const q = [...byKey.values()].find((x) => x.contract === l.contract) ?? tick.quotes.find((x) => x.contract.expiry === l.contract.expiry && x.contract.strike === l.contract.strike && x.contract.right === l.contract.right && x.contract.underlying === l.contract.underlying)!;
    return (q.bid + q.ask) / 2;
  };
  const mark = req.legs.reduce((s, l) => s + l.quantity * m(l), 0); // negative for a credit structure
  const longs = req.legs.filter((l) => l.quantity > 0).reduce((s, l) => s + l.quantity * l.entryPrice, 0);
  const shorts = req.legs.filter((l) => l.quantity < 0).reduce((s, l) => s - l.quantity * l.entryPrice, 0);
  const credit = -mark / (1 - pnlPct);
  const f = (credit + longs) / shorts;
  return { ...req, legs: req.legs.map((l) => (l.quantity < 0 ? { ...l, entryPrice: Math.round(l.entryPrice * f * 100) / 100 } : l)) };
}
