/** Per-unit economics of selected legs: net prices, the start limit, credit/debit, max profit/loss, IV at entry. */
import { toCents } from '../domain/index.ts';
import { maxProfitLoss, netPrices, roundTowardNatural } from './payoff.ts';
import type { QuotedLeg, UnitEconomics } from './types.ts';

export function unitEconomics(legs: readonly QuotedLeg[], startPrice: 'mid' | 'natural'): UnitEconomics {
  const multiplier = legs[0]?.contract.multiplier ?? 100;
  const { midNet, naturalNet } = netPrices(legs);
  const limitNet = startPrice === 'natural' ? Math.round(naturalNet * 100) / 100 : roundTowardNatural(midNet, naturalNet);
  const pl = maxProfitLoss(legs, limitNet, multiplier);
  return {
    midNet,
    naturalNet,
    limitNet,
    creditCents: limitNet < 0 ? toCents(-limitNet * multiplier) : 0,
    debitCents: limitNet > 0 ? toCents(limitNet * multiplier) : 0,
    maxProfitCents: pl.maxProfitCents,
    maxLossCents: pl.maxLossCents,
    ivAtEntry: averageIv(legs),
    breakevens: pl.breakevens,
    multiplier,
  };
}

/**
 * Average IV of the short legs (the long legs when there is no short), weighted by contracts per unit (a leg of ratio 2
 * counts twice); quotes with IV ≤ 0 are not counted.
 */
export function averageIv(legs: readonly QuotedLeg[]): number | null {
  const shorts = legs.filter((l) => l.side === 'sell');
  const pool = (shorts.length > 0 ? shorts : legs).filter((l) => typeof l.quote.iv === 'number' && l.quote.iv > 0);
  const weight = pool.reduce((n, l) => n + l.ratio, 0);
  return weight === 0 ? null : Math.round((pool.reduce((a, l) => a + l.ratio * (l.quote.iv as number), 0) / weight) * 1e6) / 1e6;
}
