/**
 * The position facts, each declared once. `LEG_TOTALS` are the per-position aggregates over the legs held now (the
 * memory path reduces them leg by leg, the reference query generates its `leg_agg` and outer select from the same
 * declarations: ./leg-total.ts, ./leg-reduce.ts); `derivePosition` turns a row of columns into the catalogue's position facts.
 *
 * To add a position fact: its catalogue entry (engine/catalogue/facts.ts) and, here, its line in `derivePosition`, plus
 * a leg total if it needs the legs. `FactsRow`, `FIELDS`, the query's `leg_agg` and outer select, the memory path and
 * the no-legs branch all follow from the declaration.
 *
 * Two bases (docs/facts.md § Bases): the **current structure** (the leg set held now: its own cash flow, its credit and
 * max profit/loss from its opening fills) for pnl, pnlPct, its peak and drawdown, lossMultipleOfCredit, credit, debit,
 * maxProfit, maxLoss; the **chain** (every leg set since the first opening) for chainPnl and chainCredit. Every leg
 * counts with its own signed quantity (a 1-2-1 butterfly's body counts twice).
 */
import { days, nyDate } from './days.ts';
import { avg, count, earliest, max, min, sum } from './leg-reduce.ts';
import { any, keys, where, worst } from './leg-total.ts';
import type { LegView } from './leg-view.ts';
import type { FactsColumns } from './row.ts';
import type { FactRecord } from './types.ts';

const HELD = where('l.quantity <> 0', (l) => l.quantity !== 0);

/** Intrinsic value per share at the underlying price now. */
const intrinsic = (l: LegView, u: number): number => Math.max(0, l.right === 'put' ? l.strike - u : u - l.strike);
const INTRINSIC_SQL = `CASE WHEN l.underlying_price IS NULL THEN NULL WHEN l."right" = 'put' THEN greatest(l.strike - l.underlying_price, 0) ELSE greatest(l.underlying_price - l.strike, 0) END`;

export const LEG_TOTALS = {
  /** Σ quantity × multiplier × 100 × mid; null when some leg has no usable mid. An entry not yet filled marks at 0. */
  mark_cents: sum(100, { x: 'mid', none: 0 }),
  delta: sum(1, { x: 'delta', none: 0 }),
  gamma: sum(1, { x: 'gamma', none: 0 }),
  theta: sum(1, { x: 'thetaPerDay', none: 0 }),
  vega: sum(1, { x: 'vegaPerPoint', none: 0 }),
  /** Σ −quantity × multiplier × 100 × (mid − intrinsic): + while short premium has time value left, − for long legs'. */
  extrinsic_cents: sum(-100, {
    x: { sql: `l.mid - ${INTRINSIC_SQL}`, of: (l) => (l.mid === null || l.underlyingPrice === null ? null : l.mid - intrinsic(l, l.underlyingPrice)) },
    none: 0,
  }),
  /** The largest |delta| among the short legs: 0 without short legs, null when one lacks a delta. */
  short_delta: max({ where: 'short', strict: true, x: { sql: 'abs(l.delta)', of: (l) => (l.delta === null ? null : Math.abs(l.delta)) }, empty: 0 }),
  /** The smallest |quantity| among the legs (contracts per leg; a ratio leg holds a multiple of it). */
  contracts: min({ where: HELD, x: { sql: 'abs(l.quantity)', of: (l) => Math.abs(l.quantity) }, empty: 0, none: { sql: 'p.contracts', of: (r) => r.contracts } }),
  nearest_expiry: earliest({ x: 'expiry' }),
  short_legs: count('short'),
  iv_short: avg({ where: 'short', x: 'iv' }),
  iv_all: avg({ x: 'iv' }),
  /** How far the underlying is from the nearest short strike, as a fraction of its price (negative beyond it). */
  short_distance: min({
    where: 'short',
    x: {
      sql: `CASE WHEN l."right" = 'put' THEN l.underlying_price - l.strike ELSE l.strike - l.underlying_price END / nullif(l.underlying_price, 0)`,
      of: (l) => (l.underlyingPrice === null || l.underlyingPrice === 0 ? null : (l.right === 'put' ? l.underlyingPrice - l.strike : l.strike - l.underlyingPrice) / l.underlyingPrice),
    },
  }),
  unquoted: keys('unquoted'),
  /** Seconds since the oldest leg's last good quote; null when some leg never had one (or there are no legs). */
  mark_age_sec: max({ strict: true, x: 'ageSec' }),
  mark_stale: any('stale'),
  /** The worst leg's source: `last` over `model` over `quote`. */
  mark_source: worst(['last', 'model', 'quote'], { sql: 'l.mark_source', of: (l) => l.source }),
  /** The stale legs' keys, sorted, comma-separated; null when none is. */
  stale_legs: keys('stale'),
};

const dollars = (cents: number | null): number | null => (cents === null ? null : cents / 100);
const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null || b === 0 ? null : a / b);

interface Derived {
  facts: FactRecord;
  markCents: number | null;
  newPeak: number | null;
}

export function derivePosition(c: FactsColumns, i: number, today: string): Derived {
  const markCents = c.mark_cents[i] === null ? null : Math.round(c.mark_cents[i]);
  const pnlCents = markCents === null ? null : c.structure_cash_flow_cents[i] + markCents;
  const chainPnlCents = pnlCents === null ? null : c.cumulative_pnl_cents[i] + pnlCents;
  const isCredit = c.credit_cents[i] > 0;
  const debitCents = isCredit ? 0 : -c.credit_cents[i];
  // pnlPct basis: the maximum profit (credit received) for credit structures, the debit paid for debit ones.
  const basisCents = isCredit ? (c.max_profit_cents[i] ?? c.credit_cents[i]) : debitCents;
  const pnlPct = ratio(pnlCents, basisCents);
  const peak = pnlPct === null ? c.peak_pnl_pct[i] : Math.max(c.peak_pnl_pct[i] ?? pnlPct, pnlPct);
  const lossBasis = isCredit ? c.credit_cents[i] : debitCents;
  const lossMultiple = pnlCents === null ? null : pnlCents >= 0 ? 0 : ratio(-pnlCents, lossBasis);
  const opened = c.chain_opened_at[i];
  const extrinsicCents = c.extrinsic_cents[i];
  const iv = c.short_legs[i] > 0 ? c.iv_short[i] : c.iv_all[i];
  const facts: FactRecord = {
    pnl: dollars(pnlCents),
    pnlPct,
    peakPnlPct: peak,
    drawdownFromPeakPct: peak === null || pnlPct === null ? null : peak - pnlPct,
    lossMultipleOfCredit: lossMultiple,
    credit: isCredit ? c.credit_cents[i] / 100 : 0,
    debit: debitCents / 100,
    maxProfit: dollars(c.max_profit_cents[i]),
    maxLoss: dollars(c.max_loss_cents[i]),
    chainPnl: dollars(chainPnlCents),
    chainCredit: c.chain_credit_cents[i] / 100,
    extrinsicValue: extrinsicCents === null ? null : Math.round(extrinsicCents) / 100,
    dte: c.nearest_expiry[i] === null ? null : days(today, c.nearest_expiry[i]),
    daysInTrade: opened === null ? null : days(nyDate(opened), today),
    delta: c.delta[i],
    gamma: c.gamma[i],
    theta: c.theta[i],
    vega: c.vega[i],
    shortStrikeDelta: c.short_delta[i],
    underlyingDistanceToShortStrikePct: c.short_distance[i],
    ivAtEntry: c.iv_at_entry[i],
    iv,
    ivChangePct: iv === null || c.iv_at_entry[i] === null || c.iv_at_entry[i] === 0 ? null : iv / c.iv_at_entry[i] - 1,
    itm: c.short_distance[i] !== null && c.short_distance[i] < 0,
    underlyingPrice: c.underlying_price[i],
    contracts: c.contracts[i],
    rollCount: c.roll_count[i],
    positionsInUnderlying: c.in_underlying[i],
    strategy: c.strategy[i],
    structure: c.structure[i],
    isCredit,
    markAgeSec: c.mark_age_sec[i],
    markStale: c.mark_stale[i],
    markSource: c.mark_source[i],
    staleLegs: c.stale_legs[i],
  };
  const newPeak = peak !== null && peak !== c.peak_pnl_pct[i] ? peak : null;
  return { facts, markCents, newPeak };
}
