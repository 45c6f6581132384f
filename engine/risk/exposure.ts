/**
 * Exposure: the Greeks a set of legs adds to the book, in the units of the portfolio facts (netDelta, netGamma,
 * netVega, netTheta): share equivalents, dollars per volatility point, dollars per day. Signed contracts × the
 * quote's Greek × the contract multiplier, exactly as the facts sum a position's held legs (engine/facts/memory.ts).
 * A Greek is null when some leg's quote does not carry it: unknown, never silently 0.
 */
import { contractKey, type Greeks, type OptionContract, type Side } from '../domain/index.ts';

export interface Exposure {
  readonly delta: number | null;
  readonly gamma: number | null;
  readonly vega: number | null;
  readonly theta: number | null;
}

export type GreekName = keyof Exposure;

export const GREEKS: readonly GreekName[] = ['delta', 'gamma', 'vega', 'theta'];

/** The portfolio fact each Greek sums into. */
export const NET_FACT: Readonly<Record<GreekName, string>> = { delta: 'netDelta', gamma: 'netGamma', vega: 'netVega', theta: 'netTheta' };

export const NO_EXPOSURE: Exposure = Object.freeze({ delta: 0, gamma: 0, vega: 0, theta: 0 });

/** A leg as an order carries it: contract, buy or sell, contracts per combo unit. */
export interface ExposureLeg {
  readonly contract: OptionContract;
  readonly side: Side;
  readonly ratio: number;
}

/** Where the quote of a contract key is read from (the tick's quotes). */
export type QuoteOf = (key: string) => Greeks | undefined;

const QUOTE_FIELD: Readonly<Record<GreekName, keyof Greeks>> = { delta: 'delta', gamma: 'gamma', vega: 'vegaPerPoint', theta: 'thetaPerDay' };

/** The exposure of `quantity` combo units of `legs` at the quotes `quoteOf` gives. */
export function legsExposure(legs: readonly ExposureLeg[], quantity: number, quoteOf: QuoteOf): Exposure {
  const out: Record<GreekName, number | null> = { delta: 0, gamma: 0, vega: 0, theta: 0 };
  for (const l of legs) {
    const q = quoteOf(contractKey(l.contract));
    const contracts = (l.side === 'buy' ? 1 : -1) * l.ratio * quantity;
    for (const g of GREEKS) {
      const v = q?.[QUOTE_FIELD[g]];
      const sum = out[g];
      out[g] = sum === null || typeof v !== 'number' || !Number.isFinite(v) ? null : sum + contracts * v * l.contract.multiplier;
    }
  }
  return out;
}

/** a + b per Greek (null stays null). */
export function addExposure(a: Exposure, b: Exposure): Exposure {
  const out: Record<GreekName, number | null> = { delta: 0, gamma: 0, vega: 0, theta: 0 };
  for (const g of GREEKS) {
    const x = a[g];
    const y = b[g];
    out[g] = x === null || y === null ? null : x + y;
  }
  return out;
}
