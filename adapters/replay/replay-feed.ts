import { fromExchangeTime, type ChainListing, type MarketTick, type OptionQuote } from '../../engine/domain/index.ts';
import type { MarketFeed, Subscription } from '../../engine/ports/index.ts';
import { twError } from '../../engine/errors/index.ts';
import { tradingDaysBetween } from '../../engine/domain/index.ts';
import type { ColumnsConfig, ResolvedColumns } from './columns.ts';
import { columnsFromObject, readColumnsFile } from './columns-file.ts';
import type { MalformedReport } from './file-check.ts';
import { median, parityDivs, parityFits, parityRate } from './parity.ts';
import { emptyCounts, settlementOf, type QualityCounts } from './quality.ts';
import type { CacheReport } from './cache.ts';
import { prepareContracts } from './columnar-clean.ts';
import { columnarSnapshot, rowSnapshot, type SnapshotRows } from './snapshot-rows.ts';
import { loadSource, type LoadedSource, type UnderlyingRowCounts, type VixDay } from './source.ts';
import { spotFromParity, type SpotSource } from './underlying.ts';
import { loadVix } from './vix.ts';

/** A built-in layout: Cboe's quote download or OptionsDX end-of-day. */
export type SourceFormat = 'cboe' | 'optionsdx';

export interface ReplayOptions {
  /** The file's layout: `cboe`, `optionsdx`, or `auto` (the default: detected from the header). Ignored with `columns`. */
  source?: SourceFormat | 'auto';
  /**
   * Any other vendor's layout: the path of a column mapping YAML file (schemas/replay-columns.schema.json; findings at
   * file:line:col), or the mapping itself as an object (a `ColumnsConfig`, checked against the same schema).
   */
  columns?: string | ColumnsConfig;
  /** CSV (plain or .gz) or Parquet file of option quotes. */
  optionsPath: string;
  /** Cboe VIX_History-style daily file (DATE, CLOSE); ticks carry no VIX without it. */
  vixPath?: string;
  /** First and last quote date to replay, `YYYY-MM-DD`, inclusive. */
  from?: string;
  to?: string;
  /** Underlying symbol: filters files with several; required for layouts without an underlying column (OptionsDX). */
  underlying?: string;
  /** Rate (decimal per year, continuous) for IV/Greeks repairs and `tick.rate`; default 'parity' (estimated per day). */
  rate?: number | 'parity';
  /** Continuous dividend yield; default 'parity' (per expiry, from each expiry's put–call parity forward). */
  div?: number | 'parity';
  /**
   * Folder of the columnar cache (docs/replay.md, "Columnar cache"), or false to read the file row by row without it.
   * Default: `$TICKWISE_CACHE_DIR/replay`, else `$XDG_CACHE_HOME/tickwise/replay`, else `~/.cache/tickwise/replay`.
   */
  cacheDir?: string | false;
}

/** Rate and dividend yield used on one replayed day. */
export interface ReplayRates {
  date: string;
  /** Minutes after midnight New York of the snapshot. */
  minutes: number;
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
  /** The layout read: `cboe`, `optionsdx` or `custom` (a column mapping). */
  source: string;
  underlying: string;
  /** Rows dropped because their field count differs from the header (whole file; a few are tolerated). */
  malformed: MalformedReport;
  /** Rows of the file whose quote date is blank or does not parse (never replayed). */
  undated: number;
  /** Unusable underlying prices: quote rows by kind (selected range) and the snapshots that lacked a usable one. */
  underlyingPrice: UnderlyingPriceReport;
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
  /** Whether the columnar cache was used (`hit`, `built`, `rebuilt`) or not (`off`), where, and why. */
  cache: CacheReport;
}

export interface UnderlyingPriceReport {
  rows: UnderlyingRowCounts;
  /** Snapshots (date, or `date HH:MM` when not at the default time) whose price came from put–call parity. */
  fromParity: string[];
  /** Snapshots replayed without an underlying price (tick `underlyings` empty). */
  unavailable: string[];
  /** Snapshots whose rows' usable prices differ by more than 1% of their median (the median is used). */
  disagreeing: string[];
}

export interface ReplayFeed extends MarketFeed {
  report(): ReplayReport;
  checkpoint(): { nextDay: number; rateHistory: number[] };
  restore(state: unknown): void;
}

/** Daily snapshots are stamped 15:45 New York by default: the late-day quote file, before the 16:00 close. */
export const SNAPSHOT_MINUTES = 15 * 60 + 45;
/** Rows of one snapshot whose usable underlying prices spread wider than this (of the median) are reported. */
const DISAGREEMENT = 0.01;
/** Days of parity rate estimates the replay's rate is the median of. */
const RATE_WINDOW = 5;
/** Used when parity is asked for but a day has no expiry ≥ 14 days with enough two-sided pairs. */
const FALLBACK = { rate: 0.02, div: 0 };
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkOptions(o: ReplayOptions): void {
  const bad = (name: string, problem: string, advice: string) => twError('TW_REPLAY_BAD_OPTION', { name, problem, advice });
  if (o.source !== undefined && o.source !== 'cboe' && o.source !== 'optionsdx' && o.source !== 'auto') throw bad('source', `must be cboe, optionsdx or auto, got "${String(o.source)}"`, 'use source: "cboe" for Cboe quote files, "optionsdx" for OptionsDX files, or a column mapping (columns) for any other layout');
  if (o.columns !== undefined && typeof o.columns !== 'string' && (typeof o.columns !== 'object' || o.columns === null)) throw bad('columns', `must be a mapping file path or a mapping object, got ${String(o.columns)}`, 'see docs/replay.md, "Other vendors"');
  for (const k of ['from', 'to'] as const) if (o[k] !== undefined && !DATE.test(o[k]!)) throw bad(k, `must be a date YYYY-MM-DD, got "${o[k]}"`, 'write dates as 2019-04-25');
  if (o.from && o.to && o.from > o.to) throw bad('from', `(${o.from}) is after to (${o.to})`, 'swap the dates');
  if (o.cacheDir !== undefined && o.cacheDir !== false && (typeof o.cacheDir !== 'string' || o.cacheDir.trim() === '')) throw bad('cacheDir', `must be a folder or false, got ${JSON.stringify(o.cacheDir)}`, 'write cacheDir: "/tmp/tickwise-cache", or cacheDir: false for no cache');
  for (const k of ['rate', 'div'] as const) {
    const v = o[k];
    if (v !== undefined && v !== 'parity' && !(typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 1)) throw bad(k, `must be "parity" or a decimal per year, got ${String(v)}`, 'write 2.7% as 0.027');
  }
}

/** Opens a historical replay: reads the file through an in-memory DuckDB and delivers one tick per snapshot. */
export async function createReplayFeed(options: ReplayOptions): Promise<ReplayFeed> {
  checkOptions(options);
  const columns = mappingOf(options.columns);
  const { columns: _given, ...rest } = options;
  const src: LoadedSource = await loadSource({ ...rest, ...(columns ? { columns } : {}) });
  let vix = new Map<string, VixDay>();
  try {
    if (options.vixPath) vix = await loadVix(src.connection, options.vixPath, src.days.map((d) => d.date));
  } catch (e) {
    src.close();
    throw e;
  }
  const { days, underlying } = src;
  // Files without a root column (OptionsDX) key every series on the underlying and treat it as PM-settled.
  const rootsKnown = src.rootsKnown;
  // From the cache: what the cleaner needs per contract, worked out once for the whole replay.
  const contracts = src.chains ? prepareContracts(src.chains, underlying, rootsKnown) : undefined;
  const dates = [...new Set(days.map((d) => d.date))];
  const missingDays = dates.flatMap((d, i) => (i === 0 ? [] : tradingDaysBetween(dates[i - 1], d)));
  const fromParity: string[] = [];
  const unavailable: string[] = [];
  const label = (d: { date: string; minutes: number }) => (d.minutes === SNAPSHOT_MINUTES ? d.date : `${d.date} ${String(Math.floor(d.minutes / 60)).padStart(2, '0')}:${String(d.minutes % 60).padStart(2, '0')}`);
  const disagreeing = days.filter((d) => d.spread > DISAGREEMENT).map(label);
  const counts = emptyCounts();
  const rates: ReplayRates[] = [];
  const vixMissingDays: string[] = [];
  let nextDay = 0;
  let rateHistory: number[] = [];
  let current: MarketTick | null = null;
  let closed = false;

  async function tickFor(i: number): Promise<MarketTick> {
    const { date, minutes } = days[i];
    const time = fromExchangeTime(date, minutes);
    const snapshot: SnapshotRows = contracts ? columnarSnapshot(src.chains!, contracts, i) : rowSnapshot(await src.rowsFor(date, minutes));
    const givenRate = typeof options.rate === 'number' ? options.rate : undefined;
    const givenDiv = typeof options.div === 'number' ? options.div : undefined;
    // No row has a usable underlying price: parity on the nearest expiry, at the rate known so far; else none.
    let spot = days[i].spot;
    let spotSource: SpotSource = 'rows';
    if (spot === undefined) {
      spot = spotFromParity(snapshot.parityRows(), time, rootsKnown, givenRate ?? (rateHistory.length ? median(rateHistory) : FALLBACK.rate));
      spotSource = spot === undefined ? 'none' : 'parity';
      (spot === undefined ? unavailable : fromParity).push(label(days[i]));
    }
    const fits = spot !== undefined && (givenRate === undefined || givenDiv === undefined) ? parityFits(snapshot.parityRows(spot), spot, time, rootsKnown) : [];
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
    const divs = givenDiv === undefined && spot !== undefined ? parityDivs(fits, rate, spot, FALLBACK.div) : undefined;
    const div = givenDiv ?? divs?.div ?? FALLBACK.div;
    rates.push({ date, minutes, rate, div, parityDayRate, expiries: fits.length });
    const day = { underlying, date, tickTime: time, spot, spotSource, rate, div, rootsKnown, divByExpiry: divs?.divByExpiry };
    const quotes: OptionQuote[] = snapshot.clean(day, counts);
    // A previous close is trusted only when the previous trading day is in the file: its last snapshot's row price.
    const prev = previousClose(i);
    const underlyings = spot === undefined ? [] : [prev === undefined ? { symbol: underlying, price: spot } : { symbol: underlying, price: spot, prevClose: prev }];
    const tick: MarketTick = { time, underlyings, quotes, rate };
    const v = vix.get(date);
    if (v) tick.vix = v;
    else if (options.vixPath && vixMissingDays[vixMissingDays.length - 1] !== date) vixMissingDays.push(date);
    return tick;
  }

  function previousClose(i: number): number | undefined {
    let j = i - 1;
    while (j >= 0 && days[j].date === days[i].date) j--;
    if (j < 0 || tradingDaysBetween(days[j].date, days[i].date).length > 0) return undefined;
    return days[j].spot;
  }

  return {
    name: `replay:${src.columns.name}:${underlying}`,
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
        ...structuredClone(counts), source: src.columns.name, underlying, malformed: structuredClone(src.malformed), undated: src.undated,
        underlyingPrice: { rows: { ...src.underlyingRows }, fromParity: [...fromParity], unavailable: [...unavailable], disagreeing: [...disagreeing] },
        firstDate: days[0].date, lastDate: days[days.length - 1].date, days: dates.length,
        ticks: rates.length, missingDays: [...missingDays], vixMissingDays: [...vixMissingDays], rates: rates.map((r) => ({ ...r })),
        cache: { ...src.cache },
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

function mappingOf(columns: ReplayOptions['columns']): ResolvedColumns | undefined {
  if (columns === undefined) return undefined;
  return typeof columns === 'string' ? readColumnsFile(columns) : columnsFromObject('columns', columns);
}
