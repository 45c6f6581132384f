import { twError } from '../errors/index.ts';
import { bsm, type BsmInput } from './bsm.ts';
import { priceBounds } from './bounds.ts';
import { checkMarketInputs, checkPrice, MAX_VOL } from './validate.ts';

/** Black–Scholes–Merton's inputs with the option's price in place of the volatility (`years` must be > 0). */
export interface ImpliedVolInput extends Omit<BsmInput, 'vol'> {
  /** Option price per share. */
  price: number;
}

/** Solver tolerance on the price, relative to max(price, 1e-4 of the strike) … tight enough for 1e-8 vol accuracy. */
const PRICE_TOL = 1e-12;
const MAX_ITER = 100;

/**
 * Implied volatility (decimal per year) of a European option under Black–Scholes–Merton: safeguarded Newton steps on
 * vega inside a bracket that always contains the root, falling back to bisection whenever a Newton step would leave
 * the bracket or stalls. A price at the lower no-arbitrage bound gives 0.
 * Throws TW_PRICING_INVALID_INPUT for impossible inputs, TW_PRICING_BELOW_INTRINSIC / TW_PRICING_ABOVE_UPPER_BOUND for
 * prices outside the no-arbitrage bounds, TW_PRICING_IV_NOT_FOUND when only a volatility above 1000% fits.
 */
export function impliedVol(input: ImpliedVolInput): number {
  checkMarketInputs(input, { yearsPositive: true });
  checkPrice(input.price);
  const { right, spot, strike, years, rate, price } = input;
  const div = input.div ?? 0;
  const { lower, upper } = priceBounds({ right, spot, strike, years, rate, div });
  const scale = Math.max(upper, 1e-12);
  const params = { right, price: round(price), spot, strike, years: round(years), lower: round(lower), upper: round(upper) };
  if (price < lower - 1e-12 * scale) throw twError('TW_PRICING_BELOW_INTRINSIC', params);
  if (price >= upper) throw twError('TW_PRICING_ABOVE_UPPER_BOUND', params);
  if (price <= lower + 1e-14 * scale) return 0;

  const priceAt = (vol: number) => bsm({ right, spot, strike, years, rate, div, vol });
  const tol = PRICE_TOL * Math.max(price, 1e-4 * strike);
  let lo = 0;
  let hi = 1;
  while (priceAt(hi).price < price) {
    lo = hi;
    hi *= 2;
    if (hi > MAX_VOL) throw twError('TW_PRICING_IV_NOT_FOUND', { ...params, reason: 'the price is too close to its upper bound', maxVolPct: MAX_VOL * 100 });
  }
  // Manaster–Koehler start: the volatility at which the inflection point of price(vol) sits, clamped into the bracket.
  let vol = Math.sqrt(Math.abs(Math.log(spot / strike) + (rate - div) * years) * 2 / years);
  if (!(vol > lo && vol < hi)) vol = (lo + hi) / 2;
  for (let i = 0; i < MAX_ITER; i++) {
    const r = priceAt(vol);
    const diff = r.price - price;
    if (Math.abs(diff) <= tol) return vol;
    if (diff > 0) hi = vol;
    else lo = vol;
    if (hi - lo <= 1e-15 * Math.max(hi, 1)) return vol;
    const vega = r.vegaPerPoint * 100;
    const step = vega > 0 ? vol - diff / vega : Number.NaN;
    vol = step > lo && step < hi ? step : (lo + hi) / 2;
  }
  throw twError('TW_PRICING_IV_NOT_FOUND', { ...params, reason: `no convergence in ${MAX_ITER} iterations`, maxVolPct: MAX_VOL * 100 });
}

function round(x: number): number {
  return Number(x.toPrecision(8));
}
