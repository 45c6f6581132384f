import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileExpr, interpret, parseExpr, printExpr, type Expr } from '../../engine/expr/index.ts';

const NAMES = ['a', 'b', 'c', 'flag'] as const;

/** Random ASTs over four facts, every operator and function (types are not checked: ill-typed trees must agree too). */
const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constant(0)).map((value): Expr => ({ k: 'num', value, at: 0 })),
    fc.boolean().map((value): Expr => ({ k: 'bool', value, at: 0 })),
    fc.constantFrom(...NAMES).map((name): Expr => ({ k: 'fact', name, at: 0 })),
    fc.tuple(fc.constantFrom('neg' as const, 'not' as const), tie('e')).map(([k, arg]): Expr => ({ k, arg, at: 0 })),
    fc.tuple(fc.constantFrom('+', '-', '*', '/', '<', '<=', '>', '>=', '==', '!=', '&&', '||' as const), tie('e'), tie('e')).map(([op, left, right]): Expr => ({ k: 'bin', op, left, right, at: 0 })),
    fc.tuple(fc.constantFrom('min', 'max', 'coalesce' as const), fc.array(tie('e'), { minLength: 1, maxLength: 3 })).map(([fn, args]): Expr => ({ k: 'call', fn, args, at: 0 })),
    fc.tuple(fc.constantFrom('abs', 'round' as const), tie('e')).map(([fn, x]): Expr => ({ k: 'call', fn, args: [x], at: 0 })),
    fc.tuple(tie('e'), fc.integer({ min: 0, max: 3 })).map(([x, d]): Expr => ({ k: 'call', fn: 'round', args: [x, { k: 'num', value: d, at: 0 }], at: 0 })),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, t, o]): Expr => ({ k: 'call', fn: 'if', args: [c, t, o], at: 0 })),
  ),
})).e;

/** Fact values with nulls, missing facts, zeros, text and booleans in them. */
const factsArb = fc.record({
  a: fc.oneof(fc.constant(null), fc.constant(undefined), fc.constant(0), fc.integer({ min: -10, max: 10 }), fc.double({ noNaN: false })),
  b: fc.oneof(fc.constant(null), fc.constant(0), fc.double({ min: -100, max: 100, noNaN: true })),
  c: fc.oneof(fc.constant(0), fc.constant(-0), fc.integer(), fc.constant('text')),
  flag: fc.oneof(fc.boolean(), fc.constant(null)),
}, { requiredKeys: [] });

const same = (x: unknown, y: unknown) => Object.is(x, y);

describe('the compiled closures of derived facts', () => {
  it('agree with the tree-walking interpreter on random expressions and fact values, nulls and zeros included', () => {
    fc.assert(fc.property(exprArb, fc.array(fc.tuple(factsArb, factsArb), { minLength: 1, maxLength: 5 }), (e, factSets) => {
      const fn = compileExpr(e);
      // A position's facts, and the portfolio's, read when the position lacks a fact.
      for (const [facts, portfolio] of factSets) {
        const got = fn(facts, portfolio);
        const want = interpret(e, facts, portfolio);
        if (!same(got, want)) throw new Error(`${printExpr(e)} on ${JSON.stringify([facts, portfolio])}: compiled ${String(got)}, interpreted ${String(want)}`);
        expect(got === null || typeof got === 'boolean' || Number.isFinite(got)).toBe(true);
      }
    }), { numRuns: 2000 });
  });

  it('compute the same value from an expression printed and parsed again (the parser keeps the tree)', () => {
    fc.assert(fc.property(exprArb, factsArb, (e, facts) => {
      const text = printExpr(e);
      const parsed = parseExpr(text);
      if (!parsed.ok) throw new Error(`${text}: ${parsed.error.problem}`);
      expect(same(compileExpr(parsed.expr)(facts, {}), interpret(e, facts))).toBe(true);
    }), { numRuns: 2000 });
  });
});

describe('the value rules of derived facts', () => {
  const run = (text: string, facts: Record<string, unknown>) => {
    const p = parseExpr(text);
    if (!p.ok) throw new Error(p.error.problem);
    return compileExpr(p.expr)(facts, {});
  };

  it('read a position\'s fact before the portfolio\'s of the same name, and the portfolio\'s when it lacks one', () => {
    const p = parseExpr('vix + pnl');
    if (!p.ok) throw new Error(p.error.problem);
    expect(compileExpr(p.expr)({ pnl: 1 }, { vix: 20, pnl: 100 })).toBe(21);
    expect(interpret(p.expr, { pnl: 1 }, { vix: 20, pnl: 100 })).toBe(21);
  });

  it('make a division by zero null, never Infinity or NaN', () => {
    expect(run('pnl / credit', { pnl: 50, credit: 0 })).toBeNull();
    expect(run('pnl / credit', { pnl: 50, credit: 200 })).toBe(0.25);
  });

  it('spread an unknown input to the result, except in the branch if() does not take and in coalesce()', () => {
    expect(run('pnl + credit', { pnl: 1 })).toBeNull();
    expect(run('pnl > 0 && itm', { pnl: 1, itm: null })).toBeNull();
    expect(run('if(credit > 0, pnl / credit, 0)', { credit: 0 })).toBe(0);
    expect(run('if(itm, missing, 7)', { itm: false })).toBe(7);
    expect(run('coalesce(pnl / credit, -1)', { pnl: 3, credit: 0 })).toBe(-1);
    expect(run('coalesce(a, b)', {})).toBeNull();
  });

  it('round as Math.round does (halves up), to the digits asked', () => {
    expect(run('round(x, 2)', { x: 1.23456 })).toBe(1.23);
    expect(run('round(x)', { x: 2.5 })).toBe(3);
    expect(run('min(a, b, 3)', { a: 5, b: -1 })).toBe(-1);
    expect(run('abs(a - b)', { a: 2, b: 5 })).toBe(3);
  });
});
