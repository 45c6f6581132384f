import { describe, expect, it } from 'vitest';
import { FACTS_BY_NAME } from '../../engine/catalogue/index.ts';
import { suggest } from '../../engine/config/index.ts';
import { checkExpr, FUNCTION_SPECS, FUNCTIONS, parseExpr, renderDerivedFactsDoc, type CheckResult, type NameInfo } from '../../engine/expr/index.ts';

function check(text: string, opts: { onZeroNull?: boolean; extra?: Record<string, NameInfo> } = {}): CheckResult {
  const r = parseExpr(text);
  if (!r.ok) throw new Error(r.error.problem);
  const resolve = (n: string): NameInfo | undefined => opts.extra?.[n] ?? (FACTS_BY_NAME.has(n) ? { type: FACTS_BY_NAME.get(n)!.type, unit: FACTS_BY_NAME.get(n)!.unit, scope: FACTS_BY_NAME.get(n)!.scope } : undefined);
  return checkExpr(r.expr, { resolve, names: [...FACTS_BY_NAME.keys()], onZeroNull: opts.onZeroNull ?? false, suggest });
}
const codes = (r: CheckResult) => r.issues.map((i) => i.code);

describe('checking derived-fact expressions: units', () => {
  it('makes currency / currency a ratio, and keeps the unit when scaling by a plain number or a fraction', () => {
    expect(check('pnl / credit', { onZeroNull: true }).type).toEqual({ t: 'number', unit: 'ratio' });
    expect(check('credit * 0.05').type).toEqual({ t: 'number', unit: 'currency' });
    expect(check('pnlPct * credit').type).toEqual({ t: 'number', unit: 'currency' });
    expect(check('-abs(pnl) / 2').type).toEqual({ t: 'number', unit: 'currency' });
    expect(check('underlyingDistanceToShortStrikePct * underlyingPrice').type).toEqual({ t: 'number', unit: 'price' });
  });

  it('refuses currency + fraction at the + operator, with both sides named', () => {
    const r = check('pnl + pnlPct');
    expect(r.issues).toEqual([expect.objectContaining({ code: 'TW_FACTS_UNIT_MISMATCH', at: 4 })]);
    expect(r.issues[0].params.problem).toContain('currency (pnl) with fraction (pnlPct)');
  });

  it('refuses comparing and mixing mismatched units, and products of two units', () => {
    expect(codes(check('dte > pnl'))).toEqual(['TW_FACTS_UNIT_MISMATCH']);
    expect(codes(check('max(dte, vix)'))).toEqual(['TW_FACTS_UNIT_MISMATCH']);
    expect(codes(check('if(itm, pnl, dte)'))).toEqual(['TW_FACTS_UNIT_MISMATCH']);
    expect(codes(check('pnl * dte'))).toEqual(['TW_FACTS_UNIT_MISMATCH']);
    expect(check('pnl / dte', { onZeroNull: true }).type).toEqual({ t: 'number', unit: 'dollars-per-day' });
  });

  it('lets a plain number adopt the unit it meets, and lets ratio and fraction mix', () => {
    expect(check('vix - 20').type).toEqual({ t: 'number', unit: 'index-points' });
    expect(check('lossMultipleOfCredit + pnlPct').type).toEqual({ t: 'number', unit: 'fraction' });
    expect(check('pnlPct > 0.5 && itm').type).toEqual({ t: 'boolean' });
  });
});

describe('checking derived-fact expressions: names and types', () => {
  it('reports an unknown fact at its token with a did-you-mean', () => {
    const r = check('pnll / 2');
    expect(r.issues).toEqual([expect.objectContaining({ code: 'TW_FACTS_UNKNOWN_NAME', at: 0 })]);
    expect(r.issues[0].params.suggestion).toContain('"pnl"');
  });

  it('reports an unknown function and wrong argument counts at the call', () => {
    expect(check('maxx(pnl, 1)').issues).toEqual([expect.objectContaining({ code: 'TW_FACTS_UNKNOWN_NAME', at: 0, params: expect.objectContaining({ suggestion: expect.stringContaining('"max"') }) })]);
    expect(codes(check('if(itm, 1)'))).toEqual(['TW_FACTS_ARGUMENTS']);
    expect(codes(check('coalesce(pnl)'))).toEqual(['TW_FACTS_ARGUMENTS']);
    expect(codes(check('round(pnl, 1.5)'))).toEqual(['TW_FACTS_ARGUMENTS']);
  });

  it('refuses text facts, numbers where true/false is needed and the reverse', () => {
    expect(codes(check('strategy + 1'))).toEqual(['TW_FACTS_TYPE']);
    expect(codes(check('if(pnl, 1, 2)'))).toEqual(['TW_FACTS_TYPE']);
    expect(codes(check('itm + 1'))).toEqual(['TW_FACTS_TYPE']);
    expect(codes(check('!pnl'))).toEqual(['TW_FACTS_TYPE']);
  });
});

describe('checking derived-fact expressions: division by zero', () => {
  it('requires a division by a fact to say what happens, at the / operator', () => {
    expect(check('pnl / credit').issues).toEqual([expect.objectContaining({ code: 'TW_FACTS_DIVISION_BY_ZERO', at: 4, params: { divisor: 'credit' } })]);
    expect(codes(check('pnl / (credit - debit)'))).toEqual(['TW_FACTS_DIVISION_BY_ZERO']);
  });

  it('accepts onZero: null, a guard on the divisor in if(), a coalesce fallback, and a non-zero literal', () => {
    expect(check('pnl / credit', { onZeroNull: true }).issues).toEqual([]);
    expect(check('if(credit > 0, pnl / credit, 0)').issues).toEqual([]);
    expect(check('if(0 < credit && itm, pnl / credit, 0)').issues).toEqual([]);
    expect(check('if(credit == 0, 0, pnl / credit)').issues).toEqual([]);
    expect(check('if(credit - debit != 0, pnl / (credit - debit), 0)').issues).toEqual([]);
    expect(check('coalesce(pnl / credit, 0)').issues).toEqual([]);
    expect(check('pnl / 4').issues).toEqual([]);
  });

  it('does not take a guard that proves nothing, or one on the wrong branch', () => {
    expect(codes(check('if(credit > -1, pnl / credit, 0)'))).toEqual(['TW_FACTS_DIVISION_BY_ZERO']);
    expect(codes(check('if(credit > 0, 0, pnl / credit)'))).toEqual(['TW_FACTS_DIVISION_BY_ZERO']);
    expect(codes(check('if(debit > 0, pnl / credit, 0)'))).toEqual(['TW_FACTS_DIVISION_BY_ZERO']);
    expect(codes(check('coalesce(0, pnl / credit)'))).toEqual(['TW_FACTS_DIVISION_BY_ZERO']);
  });
});

describe('the function table (engine/expr/functions.ts)', () => {
  it('checks every function\'s argument count from its entry, and documents it in docs/facts.md', () => {
    const doc = renderDerivedFactsDoc();
    for (const fn of FUNCTIONS) {
      const spec = FUNCTION_SPECS[fn];
      expect(doc).toContain(spec.doc);
      const args = (n: number) => Array.from({ length: n }, () => 'credit > 0').join(', ');
      if (spec.min > 0) expect(codes(check(`${fn}(${args(spec.min - 1)})`)), `${fn} with too few`).toEqual(['TW_FACTS_ARGUMENTS']);
      if (Number.isFinite(spec.max)) expect(codes(check(`${fn}(${args(spec.max + 1)})`)), `${fn} with too many`).toEqual(['TW_FACTS_ARGUMENTS']);
    }
  });

  it('gives an eager function\'s result the unit its arguments share', () => {
    for (const fn of FUNCTIONS.filter((f) => 'apply' in FUNCTION_SPECS[f])) expect(check(`${fn}(pnl)`).type, fn).toEqual({ t: 'number', unit: 'currency' });
  });
});
