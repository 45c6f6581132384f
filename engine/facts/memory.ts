/**
 * The facts of a tick computed from the kernel's memory (its position book and `MarketMemory`) instead of the
 * store: the same columns the facts query returns, built in one pass, then the same derivations. The query
 * (`FACTS_SQL`, `computeFacts`) stays the reference: a differential test proves both give the same facts. Each
 * DuckDB statement costs 1–3 ms here whatever its size, so the per-tick hot path does not query.
 */
import type { LegRow, PositionRow } from '../store/index.ts';
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
  'max_profit_cents', 'max_loss_cents', 'cash_flow_cents', 'iv_at_entry', 'peak_pnl_pct', 'roll_count', 'in_underlying',
  'underlying_price', 'mark_cents', 'delta', 'gamma', 'theta', 'vega', 'short_delta', 'contracts', 'nearest_expiry', 'iv',
  'short_distance', 'unquoted',
];

export function computeFactsInMemory(input: MemoryFactsInput): FactsSnapshot {
  const c = Object.fromEntries(FIELDS.map((f) => [f, [] as unknown[]])) as unknown as FactsColumns;
  const { market } = input;
  const perUnderlying = new Map<string, number>();
  for (const p of input.positions) perUnderlying.set(p.row.underlying, (perUnderlying.get(p.row.underlying) ?? 0) + 1);
  const push = (row: FactsRow) => {
    for (const f of FIELDS) (c[f] as unknown[]).push(row[f]);
  };
  const globals = { vix: market.vix, vix_prev_close: market.vixPrevClose, closed_cash_flow_cents: input.closedCashFlowCents };
  if (input.positions.length === 0) {
    push({ ...globals, ...EMPTY_POSITION });
  }
  for (const p of input.positions) push({ ...globals, ...positionColumns(p, market, perUnderlying, input.rootOpenedAt) });
  return deriveSnapshot(c, input.positions.length || 1, input);
}

const EMPTY_POSITION = {
  id: null, strategy: '', structure: '', chain_opened_at: null, credit_cents: 0, max_profit_cents: null, max_loss_cents: null,
  cash_flow_cents: 0, iv_at_entry: null, peak_pnl_pct: null, roll_count: 0, in_underlying: 0, underlying_price: null, mark_cents: null,
  delta: null, gamma: null, theta: null, vega: null, short_delta: null, contracts: 0, nearest_expiry: null, iv: null,
  short_distance: null, unquoted: null,
} as const;

function positionColumns(p: OpenPosition, m: MarketMemory, perUnderlying: Map<string, number>, rootOpenedAt?: (id: string) => number | null): Omit<FactsRow, 'vix' | 'vix_prev_close' | 'closed_cash_flow_cents'> {
  const r = p.row;
  const root = r.rootId !== r.id && rootOpenedAt ? rootOpenedAt(r.rootId) : null;
  const base = {
    id: r.id, strategy: r.strategy, structure: r.structure, chain_opened_at: root ?? r.openedAt, credit_cents: r.creditCents,
    max_profit_cents: r.maxProfitCents, max_loss_cents: r.maxLossCents, cash_flow_cents: r.cashFlowCents, iv_at_entry: r.ivAtEntry,
    peak_pnl_pct: r.peakPnlPct, roll_count: r.rollCount, in_underlying: perUnderlying.get(r.underlying) ?? 0,
    underlying_price: m.underlyings.get(r.underlying) ?? null,
  };
  if (p.legs.length === 0) {
    // An entry not yet filled marks at 0 with zero greeks (as the query does).
    return { ...base, mark_cents: 0, delta: 0, gamma: 0, theta: 0, vega: 0, short_delta: 0, contracts: r.contracts, nearest_expiry: null, iv: null, short_distance: null, unquoted: null };
  }
  return { ...base, ...legAggregates(p.legs, m) };
}

/** The query's `leg_agg`: sums are null unless every leg has the input; short-leg figures over the short legs. */
function legAggregates(legs: readonly LegRow[], m: MarketMemory) {
  let mark: number | null = 0, delta: number | null = 0, gamma: number | null = 0, theta: number | null = 0, vega: number | null = 0;
  let nearest: string | null = null;
  let contracts = Infinity;
  let shorts = 0, shortsWithDelta = 0, shortDelta = -Infinity;
  let ivShortSum = 0, ivShortN = 0, ivAllSum = 0, ivAllN = 0;
  let distance: number | null = null;
  const unquoted: string[] = [];
  for (const l of legs) {
    const q = m.quotes.get(l.key);
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
  }
  return {
    mark_cents: mark, delta, gamma, theta, vega, nearest_expiry: nearest,
    contracts: contracts === Infinity ? 0 : contracts,
    short_delta: shorts === 0 ? 0 : shortsWithDelta === shorts ? shortDelta : null,
    iv: shorts > 0 ? (ivShortN ? ivShortSum / ivShortN : null) : ivAllN ? ivAllSum / ivAllN : null,
    short_distance: distance,
    unquoted: unquoted.length ? unquoted.join(',') : null,
  };
}
