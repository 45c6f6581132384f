import type { Right } from '../domain/contract.ts';
import { normCdf, normPdf } from './normal.ts';

/** Inputs to Black–Scholes–Merton. Rates and volatility are decimals per year (0.05 = 5%), time in years. */
export interface BsmInput {
  right: Right;
  spot: number;
  strike: number;
  years: number;
  /** Continuously compounded risk-free rate per year. */
  rate: number;
  /** Continuous dividend yield per year. */
  div?: number;
  /** Volatility per year (decimal). */
  vol: number;
}

/**
 * Price and Greeks per share, in explicit units: delta per 1.00 move of the spot, gamma per 1.00 per 1.00,
 * theta in price per calendar day (negative for long options), vega per volatility point (0.01), rho per 1% (0.01)
 * change in the rate.
 */
export interface BsmResult {
  price: number;
  delta: number;
  gamma: number;
  thetaPerDay: number;
  vegaPerPoint: number;
  rhoPerPoint: number;
}

/** Black–Scholes–Merton for European calls and puts with a continuous dividend yield. */
export function bsm(input: BsmInput): BsmResult {
  const { right, spot: S, strike: K, years: T, rate: r, vol: v } = input;
  const q = input.div ?? 0;
  if (T <= 0 || v <= 0) return intrinsicOnly(input);
  const sqrtT = Math.sqrt(T);
  const d1 = (Math.log(S / K) + (r - q + (v * v) / 2) * T) / (v * sqrtT);
  const d2 = d1 - v * sqrtT;
  const dfq = Math.exp(-q * T);
  const dfr = Math.exp(-r * T);
  const pdf = normPdf(d1);
  const gamma = (dfq * pdf) / (S * v * sqrtT);
  const vega = S * dfq * pdf * sqrtT;
  if (right === 'call') {
    const Nd1 = normCdf(d1);
    const Nd2 = normCdf(d2);
    const theta = (-S * dfq * pdf * v) / (2 * sqrtT) - r * K * dfr * Nd2 + q * S * dfq * Nd1;
    return { price: S * dfq * Nd1 - K * dfr * Nd2, delta: dfq * Nd1, gamma, thetaPerDay: theta / 365, vegaPerPoint: vega / 100, rhoPerPoint: (K * T * dfr * Nd2) / 100 };
  }
  const Nmd1 = normCdf(-d1);
  const Nmd2 = normCdf(-d2);
  const theta = (-S * dfq * pdf * v) / (2 * sqrtT) + r * K * dfr * Nmd2 - q * S * dfq * Nmd1;
  return { price: K * dfr * Nmd2 - S * dfq * Nmd1, delta: -dfq * Nmd1, gamma, thetaPerDay: theta / 365, vegaPerPoint: vega / 100, rhoPerPoint: (-K * T * dfr * Nmd2) / 100 };
}

/** At or past expiry (or with zero volatility) an option is worth its discounted intrinsic value. */
function intrinsicOnly({ right, spot, strike, years, rate, div = 0 }: BsmInput): BsmResult {
  const T = Math.max(years, 0);
  const fwdSpot = spot * Math.exp(-div * T);
  const pvStrike = strike * Math.exp(-rate * T);
  const itm = right === 'call' ? fwdSpot > pvStrike : pvStrike > fwdSpot;
  const price = Math.max(right === 'call' ? fwdSpot - pvStrike : pvStrike - fwdSpot, 0);
  const delta = itm ? (right === 'call' ? Math.exp(-div * T) : -Math.exp(-div * T)) : 0;
  return { price, delta, gamma: 0, thetaPerDay: 0, vegaPerPoint: 0, rhoPerPoint: 0 };
}

/** Years between two epoch-ms instants, on a 365-day calendar year (the convention theta-per-day assumes). */
export function yearsBetween(fromMs: number, toMs: number): number {
  return Math.max(toMs - fromMs, 0) / (365 * 86_400_000);
}
