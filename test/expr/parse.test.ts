import { describe, expect, it } from 'vitest';
import { parseExpr, printExpr, type Expr } from '../../engine/expr/index.ts';

const parse = (s: string): Expr => {
  const r = parseExpr(s);
  if (!r.ok) throw new Error(`${s}: ${r.error.problem}`);
  return r.expr;
};
const problem = (s: string) => {
  const r = parseExpr(s);
  if (r.ok) throw new Error(`${s} parsed`);
  return r.error;
};

describe('parsing derived-fact expressions', () => {
  it('reads arithmetic with the usual precedence, unary minus and brackets', () => {
    expect(printExpr(parse('a + b * -c'))).toBe('(a + (b * -c))');
    expect(printExpr(parse('(a + b) / 2'))).toBe('((a + b) / 2)');
    expect(printExpr(parse('a < b && !(c >= 1) || d'))).toBe('(((a < b) && !(c >= 1)) || d)');
  });

  it('reads the functions as calls with their arguments', () => {
    expect(parse('if(credit > 0, pnl / credit, 0)')).toMatchObject({ k: 'call', fn: 'if', args: [{ k: 'bin', op: '>' }, { k: 'bin', op: '/' }, { k: 'num', value: 0 }] });
    expect(parse('coalesce(a, b, 1)')).toMatchObject({ k: 'call', fn: 'coalesce' });
  });

  it('gives each node the offset of its own token, the operator of a binary node', () => {
    const e = parse('  pnl  /  (credit - 1)');
    expect(e).toMatchObject({ k: 'bin', op: '/', at: 7, left: { k: 'fact', name: 'pnl', at: 2 }, right: { k: 'bin', op: '-', at: 18, left: { name: 'credit', at: 11 }, right: { value: 1, at: 20 } } });
    expect(parse('max(a, -b)')).toMatchObject({ at: 0, args: [{ at: 4 }, { k: 'neg', at: 7, arg: { at: 8 } }] });
  });

  it('refuses strings, member access, ?: and operators the language does not have, at their token', () => {
    expect(problem('pnl + "x"')).toMatchObject({ offset: 6 });
    expect(problem('param.takeProfit * 2')).toMatchObject({ offset: 0, expected: expect.stringContaining('no parameters') });
    expect(problem('a ? b : c')).toMatchObject({ offset: 2, expected: expect.stringContaining('if(') });
    expect(problem('a === b')).toMatchObject({ offset: 2, expected: expect.stringContaining('==') });
    expect(problem('a % 2')).toMatchObject({ offset: 2 });
    expect(problem('a b')).toMatchObject({ problem: expect.stringContaining('more than one') });
  });

  it('reports a syntax error at the character jsep stopped at', () => {
    expect(problem('pnl / ')).toMatchObject({ offset: 6 });
    expect(problem('')).toMatchObject({ offset: 0, problem: 'the expression is empty' });
    expect(problem('min(a, b')).toMatchObject({ offset: 8 });
  });
});
