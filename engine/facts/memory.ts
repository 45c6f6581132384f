/**
 * The facts of a tick computed from the kernel's memory (its position book and `MarketMemory`) instead of the
 * store: the same columns the facts query returns, built in one pass, then the same derivations. The query
 * (`FACTS_SQL`, `computeFacts`) stays the reference: a differential test proves both give the same facts. Each
 * DuckDB statement costs 1–3 ms here whatever its size, so the per-tick hot path does not query.
 */
import type { LegRow, PositionRow, QuoteRow } from '../store/index.ts';
import { marksByPosition, type LegMark } from './leg-marks.ts';
import { deriveSnapshot } from './derive.ts';
import type { MarketMemory } from './market-memory.ts';
import type { FactsColumns, FactsRow } from './query.ts';
import type { FactsInput, FactsSnapshot } from './types.ts';

export interface OpenPosition {
  row: PositionRow;
  legs: readonly LegRow[];
}

export interface MemoryFactsInput extends FactsInput {
  /** Every position that is not closed. */
  positions: readonly OpenPosition[];
  market: MarketMemory;
  /** Σ cash flow of closed positions, cents (equity counts it). */
  closedCashFlowCents: number;
  /** When a roll chain's root opened, for positions whose root is another (closed) position. */
  rootOpenedAt?: (rootId: string) => number | null;
}

const FIELDS: readonly (keyof FactsRow)[] = [
  'vix', 'vix_prev_close', 'closed_cash_flow_cents', 'id', 'strategy', 'structure', 'chain_opened_at', 'credit_cents',
  'max_profit_cents', 'max_loss_cents', 'cash_flow_cents', 'structure_cash_flow_cents', 'chain_credit_cents', 'cumulative_pnl_cents', 'iv_at_entry', 'peak_pnl_pct', 'roll_count', 'in_underlying',
  'underlying_price', 'mark_cents', 'delta', 'gamma', 'theta', 'vega', 'short_delta', 'contracts', 'nearest_expiry', 'iv',
  'short_distance', 'unquoted', 'mark_age_sec', 'mark_stale', 'mark_source', 'stale_legs',
];

type Columns = Record<keyof FactsRow, unknown[]>;

export function computeFactsInMemory(input: MemoryFactsInput): FactsSnapshot {
  const { market } = input;
  const n = Math.max(input.positions.length, 1);
  const c = {} as Columns;
  for (const f of FIELDS) c[f] = new Array(n);
  c.vix.fill(market.vix);
  c.vix_prev_close.fill(market.vixPrevClose);
  c.closed_cash_flow_cents.fill(input.closedCashFlowCents);
  const perUnderlying = new Map<string, number>();
  for (const p of input.positions) perUnderlying.set(p.row.underlying, (perUnderlying.get(p.row.underlying) ?? 0) + 1);
  if (input.positions.length === 0) for (const f of POSITION_FIELDS) c[f][0] = EMPTY_POSITION[f];
  const marks = input.legMarks ? marksByPosition(input.legMarks) : null;
  for (let i = 0; i < input.positions.length; i++) {
    const p = input.positions[i];
    writePosition(c, i, p, market, perUnderlying, input.rootOpenedAt, marks?.get(p.row.id));
  }
  return deriveSnapshot(c as unknown as FactsColumns, n, input);
}

const POSITION_FIELDS = FIELDS.slice(3) as readonly Exclude<keyof FactsRow, 'vix' | 'vix_prev_close' | 'closed_cash_flow_cents'>[];

/** The query's columns for a position with no legs yet (nothing open: one row with a null id). */
const EMPTY_POSITION: Record<(typeof POSITION_FIELDS)[number], unknown> = {
  id: null, strategy: '', structure: '', chain_opened_at: null, credit_cents: 0, max_profit_cents: null, max_loss_cents: null,
  cash_flow_cents: 0, structure_cash_flow_cents: 0, chain_credit_cents: 0, cumulative_pnl_cents: 0, iv_at_entry: null, peak_pnl_pct: null, roll_count: 0, in_underlying: 0, underlying_price: null, mark_cents: null,
  delta: null, gamma: null, theta: null, vega: null, short_delta: null, contracts: 0, nearest_expiry: null, iv: null,
  short_distance: null, unquoted: null, mark_age_sec: null, mark_stale: false, mark_source: 'quote', stale_legs: null,
};

function writePosition(c: Columns, i: number, p: OpenPosition, m: MarketMemory, perUnderlying: Map<string, number>, rootOpenedAt: ((id: string) => number | null) | undefined, marks: ReadonlyMap<string, LegMark> | undefined): void {
  const r = p.row;
  const root = r.rootId !== r.id && rootOpenedAt ? rootOpenedAt(r.rootId) : null;
  c.id[i] = r.id;
  c.strategy[i] = r.strategy;
  c.structure[i] = r.structure;
  c.chain_opened_at[i] = root ?? r.openedAt;
  c.credit_cents[i] = r.creditCents;
  c.max_profit_cents[i] = r.maxProfitCents;
  c.max_loss_cents[i] = r.maxLossCents;
  c.cash_flow_cents[i] = r.cashFlowCents;
  c.structure_cash_flow_cents[i] = r.structureCashFlowCents ?? r.cashFlowCents;
  c.chain_credit_cents[i] = r.chainCreditCents ?? r.creditCents;
  c.cumulative_pnl_cents[i] = r.cumulativePnlCents;
  c.iv_at_entry[i] = r.ivAtEntry;
  c.peak_pnl_pct[i] = r.peakPnlPct;
  c.roll_count[i] = r.rollCount;
  c.in_underlying[i] = perUnderlying.get(r.underlying) ?? 0;
  c.underlying_price[i] = m.underlyings.get(r.underlying) ?? null;
  if (p.legs.length === 0) {
    // An entry not yet filled marks at 0 with zero greeks (as the query does).
    c.mark_cents[i] = 0; c.delta[i] = 0; c.gamma[i] = 0; c.theta[i] = 0; c.vega[i] = 0; c.short_delta[i] = 0;
    c.contracts[i] = r.contracts; c.nearest_expiry[i] = null; c.iv[i] = null; c.short_distance[i] = null; c.unquoted[i] = null;
    c.mark_age_sec[i] = null; c.mark_stale[i] = false; c.mark_source[i] = 'quote'; c.stale_legs[i] = null;
    return;
  }
  const a = legAggregates(p.legs, m, marks);
  c.mark_cents[i] = a.mark_cents; c.delta[i] = a.delta; c.gamma[i] = a.gamma; c.theta[i] = a.theta; c.vega[i] = a.vega;
  c.short_delta[i] = a.short_delta; c.contracts[i] = a.contracts; c.nearest_expiry[i] = a.nearest_expiry; c.iv[i] = a.iv;
  c.short_distance[i] = a.short_distance; c.unquoted[i] = a.unquoted;
  c.mark_age_sec[i] = a.mark_age_sec; c.mark_stale[i] = a.mark_stale; c.mark_source[i] = a.mark_source; c.stale_legs[i] = a.stale_legs;
}

/** A leg's mark values: the kernel's override when it carries one, else the stored quote (the query's `leg_q`). */
function legValues(q: QuoteRow | undefined, lm: LegMark | undefined): { mid: number | null; delta: number | null; gamma: number | null; thetaPerDay: number | null; vegaPerPoint: number | null; iv: number | null } | undefined {
  return lm?.values ?? q;
}

/** The query's `leg_agg`: sums are null unless every leg has the input; short-leg figures over the short legs. */
function legAggregates(legs: readonly LegRow[], m: MarketMemory, marks: ReadonlyMap<string, LegMark> | undefined) {
  let age: number | null = 0, anyStale = false, anyLast = false, anyModel = false;
  const staleKeys: string[] = [];
  let mark: number | null = 0, delta: number | null = 0, gamma: number | null = 0, theta: number | null = 0, vega: number | null = 0;
  let nearest: string | null = null;
  let contracts = Infinity;
  let shorts = 0, shortsWithDelta = 0, shortDelta = -Infinity;
  let ivShortSum = 0, ivShortN = 0, ivAllSum = 0, ivAllN = 0;
  let distance: number | null = null;
  const unquoted: string[] = [];
  for (const l of legs) {
    const stored = m.quotes.get(l.key);
    const lm = marks?.get(l.key);
    const q = legValues(stored, lm);
    const c = l.contract;
    const qty = l.quantity;
    const mult = c.multiplier;
    const mid = q?.mid ?? null;
    mark = mark === null || mid === null ? null : mark + qty * mid * mult * 100;
    delta = delta === null || q?.delta == null ? null : delta + qty * q.delta * mult;
    gamma = gamma === null || q?.gamma == null ? null : gamma + qty * q.gamma * mult;
    theta = theta === null || q?.thetaPerDay == null ? null : theta + qty * q.thetaPerDay * mult;
    vega = vega === null || q?.vegaPerPoint == null ? null : vega + qty * q.vegaPerPoint * mult;
    if (nearest === null || c.expiry < nearest) nearest = c.expiry;
    if (qty !== 0) contracts = Math.min(contracts, Math.abs(qty));
    if (q?.iv != null) {
      ivAllSum += q.iv;
      ivAllN++;
    }
    if (qty < 0) {
      shorts++;
      if (q?.delta != null) {
        shortsWithDelta++;
        shortDelta = Math.max(shortDelta, Math.abs(q.delta));
      }
      if (q?.iv != null) {
        ivShortSum += q.iv;
        ivShortN++;
      }
      const u = m.underlyings.get(c.underlying);
      if (u !== undefined && u !== 0) {
        const d = (c.right === 'put' ? u - c.strike : c.strike - u) / u;
        distance = distance === null ? d : Math.min(distance, d);
      }
    }
    if (mid === null) unquoted.push(l.key);
    const legAge = lm === undefined ? (stored?.mid == null ? null : 0) : lm.ageSec;
    age = age === null || legAge === null ? null : Math.max(age, legAge);
    const legStale = lm === undefined ? stored?.mid == null : lm.stale;
    if (legStale) { anyStale = true; staleKeys.push(l.key); }
    if (lm?.source === 'last') anyLast = true;
    if (lm?.source === 'model') anyModel = true;
  }
  return {
    mark_cents: mark, delta, gamma, theta, vega, nearest_expiry: nearest,
    contracts: contracts === Infinity ? 0 : contracts,
    short_delta: shorts === 0 ? 0 : shortsWithDelta === shorts ? shortDelta : null,
    iv: shorts > 0 ? (ivShortN ? ivShortSum / ivShortN : null) : ivAllN ? ivAllSum / ivAllN : null,
    short_distance: distance,
    unquoted: unquoted.length ? unquoted.join(',') : null,
    mark_age_sec: age, mark_stale: anyStale, mark_source: anyLast ? 'last' as const : anyModel ? 'model' as const : 'quote' as const,
    stale_legs: staleKeys.length ? staleKeys.sort().join(',') : null,
  };
}
