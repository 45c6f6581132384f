/**
 * The kinds of leg total a position fact is built from: one declaration (./position-facts.ts) gives both the memory
 * path's reducer (`reduce` over the position's leg views) and the reference query's aggregate over `leg_q` (`sql`), so the
 * two compute the same thing with the same null rules:
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
type Scalar = number | string | boolean | null;

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
type BoolField = { [K in SlotField]: LegView[K] extends boolean ? K : never }[SlotField];
export type LegTest = BoolField | LegExpr<boolean>;

/** A test as a slot of `nums` (−1 when it is a predicate), a predicate (null when it is a field) and its SQL. */
function testOf(t: LegTest): { slot: number; of: ((l: LegView) => boolean) | null; sql: string } {
  return typeof t === 'string' ? { slot: SLOTS[t], of: null, sql: LEG_COLUMNS[t] } : { slot: -1, of: t.of, sql: t.sql };
}

/** A constant as an SQL literal. */
export function literal(v: Scalar): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return `'${v.replaceAll("'", "''")}'`;
  return String(v);
}

function noneOf<T>(none: T | FromPosition<T>): { noneSql: string; none: (r: PositionRow) => T } {
  if (none !== null && typeof none === 'object') {
    const p = none as FromPosition<T>;
    return { noneSql: p.sql, none: p.of };
  }
  return { noneSql: literal(none as Scalar), none: () => none };
}

const OPS = ['sum', 'min', 'max', 'avg', 'count'] as const;
type Op = (typeof OPS)[number];
const [SUM, MIN, MAX, AVG, COUNT] = [0, 1, 2, 3, 4];
const { quantity: QUANTITY, multiplier: MULTIPLIER } = SLOTS;

/** A field of the leg view holding numbers or text (read without a call), or a term computed from the leg. */
type NumberField = { [K in SlotField]: LegView[K] extends number | null ? K : never }[SlotField];
type TextField = { [K in keyof LegView]: LegView[K] extends string ? K : never }[keyof LegView];
type Term<T> = (T extends string ? TextField : NumberField) | LegExpr<T | null>;

interface ReduceOptions<T, E, S extends boolean> {
  /** The leg's value: null when the leg lacks its input. */
  x: Term<T>;
  where?: LegTest;
  /** Null as soon as a matching leg's value is null (always so for `sum`). */
  strict?: S;
  empty?: E;
  none?: E | T | FromPosition<T | E | null>;
}

type Result<T, E, S extends boolean> = T | E | (S extends true ? null : never);

class Reduce implements LegTotal<unknown> {
  readonly type: ColumnType;
  readonly sql: string;
  readonly noneSql: string;
  readonly none: (r: PositionRow) => unknown;
  /** The value's slot in `nums` (−1: a text field or a term). */
  private readonly slot: number;
  private readonly field: keyof LegView | null;
  private readonly of: ((l: LegView) => unknown) | null;
  private readonly whereSlot: number;
  private readonly where: ((l: LegView) => boolean) | null;
  private readonly strict: boolean;
  private readonly empty: unknown;
  private readonly op: number;
  /** `sum`: each leg counts quantity × multiplier × scale times its value. */
  private readonly scale: number;

  constructor(op: Op, type: ColumnType, o: ReduceOptions<unknown, unknown, boolean>, scale = 1) {
    this.op = OPS.indexOf(op);
    this.type = type;
    this.field = typeof o.x === 'string' ? o.x : null;
    this.slot = typeof o.x === 'string' && o.x in SLOTS ? SLOTS[o.x as SlotField] : -1;
    this.of = typeof o.x === 'string' ? null : o.x.of;
    const w = o.where === undefined ? null : testOf(o.where);
    this.whereSlot = w?.slot ?? -1;
    this.where = w?.of ?? null;
    this.strict = op === 'sum' || o.strict === true;
    this.scale = scale;
    const empty = (o.empty ?? null) as Scalar;
    this.empty = empty;
    const x = typeof o.x === 'string' ? LEG_COLUMNS[o.x as Exclude<keyof LegView, 'nums'>] : o.x.sql;
    const term = op === 'sum' ? `l.quantity * l.multiplier * ${scale} * (${x})` : x;
    const filter = w ? ` FILTER (WHERE ${w.sql})` : '';
    const agg = op === 'count' ? `count(*)${filter}` : `${op}(${term})${filter}`;
    const value = empty === null ? agg : `coalesce(${agg}, ${literal(empty)})`;
    this.sql = this.strict ? `CASE WHEN count(${x})${filter} = count(*)${filter} THEN ${value} END` : value;
    ({ noneSql: this.noneSql, none: this.none } = noneOf(o.none === undefined ? empty : o.none));
  }

  private skips(l: LegView): boolean {
    return this.whereSlot >= 0 ? l.nums[this.whereSlot] === 0 : this.where !== null && !this.where(l);
  }

  private text(l: LegView): unknown {
    return this.field !== null ? l[this.field] : this.of!(l);
  }

  reduce(legs: readonly LegView[], n: number): unknown {
    if (this.type === 'string') return this.earliest(legs, n);
    const op = this.op;
    const slot = this.slot;
    let acc = 0;
    let k = 0;
    for (let j = 0; j < n; j++) {
      const l = legs[j];
      if (this.skips(l)) continue;
      if (op === COUNT) {
        k++;
        continue;
      }
      let v: number;
      if (slot >= 0) v = l.nums[slot];
      else {
        const x = this.of!(l) as number | null;
        v = x === null ? NaN : x;
      }
      if (v !== v) {
        if (this.strict) return null;
        continue;
      }
      if (op === SUM) acc += l.nums[QUANTITY] * l.nums[MULTIPLIER] * this.scale * v;
      else if (k === 0) acc = v;
      else if (op === MIN) { if (v < acc) acc = v; }
      else if (op === MAX) { if (v > acc) acc = v; }
      else acc += v;
      k++;
    }
    if (op === COUNT) return k;
    if (k === 0) return this.empty;
    return op === AVG ? acc / k : acc;
  }

  /** `min` over text (expiry dates). */
  private earliest(legs: readonly LegView[], n: number): unknown {
    let acc: string | null = null;
    for (let j = 0; j < n; j++) {
      const l = legs[j];
      if (this.skips(l)) continue;
      const v = this.text(l) as string | null;
      if (v === null) {
        if (this.strict) return null;
      } else if (acc === null || v < acc) acc = v;
    }
    return acc ?? this.empty;
  }
}

/** Σ over the (matching) legs of quantity × multiplier × scale × x, x per share; null unless every leg has x. */
export const sum = <E extends number | null = null>(scale: number, o: Omit<ReduceOptions<number, E, true>, 'strict'>) => new Reduce('sum', 'number', o, scale) as unknown as LegTotal<number | E | null>;
export const min = <E extends number | null = null, S extends boolean = false>(o: ReduceOptions<number, E, S>) => new Reduce('min', 'number', o) as unknown as LegTotal<Result<number, E, S>>;
/** `min` over text: the earliest date. */
export const earliest = (o: ReduceOptions<string, null, false>) => new Reduce('min', 'string', o) as unknown as LegTotal<string | null>;
export const max = <E extends number | null = null, S extends boolean = false>(o: ReduceOptions<number, E, S>) => new Reduce('max', 'number', o) as unknown as LegTotal<Result<number, E, S>>;
export const avg = <S extends boolean = false>(o: ReduceOptions<number, null, S>) => new Reduce('avg', 'number', o) as unknown as LegTotal<number | null>;
export const count = (w: LegTest) => new Reduce('count', 'number', { x: 'quantity', where: w, none: 0 }) as unknown as LegTotal<number>;

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
