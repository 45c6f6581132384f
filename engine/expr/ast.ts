/**
 * The expression language of derived facts (facts.yaml): its syntax tree, as converted from jsep's. Every node
 * carries `at`, the offset in the expression text of its token (the operator of a binary node, the name of a call),
 * so findings point at the offending token.
 */
export type ArithOp = '+' | '-' | '*' | '/';
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type LogicOp = '&&' | '||';
export type BinaryOp = ArithOp | CompareOp | LogicOp;

import type { FunctionName } from './functions.ts';

export { FUNCTIONS, type FunctionName } from './functions.ts';

export type Expr =
  | { readonly k: 'num'; readonly value: number; readonly at: number }
  | { readonly k: 'bool'; readonly value: boolean; readonly at: number }
  | { readonly k: 'fact'; readonly name: string; readonly at: number }
  | { readonly k: 'neg' | 'not'; readonly arg: Expr; readonly at: number }
  | { readonly k: 'bin'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly at: number }
  | { readonly k: 'call'; readonly fn: FunctionName; readonly args: readonly Expr[]; readonly at: number };

/** A value an expression computes: null is "unknown" (a missing input, or a division by zero). */
export type ExprValue = number | boolean | null;

export const isArith = (op: BinaryOp): op is ArithOp => op === '+' || op === '-' || op === '*' || op === '/';
export const isCompare = (op: BinaryOp): op is CompareOp => op === '<' || op === '<=' || op === '>' || op === '>=' || op === '==' || op === '!=';

/** The expression written back as text (canonical spacing and parentheses): guards compare divisors with it. */
export function printExpr(e: Expr): string {
  switch (e.k) {
    case 'num': return Object.is(e.value, -0) ? '-0' : String(e.value);
    case 'bool': return String(e.value);
    case 'fact': return e.name;
    case 'neg': return `-${printExpr(e.arg)}`;
    case 'not': return `!${printExpr(e.arg)}`;
    case 'bin': return `(${printExpr(e.left)} ${e.op} ${printExpr(e.right)})`;
    case 'call': return `${e.fn}(${e.args.map(printExpr).join(', ')})`;
  }
}

/** The fact names an expression reads, in order of first appearance. */
export function factsRead(e: Expr, out: string[] = []): string[] {
  if (e.k === 'fact') { if (!out.includes(e.name)) out.push(e.name); }
  else if (e.k === 'neg' || e.k === 'not') factsRead(e.arg, out);
  else if (e.k === 'bin') { factsRead(e.left, out); factsRead(e.right, out); }
  else if (e.k === 'call') for (const a of e.args) factsRead(a, out);
  return out;
}
