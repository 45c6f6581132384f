/**
 * The one set-based facts query per tick: open positions × legs × latest quotes × underlyings, aggregated per
 * position in SQL, plus the portfolio-wide inputs (VIX, cash flow of closed positions) on every row. A singleton
 * `globals` row is the base, so the query returns one row (with a null position id) even when nothing is open.
 * Every numeric column is DOUBLE (no BigInt crosses into JS). Legs are aggregated without joining positions first:
 * the legs table holds only legs held now (a closed position has none), and the outer join keeps open positions only.
 * Rows come in no particular order. `leg_marks` is the kernel's per-leg mark source, age and override values
 * (engine/facts/leg-marks.ts), passed in as a VALUES list (`factsSql`), so the facts stay one statement.
 */
const LEG_MARKS_COLUMNS = 'position_id, key, source, age_sec, stale, has_values, mid, delta, gamma, theta_per_day, vega_per_point, iv';
const NO_LEG_MARKS = `SELECT NULL::VARCHAR AS position_id, NULL::VARCHAR AS key, NULL::VARCHAR AS source, NULL::DOUBLE AS age_sec,
    NULL::BOOLEAN AS stale, NULL::BOOLEAN AS has_values, NULL::DOUBLE AS mid, NULL::DOUBLE AS delta, NULL::DOUBLE AS gamma,
    NULL::DOUBLE AS theta_per_day, NULL::DOUBLE AS vega_per_point, NULL::DOUBLE AS iv WHERE false`;
const LEG_MARK_ROW = '(?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::DOUBLE, ?::BOOLEAN, ?::BOOLEAN, ?::DOUBLE, ?::DOUBLE, ?::DOUBLE, ?::DOUBLE, ?::DOUBLE, ?::DOUBLE)';

/** The facts query with `rows` leg marks as parameters (12 per row, in LEG_MARKS_COLUMNS order). */
export function factsSql(rows: number): string {
  const marks = rows === 0 ? `leg_marks AS (${NO_LEG_MARKS})` : `leg_marks(${LEG_MARKS_COLUMNS}) AS (VALUES ${Array.from({ length: rows }, () => LEG_MARK_ROW).join(', ')})`;
  return `WITH ${marks},${FACTS_BODY}`;
}

const FACTS_BODY = `
globals AS (
  SELECT
    (SELECT vix FROM market WHERE id = 1) AS vix,
    (SELECT vix_prev_close FROM market WHERE id = 1) AS vix_prev_close,
    (SELECT coalesce(sum(cash_flow_cents), 0)::DOUBLE FROM positions WHERE state = 'closed') AS closed_cash_flow_cents
),
open_pos AS (
  SELECT p.*, count(*) OVER (PARTITION BY p.underlying) AS in_underlying
  FROM positions p WHERE p.state <> 'closed'
),
-- each held leg with the values it is marked with: the kernel's leg mark (engine/facts/leg-marks.ts, staged in
-- leg_marks) overrides the stored quote when it carries values; a leg without one is a 'quote' leg, aged 0 when the
-- stored quote has a mid and unknown (null) when not
leg_q AS (
  SELECT
    l.position_id, l.key, l.quantity, l.multiplier, l.expiry, l."right", l.strike, l.underlying,
    CASE WHEN m.has_values THEN m.mid ELSE q.mid END AS mid,
    CASE WHEN m.has_values THEN m.delta ELSE q.delta END AS delta,
    CASE WHEN m.has_values THEN m.gamma ELSE q.gamma END AS gamma,
    CASE WHEN m.has_values THEN m.theta_per_day ELSE q.theta_per_day END AS theta_per_day,
    CASE WHEN m.has_values THEN m.vega_per_point ELSE q.vega_per_point END AS vega_per_point,
    CASE WHEN m.has_values THEN m.iv ELSE q.iv END AS iv,
    coalesce(m.source, 'quote') AS mark_source,
    CASE WHEN m.position_id IS NULL THEN CASE WHEN q.mid IS NULL THEN NULL ELSE 0 END ELSE m.age_sec END AS age_sec,
    coalesce(m.stale, q.mid IS NULL) AS stale
  FROM legs l
  LEFT JOIN quotes q ON q.key = l.key
  LEFT JOIN leg_marks m ON m.position_id = l.position_id AND m.key = l.key
),
leg_agg AS (
  SELECT
    l.position_id,
    count(*) AS n_legs,
    -- a sum over legs is null unless every leg has the input: a partial mark or greek would mislead
    CASE WHEN count(l.mid) = count(*) THEN sum(l.quantity * l.mid * l.multiplier * 100) END AS mark_cents,
    CASE WHEN count(l.delta) = count(*) THEN sum(l.quantity * l.delta * l.multiplier) END AS delta,
    CASE WHEN count(l.gamma) = count(*) THEN sum(l.quantity * l.gamma * l.multiplier) END AS gamma,
    CASE WHEN count(l.theta_per_day) = count(*) THEN sum(l.quantity * l.theta_per_day * l.multiplier) END AS theta,
    CASE WHEN count(l.vega_per_point) = count(*) THEN sum(l.quantity * l.vega_per_point * l.multiplier) END AS vega,
    min(l.expiry) AS nearest_expiry,
    min(abs(l.quantity)) FILTER (WHERE l.quantity <> 0) AS contracts,
    CASE
      WHEN count(*) FILTER (WHERE l.quantity < 0) = 0 THEN 0
      WHEN count(l.delta) FILTER (WHERE l.quantity < 0) = count(*) FILTER (WHERE l.quantity < 0)
        THEN max(abs(l.delta)) FILTER (WHERE l.quantity < 0)
    END AS short_delta,
    CASE WHEN count(*) FILTER (WHERE l.quantity < 0) > 0 THEN avg(l.iv) FILTER (WHERE l.quantity < 0) ELSE avg(l.iv) END AS iv,
    min(CASE WHEN l."right" = 'put' THEN u.price - l.strike ELSE l.strike - u.price END / u.price)
      FILTER (WHERE l.quantity < 0) AS short_distance,
    string_agg(CASE WHEN l.mid IS NULL THEN l.key END, ',') AS unquoted,
    -- the worst leg's age (null when some leg never had a good quote), stale when any leg is
    CASE WHEN count(l.age_sec) = count(*) THEN max(l.age_sec) END AS mark_age_sec,
    bool_or(l.stale) AS mark_stale,
    CASE WHEN bool_or(l.mark_source = 'last') THEN 'last' WHEN bool_or(l.mark_source = 'model') THEN 'model' ELSE 'quote' END AS mark_source,
    string_agg(CASE WHEN l.stale THEN l.key END, ',' ORDER BY l.key) AS stale_legs
  FROM leg_q l
  LEFT JOIN underlyings u ON u.symbol = l.underlying
  GROUP BY l.position_id
)
SELECT
  g.vix, g.vix_prev_close, g.closed_cash_flow_cents,
  p.id, p.strategy, p.structure,
  coalesce(r.opened_at, p.opened_at)::DOUBLE AS chain_opened_at,
  p.credit_cents::DOUBLE AS credit_cents, p.max_profit_cents::DOUBLE AS max_profit_cents,
  p.max_loss_cents::DOUBLE AS max_loss_cents, p.cash_flow_cents::DOUBLE AS cash_flow_cents,
  coalesce(p.structure_cash_flow_cents, p.cash_flow_cents)::DOUBLE AS structure_cash_flow_cents,
  coalesce(p.chain_credit_cents, p.credit_cents)::DOUBLE AS chain_credit_cents,
  p.cumulative_pnl_cents::DOUBLE AS cumulative_pnl_cents,
  p.iv_at_entry, p.peak_pnl_pct, p.roll_count::DOUBLE AS roll_count,
  p.in_underlying::DOUBLE AS in_underlying, u.price AS underlying_price,
  -- a position without legs (an entry not yet filled) marks at 0 with zero greeks
  CASE WHEN a.position_id IS NULL THEN 0 ELSE a.mark_cents END AS mark_cents,
  CASE WHEN a.position_id IS NULL THEN 0 ELSE a.delta END AS delta,
  CASE WHEN a.position_id IS NULL THEN 0 ELSE a.gamma END AS gamma,
  CASE WHEN a.position_id IS NULL THEN 0 ELSE a.theta END AS theta,
  CASE WHEN a.position_id IS NULL THEN 0 ELSE a.vega END AS vega,
  CASE WHEN a.position_id IS NULL THEN 0 ELSE a.short_delta END AS short_delta,
  coalesce(a.contracts, p.contracts)::DOUBLE AS contracts,
  a.nearest_expiry, a.iv, a.short_distance, a.unquoted,
  CASE WHEN a.position_id IS NULL THEN NULL ELSE a.mark_age_sec END AS mark_age_sec,
  coalesce(a.mark_stale, false) AS mark_stale,
  coalesce(a.mark_source, 'quote') AS mark_source,
  a.stale_legs
FROM globals g
LEFT JOIN open_pos p ON TRUE
LEFT JOIN leg_agg a ON a.position_id = p.id
LEFT JOIN underlyings u ON u.symbol = p.underlying
LEFT JOIN positions r ON r.id = p.root_id
`;

/** The facts query without leg marks (every leg marked from its stored quote). */
export const FACTS_SQL = factsSql(0);

/** One row of FACTS_SQL. Position columns are null on the single row returned when nothing is open. */
export interface FactsRow {
  vix: number | null;
  vix_prev_close: number | null;
  closed_cash_flow_cents: number;
  id: string | null;
  strategy: string;
  structure: string;
  /** When the roll chain's first position opened (this position's own time when it is the root). */
  chain_opened_at: number | null;
  credit_cents: number;
  max_profit_cents: number | null;
  max_loss_cents: number | null;
  /** Cash of the whole position (every leg set): equity counts it. */
  cash_flow_cents: number;
  /** Cash of the current leg set: the current-structure P&L is this plus the mark. */
  structure_cash_flow_cents: number;
  /** Net opening premium of every leg set of the roll chain. */
  chain_credit_cents: number;
  /** Banked P&L of the chain's earlier leg sets (and earlier positions): the chain P&L adds the current leg set's. */
  cumulative_pnl_cents: number;
  iv_at_entry: number | null;
  peak_pnl_pct: number | null;
  roll_count: number;
  in_underlying: number;
  underlying_price: number | null;
  /** Σ quantity × mid × multiplier × 100; null when some leg has no usable mid. */
  mark_cents: number | null;
  delta: number | null;
  gamma: number | null;
  theta: number | null;
  vega: number | null;
  short_delta: number | null;
  contracts: number;
  nearest_expiry: string | null;
  iv: number | null;
  short_distance: number | null;
  unquoted: string | null;
  /** Seconds since the oldest leg's last good quote; null when some leg never had one (or there are no legs). */
  mark_age_sec: number | null;
  mark_stale: boolean;
  /** The worst leg's source: `last` over `model` over `quote`. */
  mark_source: 'quote' | 'last' | 'model';
  /** The stale legs' keys, sorted, comma-separated; null when none is. */
  stale_legs: string | null;
}

/** The facts result as columns: one array per FactsRow field, all of the same length. */
export type FactsColumns = { [K in keyof FactsRow]: FactsRow[K][] };
