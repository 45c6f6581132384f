/**
 * The numeric leg totals (`sum`, `min`, `max`, `avg`, `count`) and `earliest` (min over dates): one class, its
 * aggregate SQL built from the same options its `reduce` runs on (./leg-total.ts describes the kinds and null rules).
 */
import { LEG_COLUMNS, SLOTS, type LegView, type SlotField } from './leg-view.ts';
import { literal, noneOf, testOf, type ColumnType, type FromPosition, type LegExpr, type LegTest, type LegTotal, type Scalar } from './leg-total.ts';
import type { PositionRow } from '../store/index.ts';

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
