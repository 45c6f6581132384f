/**
 * The implied-volatility surface of a simulated underlying, driven by the VIX-like index.
 *
 * - ATM term structure: `atm(T) = vol × (L + (V/mean − L) × (1 − e^(−T/τ)) / (T/τ))` with L = 1.05 and τ = 0.25 years:
 *   short expiries follow the VIX ratio V/mean, long ones drift to 1.05 × vol — contango in calm markets,
 *   backwardation when the VIX spikes.
 * - Skew in standardised moneyness `x = ln(K/F) / (atm × √T)`: `iv = atm × (1 − 0.22 x + 0.06 x²)`, x clamped to
 *   [−5, 5] and the factor to [0.6, 3]: out-of-the-money puts are richer than at-the-money, calls cheaper, with a
 *   slight smile far out.
 */
const LONG_RUN_RATIO = 1.05;
const TERM_TAU_YEARS = 0.25;
const SKEW_SLOPE = 0.22;
const SKEW_CURVE = 0.06;

export function atmVol(vol: number, vixRatio: number, years: number): number {
  const x = years / TERM_TAU_YEARS;
  const weight = x < 1e-6 ? 1 : (1 - Math.exp(-x)) / x;
  return vol * (LONG_RUN_RATIO + (vixRatio - LONG_RUN_RATIO) * weight);
}

/** Standardised moneyness, clamped to [−5, 5]. */
export function moneyness(strike: number, forward: number, atm: number, sqrtYears: number): number {
  const x = Math.log(strike / forward) / (atm * sqrtYears);
  return x < -5 ? -5 : x > 5 ? 5 : x;
}

export function skewedVol(atm: number, x: number): number {
  const f = 1 - SKEW_SLOPE * x + SKEW_CURVE * x * x;
  return atm * (f < 0.6 ? 0.6 : f > 3 ? 3 : f);
}

/**
 * Half the bid/ask spread in dollars per share around a model price `mid`:
 * `(minHalf + 0.4% × mid) × (V/mean)^0.8 × (1 + 0.5 |x|)` where `minHalf = max(0.01, 0.01 × spot/450)`.
 * Wider when the VIX is high and away from the money.
 */
export function halfSpread(mid: number, spot: number, vixRatio: number, x: number): number {
  const minHalf = Math.max(0.01, (0.01 * spot) / 450);
  return (minHalf + 0.004 * mid) * Math.pow(vixRatio, 0.8) * (1 + 0.5 * Math.abs(x));
}
