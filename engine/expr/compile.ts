/**
 * The compiler: an expression AST becomes a tree of closures once per config version, so a tick computes a derived
 * fact without parsing or walking the syntax tree. Same value rules as the interpreter (semantics.ts).
 */
import { isArith, isCompare, type Expr, type ExprValue } from './ast.ts';
import { isEager } from './functions.ts';
import { applyFunction, arith, compare, factValue, logic, negate, not } from './semantics.ts';

export type Compiled = (facts: Readonly<Record<string, unknown>>) => ExprValue;

export function compileExpr(e: Expr): Compiled {
  switch (e.k) {
    case 'num':
    case 'bool': {
      const v = e.value;
      return () => v;
    }
    case 'fact': {
      const name = e.name;
      return (f) => factValue(f[name]);
    }
    case 'neg': {
      const a = compileExpr(e.arg);
      return (f) => negate(a(f));
    }
    case 'not': {
      const a = compileExpr(e.arg);
      return (f) => not(a(f));
    }
    case 'bin': {
      const a = compileExpr(e.left);
      const b = compileExpr(e.right);
      const op = e.op;
      if (isArith(op)) return (f) => arith(op, a(f), b(f));
      if (isCompare(op)) return (f) => compare(op, a(f), b(f));
      return (f) => logic(op, a(f), b(f));
    }
    case 'call': {
      const args = e.args.map(compileExpr);
      if (e.fn === 'if') {
        const [c, t, o] = args;
        return (f) => {
          const v = c(f);
          return typeof v !== 'boolean' ? null : v ? t(f) : o(f);
        };
      }
      if (e.fn === 'coalesce') {
        return (f) => {
          for (const a of args) {
            const v = a(f);
            if (v !== null) return v;
          }
          return null;
        };
      }
      const fn = e.fn;
      if (!isEager(fn)) return () => null;
      if (args.length === 1) {
        const [a] = args;
        return (f) => applyFunction(fn, [a(f)]);
      }
      return (f) => applyFunction(fn, args.map((a) => a(f)));
    }
  }
}
