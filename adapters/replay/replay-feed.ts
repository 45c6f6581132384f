import { fromExchangeTime, type ChainListing, type MarketTick, type OptionQuote } from '../../engine/domain/index.ts';
import type { MarketFeed, Subscription } from '../../engine/ports/index.ts';
import { twError } from '../../engine/errors/index.ts';
import { tradingDaysBetween } from '../../engine/domain/index.ts';
import type { SourceFormat } from './formats.ts';
import { median, parityDivs, parityFits, parityRate } from './parity.ts';
import { cleanQuote, emptyCounts, settlementOf, type QualityCounts } from './quality.ts';
import { loadSource, loadVix, type LoadedSource, type VixDay } from './source.ts';

export interface ReplayOptions {
  source: SourceFormat;
  /** CSV (plain or .gz) or Parquet file of option quotes in the `source` format. */
  optionsPath: string;
  /** Cboe VIX_History-style daily file (DATE, CLOSE); ticks carry no VIX without it. */
  vixPath?: string;
  /** First and last quote date to replay, `YYYY-MM-DD`, inclusive. */
  from?: string;
  to?: string;
  /** Underlying symbol: filters Cboe files with several; required for OptionsDX files, which do not name it. */
  underlying?: string;
  /** Rate (decimal per year, continuous) for IV/Greeks repairs and `tick.rate`; default 'parity' (estimated per day). */
  rate?: number | 'parity';
  /** Continuous dividend yield; default 'parity' (per expiry, from each expiry's put–call parity forward). */
  div?: number | 'parity';
}

/** Rate and dividend yield used on one replayed day. */
export interface ReplayRates {
  date: string;
  /** The rate used: given, or the median of the last five days' parity estimates. */
  rate: number;
  /** The median dividend yield over expiries ≥ 14 days (each expiry uses its own parity yield), or the given one. */
  div: number;
  /** This day's own parity estimate of the rate, when one was made. */
  parityDayRate?: number;
  /** Expiries with enough two-sided pairs for a parity line (0 when both rate and div were given). */
  expiries: number;
}

/** What the replay has done so far. Counts cover the days replayed; missing days cover the whole selected range. */
export interface ReplayReport extends QualityCounts {
  source: SourceFormat;
  underlying: string;
  /** First and last quote date in the selected range, and how many quote dates it has. */
  firstDate: string;
  lastDate: string;
  days: number;
  ticks: number;
  /** Trading days (NYSE calendar) absent from the file between its first and last date. */
  missingDays: string[];
  /** Replayed dates with no VIX row (ticks without `vix`); empty when no VIX file was given. */
  vixMissingDays: string[];
  rates: ReplayRates[];
}

export interface ReplayFeed extends MarketFeed {
  report(): ReplayReport;
  checkpoint(): { nextDay: number; rateHistory: number[] };
  restore(state: unknown): void;
}

/** Daily snapshots are stamped 15:45 New York: the time of the late-day quote file, before the 16:00 close. */
export const SNAPSHOT_MINUTES = 15 * 60 + 45;
/** Days of parity rate estimates the replay's rate is the median of. */
const RATE_WINDOW = 5;
/** Used when parity is asked for but a day has no expiry ≥ 14 days with enough two-sided pairs. */
const FALLBACK = { rate: 0.02, div: 0 };
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkOptions(o: ReplayOptions): void {
  const bad = (name: string, problem: string, advice: string) => twError('TW_REPLAY_BAD_OPTION', { name, problem, advice });
  if (o.source !== 'cboe' && o.source !== 'optionsdx') throw bad('source', `must be cboe or optionsdx, got "${String(o.source)}"`, 'use source: "cboe" for Cboe quote files, "optionsdx" for OptionsDX files');
  for (const k of ['from', 'to'] as const) if (o[k] !== undefined && !DATE.test(o[k]!)) throw bad(k, `must be a date YYYY-MM-DD, got "${o[k]}"`, 'write dates as 2019-04-25');
  if (o.from && o.to && o.from > o.to) throw bad('from', `(${o.from}) is after to (${o.to})`, 'swap the dates');
  for (const k of ['rate', 'div'] as const) {
    const v = o[k];
    if (v !== undefined && v !== 'parity' && !(typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 1)) throw bad(k, `must be "parity" or a decimal per year, got ${String(v)}`, 'write 2.7% as 0.027');
  }
}

/** Opens a historical replay: reads the file through an in-memory DuckDB and delivers one tick per quote date. */
export async function createReplayFeed(options: ReplayOptions): Promise<ReplayFeed> {
  checkOptions(options);
  const src: LoadedSource = await loadSource(options);
  let vix = new Map<string, VixDay>();
  try {
    if (options.vixPath) vix = await loadVix(src.connection, options.vixPath, src.days.map((d) => d.date));
  } catch (e) {
    src.close();
    throw e;
  }
  const { days, underlying } = src;
  // OptionsDX files carry no option root: every series is keyed on the underlying and treated as PM-settled.
  const rootsKnown = options.source === 'cboe';
  const missingDays = days.flatMap((d, i) => (i === 0 ? [] : tradingDaysBetween(days[i - 1].date, d.date)));
  const counts = emptyCounts();
  const rates: ReplayRates[] = [];
  const vixMissingDays: string[] = [];
  let nextDay = 0;
  let rateHistory: number[] = [];
  let current: MarketTick | null = null;
  let closed = false;

  async function tickFor(i: number): Promise<MarketTick> {
    const { date, spot } = days[i];
    const time = fromExchangeTime(date, SNAPSHOT_MINUTES);
    const rows = await src.rowsFor(date);
    const givenRate = typeof options.rate === 'number' ? options.rate : undefined;
    const givenDiv = typeof options.div === 'number' ? options.div : undefined;
    const fits = givenRate === undefined || givenDiv === undefined ? parityFits(rows, spot, time, rootsKnown) : [];
    let rate = givenRate;
    let parityDayRate: number | undefined;
    if (rate === undefined) {
      // One day's parity rate is noisy (one 2019 SPX day reads 0.4% among days reading 2.7%): use the median of the
      // last five days' estimates, looking back only, so a backtest never sees a later day's quotes.
      parityDayRate = parityRate(fits);
      if (parityDayRate !== undefined) rateHistory.push(parityDayRate);
      if (rateHistory.length > RATE_WINDOW) rateHistory.shift();
      rate = rateHistory.length ? median(rateHistory) : FALLBACK.rate;
    }
    const divs = givenDiv === undefined ? parityDivs(fits, rate, spot, FALLBACK.div) : undefined;
    const div = givenDiv ?? divs!.div;
    rates.push({ date, rate, div, parityDayRate, expiries: fits.length });
    const seen = new Set<string>();
    const quotes: OptionQuote[] = [];
    const day = { underlying, date, tickTime: time, spot, rate, div, rootsKnown, divByExpiry: divs?.divByExpiry };
    for (const row of rows) {
      const q = cleanQuote(row, day, seen, counts);
      if (q) quotes.push(q);
    }
    // A previous close is trusted only when the previous trading day is in the file.
    const prev = i > 0 && tradingDaysBetween(days[i - 1].date, date).length === 0 ? days[i - 1].spot : undefined;
    const tick: MarketTick = { time, underlyings: [prev === undefined ? { symbol: underlying, price: spot } : { symbol: underlying, price: spot, prevClose: prev }], quotes, rate };
    const v = vix.get(date);
    if (v) tick.vix = v;
    else if (options.vixPath) vixMissingDays.push(date);
    return tick;
  }

  return {
    name: `replay:${options.source}:${underlying}`,
    async subscribe(_subscription: Subscription) {
      // A replay delivers the whole recorded chain every tick; nothing to request.
    },
    async chain(symbol: string): Promise<ChainListing> {
      const listing: ChainListing = { underlying: symbol, multiplier: 100, settlement: settlementOf(symbol), expiries: [] };
      if (symbol !== underlying || !current) return listing;
      const byExpiry = new Map<string, { expiry: string; root?: string; strikes: Set<number> }>();
      for (const q of current.quotes) {
        const k = `${q.contract.root}:${q.contract.expiry}`;
        let e = byExpiry.get(k);
        if (!e) byExpiry.set(k, (e = { expiry: q.contract.expiry, root: q.contract.root, strikes: new Set() }));
        e.strikes.add(q.contract.strike);
      }
      listing.expiries = [...byExpiry.values()].map((e) => ({ expiry: e.expiry, root: e.root, strikes: [...e.strikes].sort((a, b) => a - b) }));
      return listing;
    },
    async next(): Promise<MarketTick | null> {
      if (closed) throw twError('TW_REPLAY_BAD_OPTION', { name: 'feed', problem: 'was used after close()', advice: 'open a new replay with createReplayFeed' });
      if (nextDay >= days.length) return null;
      current = await tickFor(nextDay++);
      return current;
    },
    async close() {
      if (!closed) src.close();
      closed = true;
    },
    report(): ReplayReport {
      return {
        ...structuredClone(counts), source: options.source, underlying, firstDate: days[0].date, lastDate: days[days.length - 1].date, days: days.length,
        ticks: rates.length, missingDays: [...missingDays], vixMissingDays: [...vixMissingDays], rates: rates.map((r) => ({ ...r })),
      };
    },
    checkpoint() {
      return { nextDay, rateHistory: [...rateHistory] };
    },
    restore(state: unknown) {
      const n = (state as { nextDay?: unknown })?.nextDay;
      const h = (state as { rateHistory?: unknown })?.rateHistory;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > days.length || !Array.isArray(h) || !h.every((x) => typeof x === 'number')) throw twError('TW_REPLAY_BAD_OPTION', { name: 'checkpoint', problem: `is not a replay checkpoint of this file (${JSON.stringify(state)})`, advice: 'restore only what checkpoint() returned for the same file and range' });
      nextDay = n;
      rateHistory = [...(h as number[])];
      current = null;
    },
  };
}
