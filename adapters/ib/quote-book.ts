import type { OptionContract, OptionQuote } from '../../engine/domain/index.ts';
import { contractKey } from '../../engine/domain/index.ts';

/** IB tick types the feed reads (live and delayed). */
const BID = new Set([1, 66]);
const ASK = new Set([2, 67]);
const LAST = new Set([4, 68]);
const CLOSE = new Set([9, 75]);
const BID_SIZE = new Set([0, 69]);
const ASK_SIZE = new Set([3, 70]);
const MODEL = new Set([13, 83]);
const OTHER_COMPUTATION = new Set([10, 11, 12, 80, 81, 82]);

export interface QuoteState {
  bid?: number;
  ask?: number;
  last?: number;
  close?: number;
  bidSize?: number;
  askSize?: number;
  iv?: number;
  delta?: number;
  gamma?: number;
  vega?: number;
  theta?: number;
  undPrice?: number;
  /** Greeks came from the model computation (13) rather than a bid/ask/last one. */
  model?: boolean;
  /** Filled by a snapshot (rotated line) rather than a stream. */
  snapshot?: boolean;
}

/** The latest values per instrument key (an option's ContractKey, or `U:<symbol>` for underlyings and the VIX). */
export class QuoteBook {
  readonly quotes = new Map<string, QuoteState>();

  private state(key: string): QuoteState {
    let q = this.quotes.get(key);
    if (!q) this.quotes.set(key, (q = {}));
    return q;
  }

  price(key: string, tickType: number, price: number, snapshot: boolean): void {
    const q = this.state(key);
    q.snapshot = snapshot;
    const v = price > 0 ? price : undefined; // IB sends -1 / 0 for "no price"
    if (BID.has(tickType)) q.bid = v;
    else if (ASK.has(tickType)) q.ask = v;
    else if (LAST.has(tickType)) q.last = v;
    else if (CLOSE.has(tickType)) q.close = v;
  }

  size(key: string, tickType: number, size: number): void {
    const q = this.state(key);
    if (BID_SIZE.has(tickType)) q.bidSize = Number(size);
    else if (ASK_SIZE.has(tickType)) q.askSize = Number(size);
  }

  computation(key: string, tickType: number, c: { iv?: number; delta?: number; gamma?: number; vega?: number; theta?: number; undPrice?: number }): void {
    const q = this.state(key);
    const isModel = MODEL.has(tickType);
    if (!isModel && (!OTHER_COMPUTATION.has(tickType) || q.model)) return;
    q.model = isModel;
    if (c.iv !== undefined) q.iv = c.iv;
    if (c.delta !== undefined) q.delta = c.delta;
    if (c.gamma !== undefined) q.gamma = c.gamma;
    if (c.vega !== undefined) q.vega = c.vega;
    if (c.theta !== undefined) q.theta = c.theta;
    if (c.undPrice !== undefined) q.undPrice = c.undPrice;
  }

  /** An underlying's price: last trade, else the bid/ask mid, else the previous close. */
  underlyingPrice(symbol: string): { price: number; prevClose?: number } | null {
    const q = this.quotes.get(`U:${symbol}`);
    if (!q) return null;
    const mid = q.bid !== undefined && q.ask !== undefined ? (q.bid + q.ask) / 2 : undefined;
    const price = q.last ?? mid ?? q.close;
    return price === undefined ? null : { price, prevClose: q.close };
  }

  /** An option quote, when IB has sent both sides (a missing bid on a far OTM option counts as 0 with a flag). */
  /** True once the contract has an ask (what `optionQuote` needs to return a quote). */
  has(key: string): boolean {
    return this.quotes.get(key)?.ask !== undefined;
  }

  optionQuote(contract: OptionContract, stale: boolean): OptionQuote | null {
    const key = contractKey(contract);
    const q = this.quotes.get(key);
    if (!q || q.ask === undefined) return null;
    const flags: string[] = [];
    if (q.bid === undefined) flags.push('no-bid');
    if (q.bid !== undefined && q.bid > q.ask) flags.push('crossed');
    if (q.snapshot) flags.push('snapshot');
    if (stale) flags.push('stale');
    const out: OptionQuote = { key, contract, bid: q.bid ?? 0, ask: q.ask };
    if (q.last !== undefined) out.last = q.last;
    if (q.bidSize !== undefined) out.bidSize = q.bidSize;
    if (q.askSize !== undefined) out.askSize = q.askSize;
    if (q.iv !== undefined) out.iv = q.iv;
    if (q.delta !== undefined) out.delta = q.delta;
    if (q.gamma !== undefined) out.gamma = q.gamma;
    // IB's theta is per calendar day and its vega per volatility point: the units OptionQuote uses.
    if (q.theta !== undefined) out.thetaPerDay = q.theta;
    if (q.vega !== undefined) out.vegaPerPoint = q.vega;
    if (q.undPrice !== undefined) out.underlyingPrice = q.undPrice;
    if (flags.length) out.flags = flags;
    return out;
  }
}
