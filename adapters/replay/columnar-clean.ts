/**
 * The data-quality pass of quality.ts (`cleanQuote`: the same rules, in the same order, with the same arithmetic) over
 * a snapshot held as typed arrays (columnar-read.ts). What depends only on the contract (its validity, expiry time,
 * key, the `OptionContract` object itself) is worked out once per contract id for the whole replay; what depends on
 * the snapshot and the expiry (the dividend yield) once per expiry per snapshot; the per-row loop only reads numbers.
 * A differential test (test/adapters/replay/columnar-cache.test.ts) checks every tick of the real files against the
 * row-by-row path.
 */
import { contractKey, type OptionContract, type OptionQuote, type Right } from '../../engine/domain/index.ts';
import { bsm, yearsBetween } from '../../engine/pricing/index.ts';
import { expiryTime, isAmSettledRoot, ok, repairZeroIv, settlementOf, type DayContext, type QualityCounts } from './quality.ts';
import { usablePrice } from './underlying.ts';
import type { Chains } from './columnar-read.ts';

/** Per contract id: what the cleaner needs that never changes from one snapshot to the next. */
export interface ContractInfo {
  /** 1 when strike, right and expiry are usable (bid and ask are checked per row). */
  valid: Uint8Array;
  /** When the series stops trading (expiryTime), for valid contracts. */
  stop: Float64Array;
  /** Index of the contract's key among the distinct keys: duplicates within a snapshot share it. */
  keyId: Int32Array;
  /** Index of the contract's `root:expiry` (its parity dividend yield). */
  group: Int32Array;
  groupKeys: string[];
  contract: (OptionContract | undefined)[];
  key: string[];
  /** Snapshot stamps: seen[keyId] === stamp means the key already had a row in this snapshot. */
  seen: Int32Array;
  serial: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function prepareContracts(chains: Chains, underlying: string, rootsKnown: boolean): ContractInfo {
  const t = chains.contracts;
  const n = t.size;
  const info: ContractInfo = {
    valid: new Uint8Array(n), stop: new Float64Array(n), keyId: new Int32Array(n), group: new Int32Array(n), groupKeys: [], contract: new Array(n), key: new Array(n), seen: new Int32Array(0), serial: 0,
  };
  const keys = new Map<string, number>();
  const groups = new Map<string, number>();
  const settlement = settlementOf(underlying);
  for (let c = 0; c < n; c++) {
    const strike = t.strike[c];
    const right = t.right[c];
    const expiry = t.expiry[c];
    const root = t.root[c] as string;
    if (!ok(strike) || strike <= 0 || (right !== 'call' && right !== 'put') || !DATE.test(expiry ?? '')) continue;
    info.valid[c] = 1;
    info.stop[c] = expiryTime(expiry!, rootsKnown && isAmSettledRoot(root));
    const contract: OptionContract = Object.freeze({ underlying, root, expiry: expiry!, right: right as Right, strike, multiplier: 100, settlement });
    const key = contractKey(contract);
    info.contract[c] = contract;
    info.key[c] = key;
    let k = keys.get(key);
    if (k === undefined) keys.set(key, (k = keys.size));
    info.keyId[c] = k;
    const g = `${root}:${expiry}`;
    let gi = groups.get(g);
    if (gi === undefined) groups.set(g, (gi = groups.size));
    info.group[c] = gi;
  }
  info.groupKeys = [...groups.keys()];
  info.seen = new Int32Array(keys.size).fill(-1);
  return info;
}

/** The quotes of snapshot `i` that pass the checks, counted into `counts` exactly as cleanQuote counts them. */
export function cleanChain(chains: Chains, info: ContractInfo, i: number, day: DayContext, counts: QualityCounts): OptionQuote[] {
  const { cid, values: v } = chains;
  const [start, end] = [chains.dayStart[i], chains.dayStart[i + 1]];
  const stamp = ++info.serial;
  // Per expiry of this snapshot: its parity dividend yield (or the day's), looked up once.
  const groupDiv = new Float64Array(info.groupKeys.length).fill(NaN);
  const out: OptionQuote[] = [];
  for (let r = start; r < end; r++) {
    counts.rowsRead++;
    const c = cid[r];
    const bid = v.bid[r];
    const ask = v.ask[r];
    if (info.valid[c] === 0 || !Number.isFinite(bid) || !Number.isFinite(ask) || bid < 0 || ask < 0) {
      counts.dropped.invalid++;
      continue;
    }
    const stop = info.stop[c];
    if (stop <= day.tickTime) {
      counts.dropped.expired++;
      continue;
    }
    if (bid === 0 && ask === 0) {
      counts.dropped.noQuote++;
      continue;
    }
    if (bid > ask) {
      counts.dropped.crossed++;
      continue;
    }
    const k = info.keyId[c];
    if (info.seen[k] === stamp) {
      counts.dropped.duplicate++;
      continue;
    }
    info.seen[k] = stamp;
    const contract = info.contract[c]!;
    const key = info.key[c];
    // Most quotes carry no flag: the list is made only for those that do.
    let flags: string[] | undefined;
    if (bid === 0) {
      (flags ??= []).push('no-bid');
      counts.flagged.noBid++;
    }
    if (!usablePrice(v.underlying_price[r])) {
      (flags ??= []).push('bad-underlying-price');
      counts.flagged.badUnderlyingPrice++;
    }
    if (day.spot === undefined) {
      out.push(withoutUnderlying(chains, r, contract, key, bid, ask, flags ?? [], counts));
      continue;
    }
    if (day.spotSource === 'parity') {
      (flags ??= []).push('underlying-from-parity');
      counts.flagged.underlyingFromParity++;
    }
    const years = yearsBetween(day.tickTime, stop);
    const g = info.group[c];
    let div = groupDiv[g];
    if (Number.isNaN(div)) groupDiv[g] = div = day.divByExpiry?.get(info.groupKeys[g]) ?? day.div;
    const spot: number = day.spot;
    const right = contract.right;
    const strike = contract.strike;
    const rate = day.rate;
    const srcIv = v.iv[r];
    let iv = Number.isFinite(srcIv) && srcIv > 0 ? srcIv : undefined;
    let delta = Number.isFinite(v.delta[r]) ? v.delta[r] : undefined;
    let gamma = Number.isFinite(v.gamma[r]) ? v.gamma[r] : undefined;
    let model: ReturnType<typeof bsm> | undefined;
    if (iv === undefined) ({ iv, model, delta, gamma } = repairZeroIv({ right, spot, strike, years, rate, div }, bid, ask, (flags ??= []), counts));
    let thetaPerDay = Number.isFinite(v.theta[r]) ? v.theta[r] : undefined;
    let vegaPerPoint = Number.isFinite(v.vega[r]) ? v.vega[r] : undefined;
    if ((thetaPerDay === undefined || vegaPerPoint === undefined) && iv !== undefined) {
      model ??= bsm(inputs(right, spot, strike, years, rate, div, iv));
      thetaPerDay ??= model.thetaPerDay;
      vegaPerPoint ??= model.vegaPerPoint;
    }
    counts.rowsEmitted++;
    const quote: OptionQuote = { key, contract, bid, ask, underlyingPrice: spot, iv, delta, gamma, thetaPerDay, vegaPerPoint };
    extras(chains, r, quote);
    if (flags !== undefined) quote.flags = flags;
    out.push(quote);
  }
  return out;
}

/** One input object for every bsm call (bsm reads it and keeps nothing): no allocation per quote. */
const scratch: Parameters<typeof bsm>[0] = { right: 'call', spot: 0, strike: 0, years: 0, rate: 0, div: 0, vol: 0 };

function inputs(right: Right, spot: number, strike: number, years: number, rate: number, div: number, vol: number): Parameters<typeof bsm>[0] {
  scratch.right = right;
  scratch.spot = spot;
  scratch.strike = strike;
  scratch.years = years;
  scratch.rate = rate;
  scratch.div = div;
  scratch.vol = vol;
  return scratch;
}

/** last (when it traded), bid and ask sizes: set only when the source gives them, as cleanQuote does. */
function extras(chains: Chains, r: number, quote: OptionQuote): void {
  const v = chains.values;
  const last = v.last[r];
  if (Number.isFinite(last) && last > 0) quote.last = last;
  if (Number.isFinite(v.bid_size[r])) quote.bidSize = v.bid_size[r];
  if (Number.isFinite(v.ask_size[r])) quote.askSize = v.ask_size[r];
}

/** quality.ts `withoutUnderlying`: the source's IV and Greeks as they are, flagged `no-underlying`. */
function withoutUnderlying(chains: Chains, r: number, contract: OptionContract, key: string, bid: number, ask: number, flags: string[], counts: QualityCounts): OptionQuote {
  const v = chains.values;
  flags.push('no-underlying');
  counts.flagged.noUnderlying++;
  const iv = Number.isFinite(v.iv[r]) && v.iv[r] > 0 ? v.iv[r] : undefined;
  if (iv === undefined) {
    flags.push('zero-iv', 'iv-unavailable');
    counts.flagged.zeroIv++;
    counts.flagged.ivUnavailable++;
  }
  counts.rowsEmitted++;
  const quote: OptionQuote = { key, contract, bid, ask, flags };
  if (iv !== undefined) quote.iv = iv;
  for (const [k, col] of [['delta', 'delta'], ['gamma', 'gamma'], ['thetaPerDay', 'theta'], ['vegaPerPoint', 'vega']] as const) if (Number.isFinite(v[col][r])) quote[k] = v[col][r];
  extras(chains, r, quote);
  return quote;
}
