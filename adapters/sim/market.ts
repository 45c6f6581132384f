import { exchangeTime, fromExchangeTime, addDays } from '../../engine/domain/index.ts';
import type { ChainListing, EpochMs, MarketTick, OptionQuote } from '../../engine/domain/index.ts';
import type { MarketFeed, Subscription } from '../../engine/ports/index.ts';
import { twError } from '../../engine/errors/index.ts';
import { isTradingDay, nextTradingDay, SESSION_CLOSE_MIN, SESSION_OPEN_MIN } from './calendar.ts';
import { UnderlyingChain } from './chain.ts';
import { resolveSimOptions, type ResolvedSimOptions, type SimMarketOptions } from './options.ts';
import { MarketProcess } from './process.ts';
import { createRandom, type Random } from './random.ts';

/** The simulated market: a `MarketFeed` plus a synchronous `step()` for benchmarks and tests. */
export interface SimMarket extends MarketFeed {
  /** The resolved options (defaults filled in). */
  readonly options: ResolvedSimOptions;
  /** The next tick without pacing, or null when the simulation has ended. */
  step(): MarketTick | null;
  /** Time of the last tick delivered (or of the first tick to come, before any). */
  now(): EpochMs;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** First tick time at or after `t`: on the tick grid inside a regular session of a trading day. */
function firstTickAtOrAfter(t: EpochMs, tickMinutes: number, holidays: boolean): { date: string; minutes: number } {
  const et = exchangeTime(t);
  if (isTradingDay(et.date, holidays) && et.minutes < SESSION_CLOSE_MIN) {
    const m = et.minutes <= SESSION_OPEN_MIN ? SESSION_OPEN_MIN : SESSION_OPEN_MIN + Math.ceil((et.minutes - SESSION_OPEN_MIN) / tickMinutes) * tickMinutes;
    if (m < SESSION_CLOSE_MIN) return { date: et.date, minutes: m };
  }
  return { date: nextTradingDay(addDays(et.date, 1), holidays), minutes: SESSION_OPEN_MIN };
}

/**
 * Creates the simulated market (see docs/sim.md). Ticks come every `tickMinutes` simulated minutes from 09:30 to the
 * last grid point before 16:00 New York, on trading days only; nights, weekends and holidays are skipped by jumping
 * the clock. Every tick carries both underlyings' prices, the VIX, and a quote for every listed option.
 */
export function createSimMarket(options: SimMarketOptions = {}): SimMarket {
  const o = resolveSimOptions(options);
  const ticksPerSession = Math.ceil((SESSION_CLOSE_MIN - SESSION_OPEN_MIN) / o.tickMinutes);
  const process = new MarketProcess(o, ticksPerSession);
  const sizes: Random = createRandom(o.seed * 7919 + 17);
  const chains = o.underlyings.map((u) => new UnderlyingChain(u, o));
  const first = firstTickAtOrAfter(o.start, o.tickMinutes, o.holidays);

  let date = first.date;
  let minutes = first.minutes;
  let time = fromExchangeTime(date, minutes);
  let tickIndex = 0;
  let sessions = 1;
  let ended = false;
  let closed = false;
  let opening = true;
  const prevClose = Float64Array.from(o.underlyings, (u) => round2(u.price));
  const sessionLast = Float64Array.from(prevClose);
  let vixPrevClose = round2(o.vix.start);
  let vixLast = vixPrevClose;
  chains.forEach((c, i) => c.openSession(date, time, round2(process.prices[i])));

  function advanceClock(): boolean {
    minutes += o.tickMinutes;
    if (minutes < SESSION_CLOSE_MIN) return true;
    if (o.days !== null && sessions >= o.days) return false;
    sessions++;
    date = nextTradingDay(addDays(date, 1), o.holidays);
    minutes = SESSION_OPEN_MIN;
    opening = true;
    prevClose.set(sessionLast);
    vixPrevClose = vixLast;
    return true;
  }

  function step(): MarketTick | null {
    if (ended || closed) return null;
    if (tickIndex > 0 && !advanceClock()) {
      ended = true;
      return null;
    }
    time = fromExchangeTime(date, minutes);
    process.advance(tickIndex, time, opening && tickIndex > 0);
    const vix = round2(process.vix);
    const vixRatio = vix / o.vix.mean;
    const quotes: OptionQuote[] = [];
    const underlyings = chains.map((c, i) => {
      const price = round2(process.prices[i]);
      if (opening) c.openSession(date, time, price);
      else {
        c.dropExpired(time);
        c.ensureStrikes(price);
      }
      c.quote(time, price, vixRatio, o.rate, sizes, quotes);
      sessionLast[i] = price;
      return { symbol: c.u.symbol, price, prevClose: prevClose[i] };
    });
    vixLast = vix;
    opening = false;
    tickIndex++;
    return { time, underlyings, vix: { level: vix, prevClose: vixPrevClose }, quotes, rate: o.rate };
  }

  return {
    name: 'sim',
    options: o,
    step,
    now: () => time,
    // The market is a pure function of its options and seed, so its checkpoint is how many ticks it has delivered;
    // restoring replays them (exact by construction, about 2 ms a tick). See docs/sim.md, "Restarts".
    checkpoint: () => ({ kind: 'sim-market', seed: o.seed, ticks: tickIndex }),
    restore(state: unknown): void {
      const c = state as { kind?: string; seed?: number; ticks?: number };
      if (c?.kind !== 'sim-market' || !Number.isInteger(c.ticks) || c.seed !== o.seed) {
        throw twError('TW_SIM_CHECKPOINT', { problem: c?.kind !== 'sim-market' ? 'it is not a simulated-market checkpoint' : `it was taken with seed ${c.seed}, this market has seed ${o.seed}` });
      }
      if (tickIndex !== 0) throw twError('TW_SIM_CHECKPOINT', { problem: 'the market has already delivered ticks' });
      while (tickIndex < c.ticks! && step() !== null);
    },
    // The simulated market lists exactly its configured underlyings (docs/sim.md): start and reload refuse others.
    async unknownUnderlyings(symbols: readonly string[]): Promise<string[]> {
      return symbols.filter((s) => !chains.some((c) => c.u.symbol === s));
    },
    async subscribe(sub: Subscription): Promise<void> {
      for (const symbol of sub.underlyings) findChain(symbol);
    },
    async chain(underlying: string): Promise<ChainListing> {
      return findChain(underlying).listing();
    },
    async next(): Promise<MarketTick | null> {
      if (o.speed > 0 && !ended && !closed) await new Promise((r) => setTimeout(r, o.speed));
      return step();
    },
    async close(): Promise<void> {
      closed = true;
    },
  };

  function findChain(symbol: string): UnderlyingChain {
    const c = chains.find((x) => x.u.symbol === symbol);
    if (!c) throw twError('TW_SIM_UNKNOWN_UNDERLYING', { symbol, known: chains.map((x) => x.u.symbol).join(', ') });
    return c;
  }
}
