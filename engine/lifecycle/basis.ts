/**
 * The entry basis of the current leg set, from its opening fills: the premium actually received or paid (every fill of
 * the opening order: partial fills, fills after repricing), the units those fills opened, and the max profit and max
 * loss they imply. Never from the planned limit. See docs/lifecycle.md § Entry basis.
 */
import { basisFromFills } from '../entry/index.ts';
import type { Cents } from '../domain/index.ts';
import type { PlannedLeg, PositionContext } from './types.ts';

export interface OpeningBasis {
  /** Units the opening order of the current leg set filled (a reduce does not lower it). */
  openedQuantity: number;
  maxProfitCents: Cents | null;
  maxLossCents: Cents | null;
  /** Underlying prices at expiry where the payoff is zero, at the average fill price (empty across expiries). */
  breakevens: number[];
}

/** Max profit and loss of `units` units of `legs` opened for `creditCents` (+ credit, − debit, before commission). */
export function openingBasis(legs: readonly PlannedLeg[], creditCents: Cents, units: number): OpeningBasis {
  const pl = basisFromFills(legs, creditCents, units, legs[0]?.contract.multiplier ?? 100);
  return { openedQuantity: units, maxProfitCents: pl.maxProfitCents, maxLossCents: pl.maxLossCents, breakevens: pl.breakevens };
}

/**
 * The basis of a position context. Snapshots written before the basis was kept in the context lack it: it is then
 * recomputed from the opening premium and the units held (exact unless the position was reduced since).
 */
export function basisOf(ctx: Readonly<PositionContext>): OpeningBasis {
  if (ctx.openedQuantity !== undefined && ctx.maxProfitCents !== undefined && ctx.maxLossCents !== undefined && ctx.breakevens !== undefined) {
    return { openedQuantity: ctx.openedQuantity, maxProfitCents: ctx.maxProfitCents, maxLossCents: ctx.maxLossCents, breakevens: ctx.breakevens };
  }
  return openingBasis(ctx.structureLegs, ctx.creditCents, ctx.openQuantity);
}

/**
 * Net premium of every leg set opened along the chain: the banked ones plus the current one. A snapshot written before
 * the basis was kept (no `openedQuantity`) already counted the current leg set in `cumulativeCredit` once it opened.
 */
export function chainCreditOf(ctx: Readonly<PositionContext>): Cents {
  const opening = ctx.workingOrder?.purpose === 'open' || ctx.workingOrder?.purpose === 'roll-open';
  const legacy = ctx.openedQuantity === undefined && !opening;
  return legacy ? ctx.lineage.cumulativeCredit : ctx.lineage.cumulativeCredit + ctx.creditCents;
}
