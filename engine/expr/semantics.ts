/**
 * The value rules both the compiler and the interpreter follow (one copy, so they can only differ in how they walk):
 * null is unknown and spreads through every operator and function except `if` (only the branch taken is computed)
 * and `coalesce` (the first known argument); a division by zero, and any result that is not a finite number, is null.
 */
import type { ArithOp, CompareOp, ExprValue } from './ast.ts';

/** A fact's value as the language sees it: finite numbers and booleans; anything else (missing, text) is null. */
export function factValue(v: unknown): ExprValue {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return typeof v === 'boolean' ? v : null;
}

const finite = (x: number): ExprValue => (Number.isFinite(x) ? x : null);

export function arith(op: ArithOp, a: ExprValue, b: ExprValue): ExprValue {
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  switch (op) {
    case '+': return finite(a + b);
    case '-': return finite(a - b);
    case '*': return finite(a * b);
    case '/': return b === 0 ? null : finite(a / b);
  }
}

export function compare(op: CompareOp, a: ExprValue, b: ExprValue): ExprValue {
  if (a === null || b === null) return null;
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
  }
}

export function logic(op: '&&' | '||', a: ExprValue, b: ExprValue): ExprValue {
  if (typeof a !== 'boolean' || typeof b !== 'boolean') return null;
  return op === '&&' ? a && b : a || b;
}

export const negate = (a: ExprValue): ExprValue => (typeof a === 'number' ? finite(-a) : null);
export const not = (a: ExprValue): ExprValue => (typeof a === 'boolean' ? !a : null);

/** min, max, abs, round over values already computed (if and coalesce are lazy, so the walkers handle them). */
export function applyFunction(fn: 'min' | 'max' | 'abs' | 'round', args: readonly ExprValue[]): ExprValue {
  for (const a of args) if (typeof a !== 'number') return null;
  const xs = args as readonly number[];
  switch (fn) {
    case 'min': return Math.min(...xs);
    case 'max': return Math.max(...xs);
    case 'abs': return Math.abs(xs[0]);
    case 'round': {
      const scale = 10 ** (xs[1] ?? 0);
      return finite(Math.round(xs[0] * scale) / scale);
    }
  }
}
