/**
 * The one set-based facts query per tick: open positions × legs × latest quotes × underlyings, aggregated per
 * position in SQL, plus the portfolio-wide inputs (VIX, cash flow of closed positions) on every row. A singleton
 * `globals` row is the base, so the query returns one row (with a null position id) even when nothing is open.
 * Every numeric column is DOUBLE (no BigInt crosses into JS). Legs are aggregated without joining positions first:
 * the legs table holds only legs held now (a closed position has none), and the outer join keeps open positions only.
 * Rows come in no particular order. `leg_marks` is the kernel's per-leg mark source, age and override values
 * (engine/facts/leg-marks.ts), passed in as a VALUES list (`factsSql`), so the facts stay one statement.
 *
 * The per-leg view (`leg_q`), the per-position aggregates (`leg_agg`) and the outer select are generated from the
 * same declarations as the memory path (./leg-view.ts, ./columns.ts, ./position-facts.ts): nothing here names a fact.
 */
import { GLOBAL_COLUMNS, POSITION_COLUMNS } from './columns.ts';
import { LEG_Q_SQL } from './leg-view.ts';
import { LEG_TOTALS } from './position-facts.ts';
import { GLOBAL_FIELDS, LEG_TOTAL_FIELDS, POSITION_FIELDS } from './row.ts';

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

const list = (items: readonly string[]) => items.map((s) => `    ${s}`).join(',\n');

/** Each leg total over the position's legs (a position with legs has a row here, one without has none). */
const LEG_AGG = `leg_agg AS (
  SELECT
    l.position_id,
${list(LEG_TOTAL_FIELDS.map((k) => `${LEG_TOTALS[k].sql} AS ${k}`))}
  FROM leg_q l
  GROUP BY l.position_id
)`;

/** A leg total in the outer select: the no-legs value when the position has no legs yet; numbers as DOUBLE. */
function outerLegTotal(k: (typeof LEG_TOTAL_FIELDS)[number]): string {
  const t = LEG_TOTALS[k];
  const value = t.noneSql === 'NULL' ? `a.${k}` : `CASE WHEN a.position_id IS NULL THEN ${t.noneSql} ELSE a.${k} END`;
  return `${t.type === 'number' ? `(${value})::DOUBLE` : value} AS ${k}`;
}

const SELECT = [
  ...GLOBAL_FIELDS.map((k) => `${GLOBAL_COLUMNS[k].sql} AS ${k}`),
  ...POSITION_FIELDS.map((k) => `${POSITION_COLUMNS[k].sql} AS ${k}`),
  ...LEG_TOTAL_FIELDS.map(outerLegTotal),
];

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
${LEG_Q_SQL},
${LEG_AGG}
SELECT
${list(SELECT)}
FROM globals g
LEFT JOIN open_pos p ON TRUE
LEFT JOIN leg_agg a ON a.position_id = p.id
LEFT JOIN underlyings u ON u.symbol = p.underlying
LEFT JOIN positions r ON r.id = p.root_id
`;

/** The facts query without leg marks (every leg marked from its stored quote). */
export const FACTS_SQL = factsSql(0);

export type { FactsColumns, FactsRow } from './row.ts';
