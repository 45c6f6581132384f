import { twError } from '../errors/index.ts';

/** Largest volatility accepted as input or solved for: 1000% per year. Larger numbers are almost surely percentages. */
export const MAX_VOL = 10;
/** Largest absolute rate or dividend yield accepted: 100% per year (0.05 = 5%). */
export const MAX_RATE = 1;

function fail(name: string, expected: string, value: number, advice: string): never {
  throw twError('TW_PRICING_INVALID_INPUT', { name, expected, value: String(value), advice });
}

/** Spot, strike, time, rate and dividend yield every pricing function needs; throws TW_PRICING_INVALID_INPUT. */
export function checkMarketInputs(i: { spot: number; strike: number; years: number; rate: number; div?: number }, opts: { yearsPositive: boolean }): void {
  if (!Number.isFinite(i.spot) || i.spot <= 0) fail('spot', 'a positive price', i.spot, 'give the underlying price, e.g. 42');
  if (!Number.isFinite(i.strike) || i.strike <= 0) fail('strike', 'a positive price', i.strike, 'give the strike price, e.g. 40');
  if (!Number.isFinite(i.years) || i.years < 0 || (opts.yearsPositive && i.years === 0)) {
    fail('years', opts.yearsPositive ? 'a positive number of years' : 'zero or a positive number of years', i.years, 'give the time to expiry in years: 30 days is 30/365 = 0.0822');
  }
  if (!Number.isFinite(i.rate) || Math.abs(i.rate) > MAX_RATE) fail('rate', `a decimal per year between -${MAX_RATE} and ${MAX_RATE}`, i.rate, 'write 5% as 0.05');
  const q = i.div ?? 0;
  if (!Number.isFinite(q) || Math.abs(q) > MAX_RATE) fail('div', `a decimal per year between -${MAX_RATE} and ${MAX_RATE}`, q, 'write a 1.9% dividend yield as 0.019');
}

/** Volatility must be a decimal per year in [0, MAX_VOL]. */
export function checkVol(vol: number): void {
  if (!Number.isFinite(vol) || vol < 0) fail('vol', 'zero or a positive decimal per year', vol, 'write 20% volatility as 0.2');
  if (vol > MAX_VOL) fail('vol', `at most ${MAX_VOL} (${MAX_VOL * 100}% per year)`, vol, 'write 20% volatility as 0.2, not 20');
}

/** A premium must be a finite, non-negative price per share. */
export function checkPrice(price: number): void {
  if (!Number.isFinite(price) || price < 0) fail('premium', 'zero or a positive price per share', price, 'give the option price per share, e.g. 4.76');
}
