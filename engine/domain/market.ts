import type { ContractKey, OptionContract } from './contract.ts';
import type { EpochMs } from './time.ts';

/**
 * Greeks in explicit units: delta per 1.00 of the underlying, gamma per 1.00 per 1.00, theta in dollars per share per
 * calendar day, vega in dollars per share per volatility point (0.01), rho per 1% rate change. IV is a decimal (0.2 = 20%).
 */
export interface Greeks {
  iv?: number;
  delta?: number;
  gamma?: number;
  thetaPerDay?: number;
  vegaPerPoint?: number;
}

/** One option quote: prices in dollars per share, sizes in contracts. */
export interface OptionQuote extends Greeks {
  key: ContractKey;
  contract: OptionContract;
  bid: number;
  ask: number;
  last?: number;
  bidSize?: number;
  askSize?: number;
  /** Underlying price the source priced this quote against, when it says. */
  underlyingPrice?: number;
  /** Data-quality flags set by the source (`zero-iv`, `crossed`, `no-bid`, `iv-recomputed`, …). */
  flags?: string[];
}

export interface UnderlyingQuote {
  symbol: string;
  price: number;
  /** Previous session close, for daily change facts. */
  prevClose?: number;
}

/** Everything a market feed delivers at one moment. */
export interface MarketTick {
  time: EpochMs;
  underlyings: UnderlyingQuote[];
  /** The VIX (or a VIX-like index) level and its previous close. */
  vix?: { level: number; prevClose?: number };
  /** Option quotes: the whole chain for simulated and replayed feeds, the subscribed lines for a live broker. */
  quotes: OptionQuote[];
  /** Risk-free rate (decimal, continuous) the source assumes; the pricing default applies when absent. */
  rate?: number;
}

/** A chain listing: which option contracts exist for an underlying (strikes per expiry). */
export interface ChainListing {
  underlying: string;
  multiplier: number;
  settlement: 'cash' | 'physical';
  expiries: { expiry: string; root?: string; strikes: number[] }[];
}
