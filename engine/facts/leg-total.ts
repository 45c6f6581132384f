/**
 * The kinds of leg total a position fact is built from: one declaration (./position-facts.ts) gives both the memory
 * path's reducer (`reduce` over the position's leg views) and the reference query's aggregate over `leg_q` (`sql`), so
 * the two compute the same thing with the same null rules (the numeric kinds are in ./leg-reduce.ts):
 *
 * - `sum`: Σ quantity × multiplier × scale × the leg's value per share (each leg with its own quantity, so a ratio leg
 *   counts as often as it is held); null unless every (matching) leg has a value: a partial mark or greek would mislead;
 * - `min`, `max`, `avg` (`earliest` for dates): over the matching legs' non-null values (`strict`: null as soon as one
 *   is null);
 * - `count`: the matching legs;
 * - `any`: true when some leg's term is;
 * - `keys`: the matching legs' contract keys, sorted, comma-separated (null when none);
 * - `worst`: the first of `order` some leg has (the last one when no leg has an earlier one).
 *
 * `empty` is the value when no leg matches (or none has a term); `none` the value for a position with no legs at all
 * (an entry not yet filled; default: `empty`), a constant or a column of the position (`{ sql, of }`).
 * A leg's value is a field of the view (read in place: no call, no boxed number per leg) or a term `{ sql, of }`.
 * A reducer keeps its state in locals: one call per total and position, none per leg but the declaration's terms.
 */
import type { PositionRow } from '../store/index.ts';
import { LEG_COLUMNS, SLOTS, type LegView, type SlotField } from './leg-view.ts';

export type ColumnType = 'number' | 'string' | 'boolean';
export type Scalar = number | string | boolean | null;

/** A value of the position row, in both paths: `sql` over the outer query's `p` (open_pos). */
export interface FromPosition<T> {
  sql: string;
  of: (r: PositionRow) => T;
}

/** A predicate or term on one leg, in both paths: `sql` over `leg_q l`. */
export interface LegExpr<T> {
  sql: string;
  of: (l: LegView) => T;
}

export interface LegTotal<T> {
  readonly type: ColumnType;
  /** The aggregate over the position's `leg_q l` rows. */
  readonly sql: string;
  /** The value with no legs, as SQL over `p`. */
  readonly noneSql: string;
  none(r: PositionRow): T;
  /** The total over the position's first `n` legs (n ≥ 1). */
  reduce(legs: readonly LegView[], n: number): T;
}

export const where = (sql: string, of: (l: LegView) => boolean): LegExpr<boolean> => ({ sql, of });

/** A boolean field of the leg view (read in place) or a predicate `{ sql, of }`. */
export type BoolField = { [K in SlotField]: LegView[K] extends boolean ? K : never }[SlotField];
export type LegTest = BoolField | LegExpr<boolean>;

/** A test as a slot of `nums` (−1 when it is a predicate), a predicate (null when it is a field) and its SQL. */
export function testOf(t: LegTest): { slot: number; of: ((l: LegView) => boolean) | null; sql: string } {
  return typeof t === 'string' ? { slot: SLOTS[t], of: null, sql: LEG_COLUMNS[t] } : { slot: -1, of: t.of, sql: t.sql };
}

/** A constant as an SQL literal. */
export function literal(v: Scalar): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return `'${v.replaceAll("'", "''")}'`;
  return String(v);
}

export function noneOf<T>(none: T | FromPosition<T>): { noneSql: string; none: (r: PositionRow) => T } {
  if (none !== null && typeof none === 'object') {
    const p = none as FromPosition<T>;
    return { noneSql: p.sql, none: p.of };
  }
  return { noneSql: literal(none as Scalar), none: () => none };
}

class Any implements LegTotal<boolean> {
  readonly type = 'boolean';
  readonly sql: string;
  readonly noneSql = 'false';
  private readonly slot: number;
  private readonly of: ((l: LegView) => boolean) | null;
  constructor(t: LegTest) {
    const e = testOf(t);
    this.slot = e.slot;
    this.of = e.of;
    this.sql = `coalesce(bool_or(${e.sql}), false)`;
  }
  none(): boolean { return false; }
  reduce(legs: readonly LegView[], n: number): boolean {
    for (let j = 0; j < n; j++) if (this.slot >= 0 ? legs[j].nums[this.slot] !== 0 : this.of!(legs[j])) return true;
    return false;
  }
}

class Keys implements LegTotal<string | null> {
  readonly type = 'string';
  readonly sql: string;
  readonly noneSql = 'NULL';
  private readonly slot: number;
  private readonly of: ((l: LegView) => boolean) | null;
  constructor(t: LegTest) {
    const e = testOf(t);
    this.slot = e.slot;
    this.of = e.of;
    this.sql = `string_agg(CASE WHEN ${e.sql} THEN l.key END, ',' ORDER BY l.key)`;
  }
  none(): null { return null; }
  reduce(legs: readonly LegView[], n: number): string | null {
    let out: string[] | null = null;
    for (let j = 0; j < n; j++) if (this.slot >= 0 ? legs[j].nums[this.slot] !== 0 : this.of!(legs[j])) (out ??= []).push(legs[j].key);
    return out === null ? null : out.sort().join(',');
  }
}

class Worst<V extends string> implements LegTotal<V> {
  readonly type = 'string';
  readonly sql: string;
  readonly noneSql: string;
  private readonly of: (l: LegView) => V;
  private readonly order: readonly V[];
  constructor(order: readonly V[], e: LegExpr<V>) {
    this.of = e.of;
    this.order = order;
    const last = order.length - 1;
    this.sql = `CASE ${order.slice(0, last).map((v) => `WHEN bool_or(${e.sql} = ${literal(v)}) THEN ${literal(v)}`).join(' ')} ELSE ${literal(order[last])} END`;
    this.noneSql = literal(order[last]);
  }
  none(): V { return this.order[this.order.length - 1]; }
  reduce(legs: readonly LegView[], n: number): V {
    let rank = this.order.length - 1;
    for (let j = 0; j < n && rank > 0; j++) {
      const r = this.order.indexOf(this.of(legs[j]));
      if (r >= 0 && r < rank) rank = r;
    }
    return this.order[rank];
  }
}

export const any = (t: LegTest): LegTotal<boolean> => new Any(t);
export const keys = (t: LegTest): LegTotal<string | null> => new Keys(t);
export const worst = <const V extends string>(order: readonly V[], e: LegExpr<V>): LegTotal<V> => new Worst(order, e);
