/**
 * The value rules both the compiler and the interpreter follow (one copy, so they can only differ in how they walk):
 * null is unknown and spreads through every operator and function except `if` (only the branch taken is computed)
 * and `coalesce` (the first known argument); a division by zero, and any result that is not a finite number, is null.
 */
import type { ArithOp, CompareOp, ExprValue } from './ast.ts';
import { FUNCTION_SPECS, type EagerFunction } from './functions.ts';

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

/** An eager function (functions.ts) over values already computed: any unknown argument makes the result unknown. */
export function applyFunction(fn: EagerFunction, args: readonly ExprValue[]): ExprValue {
  for (const a of args) if (typeof a !== 'number') return null;
  return finite(FUNCTION_SPECS[fn].apply(args as readonly number[]));
}
