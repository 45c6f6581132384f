/**
 * Unit algebra of derived facts (docs/configuration.md § Units in expressions). A numeric expression has a catalogue
 * unit or `plain` (a number literal, which adopts the unit of what it meets). The table:
 *
 * | operation | result |
 * |---|---|
 * | `a + b`, `a - b`, `min`, `max`, `if`, `coalesce`, comparisons | a and b in the same unit (ratio and fraction mix, giving fraction); plain adopts the other's unit; anything else is an error |
 * | `a * b` | plain or a scale (ratio, fraction, count, contracts) keeps the other's unit; two scales give the same scale, or ratio; two other units have no unit (error) |
 * | `a / b` | b plain or a scale: a's unit; the same unit: ratio; currency / days: dollars-per-day; plain / scale: ratio; anything else: error |
 * | `-a`, `abs`, `round` | a's unit |
 */
export type ExprUnit = string;
export const PLAIN: ExprUnit = 'plain';

/** Units that scale another quantity without changing what it measures. */
const SCALES: ReadonlySet<string> = new Set(['ratio', 'fraction', 'count', 'contracts']);
/** Units that are not numbers to compute with. */
export const NON_NUMERIC_UNITS: ReadonlySet<string> = new Set(['boolean', 'state', 'text']);

const ratioLike = (u: ExprUnit) => u === 'ratio' || u === 'fraction';

/** `+`, `-`, comparisons and the functions that pick one of their arguments. null: the units do not mix. */
export function sameUnit(a: ExprUnit, b: ExprUnit): ExprUnit | null {
  if (a === PLAIN) return b;
  if (b === PLAIN || a === b) return a;
  if (ratioLike(a) && ratioLike(b)) return 'fraction';
  return null;
}

export function productUnit(a: ExprUnit, b: ExprUnit): ExprUnit | null {
  if (a === PLAIN) return b;
  if (b === PLAIN) return a;
  const sa = SCALES.has(a);
  const sb = SCALES.has(b);
  if (sa && sb) return a === b ? a : 'ratio';
  if (sa) return b;
  if (sb) return a;
  return null;
}

export function quotientUnit(a: ExprUnit, b: ExprUnit): ExprUnit | null {
  if (b === PLAIN) return a;
  if (a === b) return 'ratio';
  if (a === 'currency' && b === 'days') return 'dollars-per-day';
  if (a === PLAIN) return SCALES.has(b) ? 'ratio' : null;
  if (SCALES.has(b)) return SCALES.has(a) ? 'ratio' : a;
  return null;
}

/** Whether a derived fact declared in `declared` may compute `inferred`. */
export function unitAgrees(declared: string, inferred: ExprUnit): boolean {
  if (NON_NUMERIC_UNITS.has(declared)) return false;
  return inferred === PLAIN || declared === inferred || (ratioLike(declared) && ratioLike(inferred));
}
