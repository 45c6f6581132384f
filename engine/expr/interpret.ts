/**
 * A tree-walking interpreter of the expression AST: the reference the compiled closures (compile.ts) are
 * differential-tested against. Not used on the hot path.
 */
import { isArith, isCompare, type Expr, type ExprValue } from './ast.ts';
import { isEager } from './functions.ts';
import { applyFunction, arith, compare, factValue, logic, negate, not } from './semantics.ts';

export function interpret(e: Expr, facts: Readonly<Record<string, unknown>>): ExprValue {
  switch (e.k) {
    case 'num':
    case 'bool':
      return e.value;
    case 'fact': return factValue(facts[e.name]);
    case 'neg': return negate(interpret(e.arg, facts));
    case 'not': return not(interpret(e.arg, facts));
    case 'bin': {
      const a = interpret(e.left, facts);
      const b = interpret(e.right, facts);
      if (isArith(e.op)) return arith(e.op, a, b);
      if (isCompare(e.op)) return compare(e.op, a, b);
      return logic(e.op, a, b);
    }
    case 'call': {
      if (e.fn === 'if') {
        const c = interpret(e.args[0], facts);
        return c === null || typeof c !== 'boolean' ? null : interpret(e.args[c ? 1 : 2], facts);
      }
      if (e.fn === 'coalesce') {
        for (const a of e.args) {
          const v = interpret(a, facts);
          if (v !== null) return v;
        }
        return null;
      }
      return isEager(e.fn) ? applyFunction(e.fn, e.args.map((a) => interpret(a, facts))) : null;
    }
  }
}
