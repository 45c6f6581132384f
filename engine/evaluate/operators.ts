/**
 * Operator semantics, shared by the compiled predicates and the json-rules-engine reference.
 *
 * Built-ins replicate json-rules-engine 7.3 exactly (engine-default-operators.js), including its number check
 * (`Number.parseFloat(x)` is not NaN, so null, undefined, booleans and non-numeric strings make numeric operators
 * false). tickwise's own operators are stricter: they need real numbers (`typeof === 'number'`, not NaN) on both
 * sides and are false otherwise.
 */

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

export function between(a: unknown, v: unknown): boolean {
  return isNum(a) && isPair(v) && a >= v[0] && a <= v[1];
}
export function outside(a: unknown, v: unknown): boolean {
  return isNum(a) && isPair(v) && (a < v[0] || a > v[1]);
}
export function absGreaterThanInclusive(a: unknown, v: unknown): boolean {
  return isNum(a) && isNum(v) && Math.abs(a) >= v;
}
/** Was below `v` on the previous tick, at or above it now. */
export function crossesAbove(prev: unknown, cur: unknown, v: unknown): boolean {
  return isNum(prev) && isNum(cur) && isNum(v) && prev < v && cur >= v;
}
/** Was above `v` on the previous tick, at or below it now. */
export function crossesBelow(prev: unknown, cur: unknown, v: unknown): boolean {
  return isNum(prev) && isNum(cur) && isNum(v) && prev > v && cur <= v;
}

/** tickwise's operators that json-rules-engine does not have. */
export const CUSTOM_OPERATORS = ['between', 'outside', 'absGreaterThanInclusive', 'crossesAbove', 'crossesBelow'] as const;
export const CROSSING_OPERATORS: ReadonlySet<string> = new Set(['crossesAbove', 'crossesBelow']);

/**
 * For the reference evaluator a crossing condition on fact `F` reads the synthetic fact `crossing:F`, whose value is
 * the pair `[previous, current]` (json-rules-engine operators see only one fact value).
 */
export const CROSSING_PREFIX = 'crossing:';
/** Key under which a decision's `facts` records a crossing fact's previous value. */
export const PREV_PREFIX = 'prev:';
