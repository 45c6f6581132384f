/**
 * A tree-walking interpreter of the expression AST: the reference the compiled closures (compile.ts) are
 * differential-tested against. Not used on the hot path.
 */
import { isArith, isCompare, type Expr, type ExprValue } from './ast.ts';
import { isEager } from './functions.ts';
import { applyFunction, arith, compare, factValue, logic, negate, not } from './semantics.ts';

const NONE: Readonly<Record<string, unknown>> = Object.freeze({});

/** The value of `e`, reading a fact from `facts` (a position's), or from `portfolio` when `facts` lacks it. */
export function interpret(e: Expr, facts: Readonly<Record<string, unknown>>, portfolio: Readonly<Record<string, unknown>> = NONE): ExprValue {
  const at = (x: Expr) => interpret(x, facts, portfolio);
  switch (e.k) {
    case 'num':
    case 'bool':
      return e.value;
    case 'fact': return factValue(facts[e.name] !== undefined ? facts[e.name] : portfolio[e.name]);
    case 'neg': return negate(at(e.arg));
    case 'not': return not(at(e.arg));
    case 'bin': {
      const a = at(e.left);
      const b = at(e.right);
      if (isArith(e.op)) return arith(e.op, a, b);
      if (isCompare(e.op)) return compare(e.op, a, b);
      return logic(e.op, a, b);
    }
    case 'call': {
      if (e.fn === 'if') {
        const c = at(e.args[0]);
        return c === null || typeof c !== 'boolean' ? null : at(e.args[c ? 1 : 2]);
      }
      if (e.fn === 'coalesce') {
        for (const a of e.args) {
          const v = at(a);
          if (v !== null) return v;
        }
        return null;
      }
      return isEager(e.fn) ? applyFunction(e.fn, e.args.map(at)) : null;
    }
  }
}
