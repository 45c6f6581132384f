/**
 * The compiler: an expression AST becomes a tree of closures once per config version, so a tick computes a derived
 * fact without parsing or walking the syntax tree. Same value rules as the interpreter (semantics.ts).
 */
import { isArith, isCompare, type Expr, type ExprValue } from './ast.ts';
import { isEager } from './functions.ts';
import { applyFunction, arith, compare, factValue, logic, negate, not } from './semantics.ts';

type FactsIn = Readonly<Record<string, unknown>>;
/** A compiled expression: reads a fact from `p` (a position's facts), or from `g` (the portfolio's) when p lacks it. */
export type Compiled = (p: FactsIn, g: FactsIn) => ExprValue;

export function compileExpr(e: Expr): Compiled {
  switch (e.k) {
    case 'num':
    case 'bool': {
      const v = e.value;
      return () => v;
    }
    case 'fact': {
      const name = e.name;
      return (p, g) => {
        const v = p[name];
        return factValue(v !== undefined ? v : g[name]);
      };
    }
    case 'neg': {
      const a = compileExpr(e.arg);
      return (f, g) => negate(a(f, g));
    }
    case 'not': {
      const a = compileExpr(e.arg);
      return (f, g) => not(a(f, g));
    }
    case 'bin': {
      const a = compileExpr(e.left);
      const b = compileExpr(e.right);
      const op = e.op;
      if (isArith(op)) return (f, g) => arith(op, a(f, g), b(f, g));
      if (isCompare(op)) return (f, g) => compare(op, a(f, g), b(f, g));
      return (f, g) => logic(op, a(f, g), b(f, g));
    }
    case 'call': {
      const args = e.args.map(compileExpr);
      if (e.fn === 'if') {
        const [c, t, o] = args;
        return (f, g) => {
          const v = c(f, g);
          return typeof v !== 'boolean' ? null : v ? t(f, g) : o(f, g);
        };
      }
      if (e.fn === 'coalesce') {
        return (f, g) => {
          for (const a of args) {
            const v = a(f, g);
            if (v !== null) return v;
          }
          return null;
        };
      }
      const fn = e.fn;
      if (!isEager(fn)) return () => null;
      if (args.length === 1) {
        const [a] = args;
        return (f, g) => applyFunction(fn, [a(f, g)]);
      }
      return (f, g) => applyFunction(fn, args.map((a) => a(f, g)));
    }
  }
}
