import { contractKey, fromExchangeTime, type OptionContract, type OptionQuote, type Right } from '../../engine/domain/index.ts';
import { bsm, impliedVol, priceBounds, yearsBetween } from '../../engine/pricing/index.ts';
import { isTickwiseError } from '../../engine/errors/index.ts';
import { usablePrice, type SpotSource } from './underlying.ts';

/** One normalized source row (see columns-sql.ts); numbers may be null where the source has no value. */
export interface RawRow {
  root: string;
  right: string;
  expiry: string;
  strike: number | null;
  bid: number | null;
  ask: number | null;
  last: number | null;
  volume: number | null;
  bidSize: number | null;
  askSize: number | null;
  iv: number | null;
  delta: number | null;
  gamma: number | null;
  theta: number | null;
  vega: number | null;
  /** The row's own underlying price (may be NaN, non-positive or null in a damaged file). */
  underlyingPrice: number | null;
}

/** What the data-quality pass did, row by row. Dropped rows never reach a tick; flagged rows carry `flags`. */
export interface QualityCounts {
  rowsRead: number;
  rowsEmitted: number;
  dropped: { invalid: number; expired: number; noQuote: number; crossed: number; duplicate: number };
  /**
   * badUnderlyingPrice: rows whose own underlying price is unusable (they carry the snapshot's price);
   * underlyingFromParity / noUnderlying: rows of snapshots whose price came from parity / could not be had.
   */
  flagged: { zeroIv: number; noBid: number; ivUnavailable: number; badUnderlyingPrice: number; underlyingFromParity: number; noUnderlying: number };
  repaired: { ivRecomputed: number; deltaRecomputed: number };
}

export function emptyCounts(): QualityCounts {
  return {
    rowsRead: 0,
    rowsEmitted: 0,
    dropped: { invalid: 0, expired: 0, noQuote: 0, crossed: 0, duplicate: 0 },
    flagged: { zeroIv: 0, noBid: 0, ivUnavailable: 0, badUnderlyingPrice: 0, underlyingFromParity: 0, noUnderlying: 0 },
    repaired: { ivRecomputed: 0, deltaRecomputed: 0 },
  };
}

/** Option roots whose series settle on the opening print (AM): on the expiry date they are already settled. */
const AM_SETTLED_ROOTS = new Set(['SPX', 'NDX', 'RUT']);
/** Underlyings (and roots) that are indexes: cash-settled. Anything else is an equity/ETF option, settled physically. */
const INDEX_SYMBOLS = new Set(['SPX', 'SPXW', 'SPXPM', 'XSP', 'NDX', 'NDXP', 'RUT', 'RUTW', 'VIX', 'VIXW', 'DJX', 'OEX', 'XEO', 'MRUT', 'XND']);

export function settlementOf(underlying: string): 'cash' | 'physical' {
  return INDEX_SYMBOLS.has(underlying) ? 'cash' : 'physical';
}

export interface DayContext {
  underlying: string;
  date: string;
  tickTime: number;
  /** The snapshot's underlying price; undefined when neither the rows nor parity give one (see underlying.ts). */
  spot?: number;
  /** Where `spot` came from. */
  spotSource?: SpotSource;
  rate: number;
  /** Dividend yield for expiries without their own (below). */
  div: number;
  /** Whether the source names real option roots (Cboe) so that AM settlement can be told from the root. */
  rootsKnown: boolean;
  /** Per `root:expiry` dividend yield that matches each expiry's parity forward (see parity.ts). */
  divByExpiry?: Map<string, number>;
}

/** Epoch ms at which a series stops trading: 09:30 New York for AM-settled series, 16:00 otherwise. */
export function expiryTime(expiry: string, amSettled: boolean): number {
  const k = `${amSettled ? 'AM' : 'PM'}${expiry}`;
  let t = expiryTimes.get(k);
  if (t === undefined) expiryTimes.set(k, (t = fromExchangeTime(expiry, amSettled ? 570 : 960)));
  return t;
}

/** Whether an option root names an AM-settled series (SPX, NDX, RUT monthlies); only Cboe-style files name roots. */
export function isAmSettledRoot(root: string): boolean {
  return AM_SETTLED_ROOTS.has(root);
}

/** fromExchangeTime goes through Intl (microseconds a call): cache it, there are only a few hundred expiries. */
const expiryTimes = new Map<string, number>();

/** The implied volatility of a price inside the bounds, or undefined when only an absurd volatility (> 1000%) fits. */
function solveVol(input: Parameters<typeof impliedVol>[0]): number | undefined {
  try {
    return impliedVol(input);
  } catch (e) {
    if (isTickwiseError(e)) return undefined;
    throw e;
  }
}

/** A number the source actually gave: not missing, not NaN, not ±Infinity. */
export const ok = (x: number | null): x is number => x !== null && Number.isFinite(x);

/**
 * Turns one source row into a quote, or null when the row is dropped (counted in `counts.dropped`). Rules, in order:
 * invalid numbers or right → dropped; expired (or an AM-settled series on its expiry date) → dropped; bid = ask = 0 →
 * dropped (no market); bid > ask → dropped (crossed); a second row for the same contract key that day → dropped;
 * bid = 0 < ask → kept, flagged `no-bid`; IV missing or ≤ 0 → flagged `zero-iv`, recomputed from the mid with
 * impliedVol (`iv-recomputed`) and delta and gamma recomputed with it (`delta-recomputed`); when the mid is outside
 * the no-arbitrage bounds (or only a volatility above 1000% fits) no volatility is trusted: `iv-unavailable`, and delta is the zero-time-value limit (±e^(−qT) in the
 * money, 0 out of it) with gamma 0. Theta and vega missing from the source are filled from BSM at the quote's IV.
 */
export function cleanQuote(row: RawRow, day: DayContext, seen: Set<string>, counts: QualityCounts): OptionQuote | null {
  counts.rowsRead++;
  const { bid, ask, strike } = row;
  if (!ok(bid) || !ok(ask) || !ok(strike) || strike <= 0 || bid < 0 || ask < 0 || (row.right !== 'call' && row.right !== 'put') || !/^\d{4}-\d{2}-\d{2}$/.test(row.expiry ?? '')) {
    counts.dropped.invalid++;
    return null;
  }
  const right: Right = row.right;
  const stop = expiryTime(row.expiry, day.rootsKnown && isAmSettledRoot(row.root));
  if (stop <= day.tickTime) {
    counts.dropped.expired++;
    return null;
  }
  if (bid === 0 && ask === 0) {
    counts.dropped.noQuote++;
    return null;
  }
  if (bid > ask) {
    counts.dropped.crossed++;
    return null;
  }
  const contract: OptionContract = { underlying: day.underlying, root: row.root, expiry: row.expiry, right, strike, multiplier: 100, settlement: settlementOf(day.underlying) };
  const key = contractKey(contract);
  if (seen.has(key)) {
    counts.dropped.duplicate++;
    return null;
  }
  seen.add(key);
  const flags: string[] = [];
  if (bid === 0) {
    flags.push('no-bid');
    counts.flagged.noBid++;
  }
  if (!usablePrice(row.underlyingPrice)) {
    flags.push('bad-underlying-price');
    counts.flagged.badUnderlyingPrice++;
  }
  if (day.spot === undefined) return withoutUnderlying(row, contract, key, flags, counts);
  if (day.spotSource === 'parity') {
    flags.push('underlying-from-parity');
    counts.flagged.underlyingFromParity++;
  }
  const years = yearsBetween(day.tickTime, stop);
  const div = day.divByExpiry?.get(`${row.root}:${row.expiry}`) ?? day.div;
  const spot: number = day.spot;
  const market = { right, spot, strike, years, rate: day.rate, div };
  let iv = ok(row.iv) && row.iv > 0 ? row.iv : undefined;
  let delta = ok(row.delta) ? row.delta : undefined;
  let gamma = ok(row.gamma) ? row.gamma : undefined;
  let model: ReturnType<typeof bsm> | undefined;
  if (iv === undefined) ({ iv, model, delta, gamma } = repairZeroIv(market, bid, ask, flags, counts));
  let thetaPerDay = ok(row.theta) ? row.theta : undefined;
  let vegaPerPoint = ok(row.vega) ? row.vega : undefined;
  if ((thetaPerDay === undefined || vegaPerPoint === undefined) && iv !== undefined) {
    model ??= bsm({ ...market, vol: iv });
    thetaPerDay ??= model.thetaPerDay;
    vegaPerPoint ??= model.vegaPerPoint;
  }
  counts.rowsEmitted++;
  const quote: OptionQuote = { key, contract, bid, ask, underlyingPrice: spot, iv, delta, gamma, thetaPerDay, vegaPerPoint };
  if (ok(row.last) && row.last > 0) quote.last = row.last;
  if (ok(row.bidSize)) quote.bidSize = row.bidSize;
  if (ok(row.askSize)) quote.askSize = row.askSize;
  if (flags.length > 0) quote.flags = flags;
  return quote;
}

/**
 * A quote of a snapshot without any underlying price: the source's IV and Greeks are kept as they are, nothing is
 * recomputed (that needs a spot), and the quote carries no `underlyingPrice`; flagged `no-underlying` (and
 * `zero-iv` + `iv-unavailable` when the source has no IV).
 */
function withoutUnderlying(row: RawRow, contract: OptionContract, key: string, flags: string[], counts: QualityCounts): OptionQuote {
  flags.push('no-underlying');
  counts.flagged.noUnderlying++;
  const iv = ok(row.iv) && row.iv > 0 ? row.iv : undefined;
  if (iv === undefined) {
    flags.push('zero-iv', 'iv-unavailable');
    counts.flagged.zeroIv++;
    counts.flagged.ivUnavailable++;
  }
  counts.rowsEmitted++;
  const quote: OptionQuote = { key, contract, bid: row.bid!, ask: row.ask!, flags };
  if (iv !== undefined) quote.iv = iv;
  for (const [k, v] of [['delta', row.delta], ['gamma', row.gamma], ['thetaPerDay', row.theta], ['vegaPerPoint', row.vega]] as const) if (ok(v)) quote[k] = v;
  if (ok(row.last) && row.last > 0) quote.last = row.last;
  if (ok(row.bidSize)) quote.bidSize = row.bidSize;
  if (ok(row.askSize)) quote.askSize = row.askSize;
  return quote;
}

type MarketInputs = Omit<Parameters<typeof bsm>[0], 'vol'>;

/**
 * A quote with no usable IV (`zero-iv`): the IV is solved from the mid when the mid lies inside the no-arbitrage
 * bounds (`iv-recomputed`, delta and gamma from the model), else it stays unavailable (`iv-unavailable`, delta from
 * the zero-vol price, gamma 0). Shared by the row-by-row and the columnar cleaners so both flag and repair alike.
 */
export function repairZeroIv(market: MarketInputs, bid: number, ask: number, flags: string[], counts: QualityCounts): { iv: number | undefined; model: ReturnType<typeof bsm> | undefined; delta: number; gamma: number } {
  flags.push('zero-iv');
  counts.flagged.zeroIv++;
  const mid = (bid + ask) / 2;
  const { lower, upper } = priceBounds(market);
  const solved = mid > lower && mid < upper ? solveVol({ ...market, price: mid }) : undefined;
  if (solved !== undefined) {
    const model = bsm({ ...market, vol: solved });
    flags.push('iv-recomputed', 'delta-recomputed');
    counts.repaired.ivRecomputed++;
    counts.repaired.deltaRecomputed++;
    return { iv: solved, model, delta: model.delta, gamma: model.gamma };
  }
  flags.push('iv-unavailable');
  counts.flagged.ivUnavailable++;
  return { iv: undefined, model: undefined, delta: bsm({ ...market, vol: 0 }).delta, gamma: 0 };
}
