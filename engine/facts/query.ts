/**
 * The one set-based facts query per tick: open positions × legs × latest quotes × underlyings, aggregated per
 * position in SQL, plus the portfolio-wide inputs (VIX, cash flow of closed positions) on every row. A singleton
 * `globals` row is the base, so the query returns one row (with a null position id) even when nothing is open.
 * Every numeric column is DOUBLE (no BigInt crosses into JS). Legs are aggregated without joining positions first:
 * the legs table holds only legs held now (a closed position has none), and the outer join keeps open positions only.
 * Rows come in no particular order.
 */
export const FACTS_SQL = `
WITH globals AS (
  SELECT
    (SELECT vix FROM market WHERE id = 1) AS vix,
    (SELECT vix_prev_close FROM market WHERE id = 1) AS vix_prev_close,
    (SELECT coalesce(sum(cash_flow_cents), 0)::DOUBLE FROM positions WHERE state = 'closed') AS closed_cash_flow_cents
),
open_pos AS (
  SELECT p.*, count(*) OVER (PARTITION BY p.underlying) AS in_underlying
  FROM positions p WHERE p.state <> 'closed'
),
leg_agg AS (
  SELECT
    l.position_id,
    count(*) AS n_legs,
    count(q.mid) AS n_marked,
    sum(l.quantity * q.mid * l.multiplier * 100) AS mark_cents,
    count(q.delta) AS n_delta, sum(l.quantity * q.delta * l.multiplier) AS delta,
    count(q.gamma) AS n_gamma, sum(l.quantity * q.gamma * l.multiplier) AS gamma,
    count(q.theta_per_day) AS n_theta, sum(l.quantity * q.theta_per_day * l.multiplier) AS theta,
    count(q.vega_per_point) AS n_vega, sum(l.quantity * q.vega_per_point * l.multiplier) AS vega,
    min(l.expiry) AS nearest_expiry,
    min(abs(l.quantity)) FILTER (WHERE l.quantity <> 0) AS contracts,
    count(*) FILTER (WHERE l.quantity < 0) AS n_short,
    count(q.delta) FILTER (WHERE l.quantity < 0) AS n_short_delta,
    max(abs(q.delta)) FILTER (WHERE l.quantity < 0) AS short_delta,
    avg(q.iv) FILTER (WHERE l.quantity < 0) AS short_iv,
    avg(q.iv) AS all_iv,
    min(CASE WHEN l."right" = 'put' THEN u.price - l.strike ELSE l.strike - u.price END / u.price)
      FILTER (WHERE l.quantity < 0) AS short_distance,
    string_agg(CASE WHEN q.mid IS NULL THEN l.key END, ',') AS unquoted
  FROM legs l
  LEFT JOIN quotes q ON q.key = l.key
  LEFT JOIN underlyings u ON u.symbol = l.underlying
  GROUP BY l.position_id
)
SELECT
  g.vix, g.vix_prev_close, g.closed_cash_flow_cents,
  p.id, p.strategy, p.structure, p.underlying, p.state,
  p.opened_at::DOUBLE AS opened_at, r.opened_at::DOUBLE AS root_opened_at,
  p.credit_cents::DOUBLE AS credit_cents, p.max_profit_cents::DOUBLE AS max_profit_cents,
  p.max_loss_cents::DOUBLE AS max_loss_cents, p.cash_flow_cents::DOUBLE AS cash_flow_cents,
  p.iv_at_entry, p.peak_pnl_pct, p.contracts::DOUBLE AS position_contracts, p.roll_count::DOUBLE AS roll_count,
  p.in_underlying::DOUBLE AS in_underlying, u.price AS underlying_price,
  a.n_legs::DOUBLE AS n_legs, a.n_marked::DOUBLE AS n_marked, a.mark_cents,
  a.n_delta::DOUBLE AS n_delta, a.delta, a.n_gamma::DOUBLE AS n_gamma, a.gamma,
  a.n_theta::DOUBLE AS n_theta, a.theta, a.n_vega::DOUBLE AS n_vega, a.vega,
  a.nearest_expiry, a.contracts::DOUBLE AS leg_contracts, a.n_short::DOUBLE AS n_short,
  a.n_short_delta::DOUBLE AS n_short_delta, a.short_delta, a.short_iv, a.all_iv, a.short_distance, a.unquoted
FROM globals g
LEFT JOIN open_pos p ON TRUE
LEFT JOIN leg_agg a ON a.position_id = p.id
LEFT JOIN underlyings u ON u.symbol = p.underlying
LEFT JOIN positions r ON r.id = p.root_id
`;

/** One row of FACTS_SQL. Position columns are null on the single row returned when nothing is open. */
export interface FactsRow {
  vix: number | null;
  vix_prev_close: number | null;
  closed_cash_flow_cents: number;
  id: string | null;
  strategy: string;
  structure: string;
  underlying: string;
  state: string;
  opened_at: number | null;
  root_opened_at: number | null;
  credit_cents: number;
  max_profit_cents: number | null;
  max_loss_cents: number | null;
  cash_flow_cents: number;
  iv_at_entry: number | null;
  peak_pnl_pct: number | null;
  position_contracts: number;
  roll_count: number;
  in_underlying: number;
  underlying_price: number | null;
  n_legs: number | null;
  n_marked: number | null;
  mark_cents: number | null;
  n_delta: number | null;
  delta: number | null;
  n_gamma: number | null;
  gamma: number | null;
  n_theta: number | null;
  theta: number | null;
  n_vega: number | null;
  vega: number | null;
  nearest_expiry: string | null;
  leg_contracts: number | null;
  n_short: number | null;
  n_short_delta: number | null;
  short_delta: number | null;
  short_iv: number | null;
  all_iv: number | null;
  short_distance: number | null;
  unquoted: string | null;
}
