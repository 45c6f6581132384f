/**
 * Operator implementations: one entry per catalogued operator (engine/catalogue/operators.ts), and the only place an
 * operator's meaning is written. The compiler, the json-rules-engine reference, explanations, the risk gate's limits
 * and dry-run labels all read `OPERATOR_IMPLS`; `satisfies Record<OperatorName, …>` makes a catalogued operator
 * without an implementation (or an implementation without a catalogue entry) a compile error.
 *
 * Built-ins (catalogue `builtIn`) replicate json-rules-engine 7.3 exactly (engine-default-operators.js), including
 * its number check (`Number.parseFloat(x)` is not NaN, so null, undefined, booleans and non-numeric strings make
 * numeric operators false, while a numeric string such as "2" compares as a number); the reference evaluates them with
 * json-rules-engine's own code, so the differential tests hold the two together. tickwise's own operators are
 * stricter: they need real numbers (`typeof === 'number'`, not NaN) and are false otherwise; the reference registers
 * them from `test` below.
 */
import { OPERATORS, type OperatorName } from '../catalogue/index.ts';

export interface OperatorImpl {
  /**
   * The predicate: `a` the fact's value now, `v` the value compared with (a `{ fact }` resolved), `prev` the fact's
   * value on the previous tick (only for `crossing` operators). Values may be anything a fact or literal can be.
   */
  readonly test: (a: unknown, v: unknown, prev?: unknown) => boolean;
  /**
   * Optional, for speed: the same predicate as inline JavaScript, given `a` (a plain variable holding the fact value)
   * and `v` (an expression for the value). Must mean exactly `test`.
   */
  readonly inline?: (a: string, v: string) => string;
  /** The operator reads the fact's previous-tick value too (the reference sees the pair `[previous, current]`). */
  readonly crossing?: true;
  /** How a trader reads it: `pnlPct ≥ 0.5` (symbol), and the failure `pnlPct 0.4 < 0.5` (negated); abs: `|fact|`. */
  readonly text?: { readonly symbol: string; readonly negated: string; readonly abs?: true };
  /**
   * A one-sided threshold: the condition holds when the fact (|fact| with `abs`) is above / below the value. The risk
   * gate treats such a condition on a figure an entry moves as a portfolio limit (engine/risk/limits.ts).
   */
  readonly threshold?: { readonly side: 'above' | 'below'; readonly abs?: true };
}

/** json-rules-engine's `numberValidator`, verbatim in meaning. */
export function jreNumeric(x: unknown): boolean {
  // Fast answers for the common cases (no string allocation); the general case is json-rules-engine's own test.
  if (typeof x === 'number') return x === x;
  if (x === null || x === undefined || typeof x === 'boolean') return false;
  return Number.parseFloat(x as string).toString() !== 'NaN';
}

export function isNum(x: unknown): x is number {
  return typeof x === 'number' && x === x;
}

/** `value` for between / outside: a pair of numbers. */
export function isPair(v: unknown): v is [number, number] {
  return Array.isArray(v) && v.length === 2 && isNum(v[0]) && isNum(v[1]);
}

const indexOf = (list: unknown, x: unknown): number => (list as unknown[]).indexOf(x);
/** json-rules-engine's numeric built-ins: its number check on the fact, then the plain JavaScript comparison. */
const numeric = (cmp: '<' | '<=' | '>' | '>=', test: (a: unknown, v: unknown) => boolean): Pick<OperatorImpl, 'test' | 'inline'> => ({
  test: (a, v) => jreNumeric(a) && test(a, v),
  inline: (a, v) => `(typeof ${a} === 'number' ? (${a} === ${a} && ${a} ${cmp} ${v}) : (H.jreNumeric(${a}) && ${a} ${cmp} ${v}))`,
});
// JavaScript's own comparison on whatever the values are (json-rules-engine compares them so); the casts only
// satisfy the type checker.
const lt = (a: unknown, v: unknown): boolean => (a as number) < (v as number);
const le = (a: unknown, v: unknown): boolean => (a as number) <= (v as number);
const gt = (a: unknown, v: unknown): boolean => (a as number) > (v as number);
const ge = (a: unknown, v: unknown): boolean => (a as number) >= (v as number);

export const OPERATOR_IMPLS = {
  equal: { test: (a, v) => a === v, inline: (a, v) => `(${a} === ${v})`, text: { symbol: '=', negated: '≠' } },
  notEqual: { test: (a, v) => a !== v, inline: (a, v) => `(${a} !== ${v})`, text: { symbol: '≠', negated: '=' } },
  lessThan: { ...numeric('<', lt), text: { symbol: '<', negated: '≥' }, threshold: { side: 'below' } },
  lessThanInclusive: { ...numeric('<=', le), text: { symbol: '≤', negated: '>' }, threshold: { side: 'below' } },
  greaterThan: { ...numeric('>', gt), text: { symbol: '>', negated: '≤' }, threshold: { side: 'above' } },
  greaterThanInclusive: { ...numeric('>=', ge), text: { symbol: '≥', negated: '<' }, threshold: { side: 'above' } },
  in: { test: (a, v) => indexOf(v, a) > -1, inline: (a, v) => `(${v}.indexOf(${a}) > -1)` },
  notIn: { test: (a, v) => indexOf(v, a) === -1, inline: (a, v) => `(${v}.indexOf(${a}) === -1)` },
  contains: { test: (a, v) => Array.isArray(a) && a.indexOf(v) > -1, inline: (a, v) => `(Array.isArray(${a}) && ${a}.indexOf(${v}) > -1)` },
  doesNotContain: { test: (a, v) => Array.isArray(a) && a.indexOf(v) === -1, inline: (a, v) => `(Array.isArray(${a}) && ${a}.indexOf(${v}) === -1)` },
  between: { test: (a, v) => isNum(a) && isPair(v) && a >= v[0] && a <= v[1] },
  outside: { test: (a, v) => isNum(a) && isPair(v) && (a < v[0] || a > v[1]) },
  absGreaterThanInclusive: { test: (a, v) => isNum(a) && isNum(v) && Math.abs(a) >= v, text: { symbol: '≥', negated: '<', abs: true }, threshold: { side: 'above', abs: true } },
  /** Was below `v` on the previous tick, at or above it now. */
  crossesAbove: { test: (a, v, prev) => isNum(prev) && isNum(a) && isNum(v) && prev < v && a >= v, crossing: true },
  /** Was above `v` on the previous tick, at or below it now. */
  crossesBelow: { test: (a, v, prev) => isNum(prev) && isNum(a) && isNum(v) && prev > v && a <= v, crossing: true },
} as const satisfies Record<OperatorName, OperatorImpl>;

/** An operator's implementation; undefined for a name that is not catalogued. */
export function operatorImpl(name: string): OperatorImpl | undefined {
  return Object.prototype.hasOwnProperty.call(OPERATOR_IMPLS, name) ? (OPERATOR_IMPLS as Record<string, OperatorImpl>)[name] : undefined;
}

/** Operators whose condition reads the previous tick's value (crossesAbove, crossesBelow). */
export const CROSSING_OPERATORS: ReadonlySet<string> = new Set(Object.entries(OPERATOR_IMPLS as Record<string, OperatorImpl>).filter(([, o]) => o.crossing).map(([n]) => n));

/**
 * For the reference evaluator a crossing condition on fact `F` reads the synthetic fact `crossing:F`, whose value is
 * the pair `[previous, current]` (json-rules-engine operators see only one fact value).
 */
export const CROSSING_PREFIX = 'crossing:';
/** Key under which a decision's `facts` records a crossing fact's previous value. */
export const PREV_PREFIX = 'prev:';

/** tickwise's operators that json-rules-engine does not have (the reference registers their `test`). */
export const CUSTOM_OPERATORS: readonly OperatorName[] = Object.freeze(OPERATORS.filter((o) => !o.builtIn).map((o) => o.name));

/** A condition as a trader reads it: `pnlPct ≥ 0.5`, `|delta| ≥ 40`; operators without a symbol keep their name. */
export function operatorLabel(operator: string, fact: string, value: string): string {
  const t = operatorImpl(operator)?.text;
  if (!t) return `${fact} ${operator} ${value}`;
  return `${t.abs ? `|${fact}|` : fact} ${t.symbol} ${value}`;
}

/** Why a condition did not hold, as a trader reads it: `pnlPct 0.4 < 0.5`, `|delta| 12 < 40`, `dte 30 not between [1, 5]`. */
export function operatorFailure(operator: string, fact: string, seen: string, value: string): string {
  const t = operatorImpl(operator)?.text;
  if (!t) return `${fact} ${seen} not ${operator} ${value}`;
  return `${t.abs ? `|${fact}|` : fact} ${seen} ${t.negated} ${value}`;
}
