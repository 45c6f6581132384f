import { bsm } from '../../engine/pricing/bsm.ts';

/** A contract the fake TWS knows, in IB's terms. */
export interface FakeContract {
  conId: number;
  symbol: string;
  secType: 'OPT' | 'STK' | 'IND';
  /** `YYYYMMDD` for options. */
  expiry: string;
  strike: number;
  right: '' | 'C' | 'P';
  multiplier: number;
  tradingClass: string;
  exchange: string;
  localSymbol: string;
}

export interface UnderlyingSpec {
  symbol: string;
  secType: 'STK' | 'IND';
  conId: number;
  price: number;
  /** Previous close (defaults to the starting price). */
  prevClose?: number;
  exchange: string;
  /** Base implied volatility (decimal) for the model quotes; absent for underlyings without options (VIX). */
  vol?: number;
  classes: { tradingClass: string; expiries: string[]; strikes: number[]; multiplier: number }[];
}

export interface FakeQuote {
  bid: number;
  ask: number;
  last?: number;
  bidSize?: number;
  askSize?: number;
  close?: number;
  iv?: number;
  delta?: number;
  gamma?: number;
  vega?: number;
  theta?: number;
  undPrice?: number;
}

const DAY_MS = 86_400_000;

function ymd(t: number): string {
  return new Date(t).toISOString().slice(0, 10).replaceAll('-', '');
}

/** The next `count` Fridays strictly after `now` as `YYYYMMDD`. */
export function nextFridays(now: number, count: number): string[] {
  const out: string[] = [];
  let t = now + DAY_MS;
  while (out.length < count) {
    if (new Date(t).getUTCDay() === 5) out.push(ymd(t));
    t += DAY_MS;
  }
  return out;
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let x = from; x <= to + 1e-9; x += step) out.push(Math.round(x * 100) / 100);
  return out;
}

/** The small built-in market the standalone fake serves: SPY and SPX with eight weekly expiries, plus VIX. */
export function builtInUnderlyings(now: number): UnderlyingSpec[] {
  const expiries = nextFridays(now, 8);
  return [
    { symbol: 'SPY', secType: 'STK', conId: 756733, price: 580, exchange: 'SMART', vol: 0.16,
      classes: [{ tradingClass: 'SPY', expiries, strikes: range(520, 640, 5), multiplier: 100 }] },
    { symbol: 'SPX', secType: 'IND', conId: 416904, price: 5800, exchange: 'CBOE', vol: 0.16,
      classes: [{ tradingClass: 'SPXW', expiries, strikes: range(5200, 6400, 25), multiplier: 100 }] },
    { symbol: 'VIX', secType: 'IND', conId: 13455763, price: 16, exchange: 'CBOE', classes: [] },
  ];
}

/** Contracts by conId, option conIds assigned on first use, and a model quote for every option. */
export class FakeChain {
  readonly underlyings = new Map<string, UnderlyingSpec>();
  private readonly byConId = new Map<number, FakeContract>();
  private readonly byKey = new Map<string, FakeContract>();
  private nextConId = 700_000_001;
  private readonly now: () => number;

  constructor(specs: UnderlyingSpec[], now: () => number) {
    this.now = now;
    for (const s of specs) {
      s.prevClose ??= s.price;
      this.underlyings.set(s.symbol, s);
      const c: FakeContract = { conId: s.conId, symbol: s.symbol, secType: s.secType, expiry: '', strike: 0, right: '', multiplier: 1,
        tradingClass: s.symbol, exchange: s.exchange, localSymbol: s.symbol };
      this.byConId.set(c.conId, c);
      this.byKey.set(`${s.symbol}:${s.secType}`, c);
      for (const cls of s.classes) {
        for (const expiry of cls.expiries) {
          for (const strike of cls.strikes) {
            for (const right of ['C', 'P'] as const) this.addOption(s.symbol, cls.tradingClass, expiry, strike, right, cls.multiplier);
          }
        }
      }
    }
  }

  private addOption(symbol: string, tradingClass: string, expiry: string, strike: number, right: 'C' | 'P', multiplier: number): void {
    const conId = this.nextConId++;
    const localSymbol = `${tradingClass.padEnd(6)}${expiry.slice(2)}${right}${String(Math.round(strike * 1000)).padStart(8, '0')}`;
    const c: FakeContract = { conId, symbol, secType: 'OPT', expiry, strike, right, multiplier, tradingClass, exchange: 'SMART', localSymbol };
    this.byConId.set(conId, c);
    this.byKey.set(optionKey(symbol, tradingClass, expiry, strike, right), c);
  }

  get(conId: number): FakeContract | undefined {
    return this.byConId.get(conId);
  }

  /** Finds contracts matching a request's fields (empty fields match anything, as in reqContractDetails). */
  match(q: { conId?: number; symbol: string; secType: string; expiry: string; strike: number; right: string; tradingClass: string }): FakeContract[] {
    if (q.conId) {
      const c = this.byConId.get(q.conId);
      return c ? [c] : [];
    }
    if (q.secType !== 'OPT') {
      const c = this.byKey.get(`${q.symbol}:${q.secType}`);
      return c ? [c] : [];
    }
    const right = q.right.startsWith('C') ? 'C' : q.right.startsWith('P') ? 'P' : '';
    const out: FakeContract[] = [];
    for (const c of this.byConId.values()) {
      if (c.secType !== 'OPT' || c.symbol !== q.symbol) continue;
      if (q.expiry && c.expiry !== q.expiry) continue;
      if (q.strike && Math.abs(c.strike - q.strike) > 1e-6) continue;
      if (right && c.right !== right) continue;
      if (q.tradingClass && c.tradingClass !== q.tradingClass) continue;
      out.push(c);
    }
    return out;
  }

  findOption(symbol: string, tradingClass: string, expiry: string, strike: number, right: 'C' | 'P'): FakeContract | undefined {
    return this.byKey.get(optionKey(symbol, tradingClass, expiry, strike, right));
  }

  /** The model quote of a contract at the current underlying price (options priced with BSM and a linear skew). */
  modelQuote(c: FakeContract): FakeQuote {
    if (c.secType !== 'OPT') {
      const u = this.underlyings.get(c.symbol)!;
      const p = u.price;
      return { bid: round2(p - 0.01), ask: round2(p + 0.01), last: p, close: u.prevClose, bidSize: 100, askSize: 100 };
    }
    const u = this.underlyings.get(c.symbol)!;
    const expiryMs = Date.parse(`${c.expiry.slice(0, 4)}-${c.expiry.slice(4, 6)}-${c.expiry.slice(6, 8)}T21:00:00Z`);
    const years = Math.max((expiryMs - this.now()) / (365 * DAY_MS), 1 / (365 * 24));
    const vol = Math.max(0.05, (u.vol ?? 0.2) + 0.3 * (1 - c.strike / u.price));
    const r = bsm({ right: c.right === 'C' ? 'call' : 'put', spot: u.price, strike: c.strike, years, rate: 0.04, vol });
    const mid = Math.max(r.price, 0.01);
    const half = Math.max(0.025, mid * 0.02);
    return { bid: round2(Math.max(0, mid - half)), ask: round2(mid + half), last: round2(mid), bidSize: 10, askSize: 10,
      iv: vol, delta: r.delta, gamma: r.gamma, vega: r.vegaPerPoint, theta: r.thetaPerDay, undPrice: u.price };
  }
}

function optionKey(symbol: string, tradingClass: string, expiry: string, strike: number, right: string): string {
  return `${symbol}:${tradingClass}:${expiry}:${right}:${strike}`;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
