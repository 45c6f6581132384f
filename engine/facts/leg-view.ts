/**
 * One held leg as the leg totals (./leg-total.ts, ./position-facts.ts) see it: its contract, its signed quantity and
 * the values it is marked with this tick. Both facts paths build exactly this view, side by side here so they stay in
 * step: the reference query as the `leg_q` CTE (`LEG_Q_SQL`, one row per leg, columns named as in the comments), the
 * memory path with `viewLeg` (one reused object, filled per leg: no allocation on the hot path).
 *
 * The values come from the kernel's leg mark (./leg-marks.ts) when it carries values, else from the stored quote. A leg
 * without a mark is a `quote` leg, aged 0 when the stored quote has a mid and of unknown age (null) when not, and
 * stale when the stored quote has no mid.
 */
import type { LegRow, QuoteRow } from '../store/index.ts';
import type { LegMark, LegMarkSource } from './leg-marks.ts';

export interface LegView {
  /** `l.key` */
  key: string;
  /** `l.quantity`: signed contracts, long +, short − (a ratio leg holds its own count: 2 for a butterfly's body). */
  quantity: number;
  /** `l.quantity < 0` */
  short: boolean;
  /** `l.multiplier` */
  multiplier: number;
  /** `l.expiry` (YYYY-MM-DD) */
  expiry: string;
  /** `l."right"` */
  right: 'call' | 'put';
  /** `l.strike` */
  strike: number;
  /** `l.mid`, per share; null when the leg has no usable mid. */
  mid: number | null;
  /** `l.mid IS NULL` */
  unquoted: boolean;
  /** `l.delta` */
  delta: number | null;
  /** `l.gamma` */
  gamma: number | null;
  /** `l.theta_per_day` */
  thetaPerDay: number | null;
  /** `l.vega_per_point` */
  vegaPerPoint: number | null;
  /** `l.iv` */
  iv: number | null;
  /** `l.mark_source` */
  source: LegMarkSource;
  /** `l.age_sec` */
  ageSec: number | null;
  /** `l.stale` */
  stale: boolean;
  /** `l.underlying_price`: the leg's underlying price now; null when unknown. */
  underlyingPrice: number | null;
  /** The `SLOTS` fields again, unboxed: a total reads them by name without a call or a boxed number per leg. */
  readonly nums: Float64Array;
}

/**
 * The fields a total may read by name, as slots of `LegView.nums`: null as NaN, booleans as 1 / 0. (No NaN reaches a
 * view: the store and the leg marks keep non-finite values as null.)
 */
export const SLOTS = {
  quantity: 0, multiplier: 1, strike: 2, mid: 3, delta: 4, gamma: 5, thetaPerDay: 6, vegaPerPoint: 7, iv: 8, ageSec: 9,
  underlyingPrice: 10, short: 11, unquoted: 12, stale: 13,
} as const satisfies Partial<Record<keyof LegView, number>>;
export type SlotField = keyof typeof SLOTS;

/** Each view field's column (or expression) over `leg_q l`: a declaration names a field, the query reads this. */
export const LEG_COLUMNS = {
  key: 'l.key', quantity: 'l.quantity', short: '(l.quantity < 0)', unquoted: '(l.mid IS NULL)', multiplier: 'l.multiplier', expiry: 'l.expiry', right: 'l."right"', strike: 'l.strike',
  mid: 'l.mid', delta: 'l.delta', gamma: 'l.gamma', thetaPerDay: 'l.theta_per_day', vegaPerPoint: 'l.vega_per_point', iv: 'l.iv',
  source: 'l.mark_source', ageSec: 'l.age_sec', stale: 'l.stale', underlyingPrice: 'l.underlying_price',
} as const satisfies Record<Exclude<keyof LegView, 'nums'>, string>;

/** A fresh view (nullable fields start null so they hold quote values by reference, never boxed copies). */
export function newLegView(): LegView {
  return { key: '', quantity: 0, short: false, unquoted: true, multiplier: 0, expiry: '', right: 'call', strike: 0, mid: null, delta: null, gamma: null, thetaPerDay: null, vegaPerPoint: null, iv: null, source: 'quote', ageSec: null, stale: false, underlyingPrice: null, nums: new Float64Array(14) };
}

/** Fills `v` with one leg (as `leg_q` does): `stored` is the leg's latest stored quote, `mark` its kernel mark. */
export function viewLeg(v: LegView, l: LegRow, stored: QuoteRow | undefined, mark: LegMark | undefined, underlyingPrice: number | null): void {
  const c = l.contract;
  const q = mark?.values ?? stored;
  v.key = l.key;
  v.quantity = l.quantity;
  v.short = l.quantity < 0;
  v.multiplier = c.multiplier;
  v.expiry = c.expiry;
  v.right = c.right;
  v.strike = c.strike;
  v.mid = q?.mid ?? null;
  v.unquoted = v.mid === null;
  v.delta = q?.delta ?? null;
  v.gamma = q?.gamma ?? null;
  v.thetaPerDay = q?.thetaPerDay ?? null;
  v.vegaPerPoint = q?.vegaPerPoint ?? null;
  v.iv = q?.iv ?? null;
  v.source = mark?.source ?? 'quote';
  v.ageSec = mark === undefined ? (stored?.mid == null ? null : 0) : mark.ageSec;
  v.stale = mark === undefined ? stored?.mid == null : mark.stale;
  v.underlyingPrice = underlyingPrice;
  writeSlots(v);
}

/** Copies the `SLOTS` fields into `v.nums`. */
export function writeSlots(v: LegView): void {
  const n = v.nums;
  n[SLOTS.quantity] = v.quantity;
  n[SLOTS.multiplier] = v.multiplier;
  n[SLOTS.strike] = v.strike;
  n[SLOTS.mid] = v.mid ?? NaN;
  n[SLOTS.delta] = v.delta ?? NaN;
  n[SLOTS.gamma] = v.gamma ?? NaN;
  n[SLOTS.thetaPerDay] = v.thetaPerDay ?? NaN;
  n[SLOTS.vegaPerPoint] = v.vegaPerPoint ?? NaN;
  n[SLOTS.iv] = v.iv ?? NaN;
  n[SLOTS.ageSec] = v.ageSec ?? NaN;
  n[SLOTS.underlyingPrice] = v.underlyingPrice ?? NaN;
  n[SLOTS.short] = v.short ? 1 : 0;
  n[SLOTS.unquoted] = v.unquoted ? 1 : 0;
  n[SLOTS.stale] = v.stale ? 1 : 0;
}

/** The reference query's `leg_q` CTE: each held leg with its view's columns (needs `leg_marks`). */
export const LEG_Q_SQL = `leg_q AS (
  SELECT
    l.position_id, l.key, l.quantity, l.multiplier, l.expiry, l."right", l.strike,
    CASE WHEN m.has_values THEN m.mid ELSE q.mid END AS mid,
    CASE WHEN m.has_values THEN m.delta ELSE q.delta END AS delta,
    CASE WHEN m.has_values THEN m.gamma ELSE q.gamma END AS gamma,
    CASE WHEN m.has_values THEN m.theta_per_day ELSE q.theta_per_day END AS theta_per_day,
    CASE WHEN m.has_values THEN m.vega_per_point ELSE q.vega_per_point END AS vega_per_point,
    CASE WHEN m.has_values THEN m.iv ELSE q.iv END AS iv,
    coalesce(m.source, 'quote') AS mark_source,
    CASE WHEN m.position_id IS NULL THEN CASE WHEN q.mid IS NULL THEN NULL ELSE 0 END ELSE m.age_sec END AS age_sec,
    coalesce(m.stale, q.mid IS NULL) AS stale,
    u.price AS underlying_price
  FROM legs l
  LEFT JOIN quotes q ON q.key = l.key
  LEFT JOIN leg_marks m ON m.position_id = l.position_id AND m.key = l.key
  LEFT JOIN underlyings u ON u.symbol = l.underlying
)`;
