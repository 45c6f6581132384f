import type { Right } from '../domain/contract.ts';

/** The no-arbitrage range of a European option's price per share: lower = discounted intrinsic, upper exclusive. */
export interface PriceBounds {
  lower: number;
  upper: number;
}

/**
 * Bounds for a European option with a continuous dividend yield:
 * call in [max(S·e^(−qT) − K·e^(−rT), 0), S·e^(−qT)), put in [max(K·e^(−rT) − S·e^(−qT), 0), K·e^(−rT)).
 */
export function priceBounds(i: { right: Right; spot: number; strike: number; years: number; rate: number; div?: number }): PriceBounds {
  const fwdSpot = i.spot * Math.exp(-(i.div ?? 0) * i.years);
  const pvStrike = i.strike * Math.exp(-i.rate * i.years);
  return i.right === 'call'
    ? { lower: Math.max(fwdSpot - pvStrike, 0), upper: fwdSpot }
    : { lower: Math.max(pvStrike - fwdSpot, 0), upper: pvStrike };
}
