import { contractKey } from '../../engine/domain/index.ts';
import type { ChainListing, ContractKey, EpochMs, OptionContract, OptionQuote } from '../../engine/domain/index.ts';
import { bsm, yearsBetween } from '../../engine/pricing/bsm.ts';
import { expiryClose, listExpiries } from './calendar.ts';
import type { ResolvedSimOptions, ResolvedUnderlying } from './options.ts';
import type { Random } from './random.ts';
import { atmVol, halfSpread, moneyness, skewedVol } from './surface.ts';

/** Strikes within ±5% of the price use the near step; beyond, out to ±strikeRangePct, five times the near step. */
const NEAR_BAND = 0.05;
const FAR_STEP_FACTOR = 5;

interface ListedExpiry {
  expiry: string;
  close: EpochMs;
  strikes: number[];
  calls: OptionContract[];
  puts: OptionContract[];
  callKeys: ContractKey[];
  putKeys: ContractKey[];
}

const roundStrike = (x: number) => Math.round(x * 1e6) / 1e6;
const floorTick = (x: number) => Math.floor(x * 100 + 1e-9) / 100;
const ceilTick = (x: number) => Math.ceil(x * 100 - 1e-9) / 100;

/** The strike grid around a price. */
export function strikeGrid(spot: number, step: number, rangePct: number): number[] {
  const out = new Set<number>();
  const far = step * FAR_STEP_FACTOR;
  for (let k = Math.ceil((spot * (1 - rangePct)) / far); k * far <= spot * (1 + rangePct); k++) out.add(roundStrike(k * far));
  for (let k = Math.ceil((spot * (1 - NEAR_BAND)) / step); k * step <= spot * (1 + NEAR_BAND); k++) out.add(roundStrike(k * step));
  return [...out].filter((k) => k > 0).sort((a, b) => a - b);
}

/**
 * The listed chain of one underlying: expiries (weekly and monthly) with sticky strikes — strikes are added as the
 * price moves and never removed before their expiry, so a contract someone holds stays quoted until it expires.
 */
export class UnderlyingChain {
  readonly u: ResolvedUnderlying;
  private readonly o: ResolvedSimOptions;
  private expiries: ListedExpiry[] = [];
  private center = NaN;

  constructor(u: ResolvedUnderlying, o: ResolvedSimOptions) {
    this.u = u;
    this.o = o;
  }

  /** At a session's first tick: list new expiries (with the grid around `spot`) and drop expired ones. */
  openSession(today: string, now: EpochMs, spot: number): void {
    const known = new Map(this.expiries.map((e) => [e.expiry, e]));
    const grid = strikeGrid(spot, this.u.strikeStep, this.o.strikeRangePct);
    this.expiries = listExpiries(today, this.o.weeklyDays, this.o.monthlyDays, this.o.holidays)
      .map(({ expiry }) => known.get(expiry) ?? this.makeExpiry(expiry, grid))
      .filter((e) => e.close > now);
    this.center = spot;
    this.ensureStrikes(spot);
  }

  /** Adds strikes around `spot` once it has moved more than one strike step from the last grid's centre. */
  ensureStrikes(spot: number): void {
    if (Math.abs(spot - this.center) < this.u.strikeStep) return;
    this.center = spot;
    const grid = strikeGrid(spot, this.u.strikeStep, this.o.strikeRangePct);
    for (let i = 0; i < this.expiries.length; i++) {
      const e = this.expiries[i];
      const have = new Set(e.strikes);
      if (grid.every((k) => have.has(k))) continue;
      for (const k of grid) have.add(k);
      this.expiries[i] = this.makeExpiry(e.expiry, [...have].sort((a, b) => a - b));
    }
  }

  dropExpired(now: EpochMs): void {
    if (this.expiries.length && this.expiries[0].close <= now) this.expiries = this.expiries.filter((e) => e.close > now);
  }

  listing(): ChainListing {
    return {
      underlying: this.u.symbol,
      multiplier: this.u.multiplier,
      settlement: this.u.settlement,
      expiries: this.expiries.map((e) => ({ expiry: e.expiry, ...(this.u.root ? { root: this.u.root } : {}), strikes: [...e.strikes] })),
    };
  }

  /** Appends a quote for every listed contract to `out`. */
  quote(now: EpochMs, spot: number, vixRatio: number, rate: number, sizes: Random, out: OptionQuote[]): void {
    const q = this.u.divYield;
    for (const e of this.expiries) {
      const years = yearsBetween(now, e.close);
      if (years <= 0) continue;
      const sqrtT = Math.sqrt(years);
      const forward = spot * Math.exp((rate - q) * years);
      const atm = atmVol(this.u.vol, vixRatio, years);
      for (let j = 0; j < e.strikes.length; j++) {
        const strike = e.strikes[j];
        const x = moneyness(strike, forward, atm, sqrtT);
        const iv = skewedVol(atm, x);
        const depth = Math.exp((-x * x) / 2);
        out.push(this.makeQuote(e.callKeys[j], e.calls[j], spot, strike, years, rate, iv, vixRatio, x, depth, sizes));
        out.push(this.makeQuote(e.putKeys[j], e.puts[j], spot, strike, years, rate, iv, vixRatio, x, depth, sizes));
      }
    }
  }

  private makeQuote(key: ContractKey, contract: OptionContract, spot: number, strike: number, years: number, rate: number, iv: number, vixRatio: number, x: number, depth: number, sizes: Random): OptionQuote {
    const g = bsm({ right: contract.right, spot, strike, years, rate, div: this.u.divYield, vol: iv });
    const half = halfSpread(g.price, spot, vixRatio, x);
    const bid = Math.max(0, floorTick(g.price - half));
    const ask = Math.max(bid + 0.01, ceilTick(g.price + half), 0.01);
    const baseSize = 20 + 480 * depth;
    return {
      key, contract, bid, ask: Math.round(ask * 100) / 100, last: Math.round(g.price * 100) / 100,
      bidSize: bid > 0 ? Math.max(1, Math.round(baseSize * (0.5 + sizes.uniform()))) : 0,
      askSize: Math.max(1, Math.round(baseSize * (0.5 + sizes.uniform()))),
      underlyingPrice: spot, iv, delta: g.delta, gamma: g.gamma, thetaPerDay: g.thetaPerDay, vegaPerPoint: g.vegaPerPoint,
    };
  }

  private makeExpiry(expiry: string, strikes: number[]): ListedExpiry {
    const mk = (right: 'call' | 'put') => strikes.map((strike): OptionContract => Object.freeze({
      underlying: this.u.symbol, ...(this.u.root ? { root: this.u.root } : {}), expiry, right, strike,
      multiplier: this.u.multiplier, settlement: this.u.settlement,
    }));
    const calls = mk('call');
    const puts = mk('put');
    return { expiry, close: expiryClose(expiry), strikes, calls, puts, callKeys: calls.map(contractKey), putKeys: puts.map(contractKey) };
  }
}
