import { describe, expect, it } from 'vitest';
import { Engine } from 'json-rules-engine';
import { FACTS, FACTS_BY_NAME, OPERATORS, UNITS, factNames } from '../../engine/catalogue/index.ts';
import { OPERATOR_IMPLS } from '../../engine/evaluate/index.ts';

describe('the fact and operator catalogue', () => {
  it('names every fact once, in camelCase, with a known unit, a description and an example of its type', () => {
    expect(new Set(FACTS.map((f) => f.name)).size).toBe(FACTS.length);
    for (const f of FACTS) {
      expect(f.name).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(Object.keys(UNITS)).toContain(f.unit);
      expect(f.description.length).toBeGreaterThan(10);
      if (f.type === 'list') expect(Array.isArray(f.example) && f.example.every((x) => typeof x === 'string'), f.name).toBe(true);
      else expect(typeof f.example).toBe(f.type);
    }
  });

  it('measures every *Pct fact as a fraction', () => {
    for (const f of FACTS.filter((x) => x.name.endsWith('Pct'))) expect(f.unit, f.name).toBe('fraction');
  });

  it('lists string facts with the values they take, and the example among them', () => {
    for (const f of FACTS.filter((x) => x.values)) expect(f.values).toContain(f.example);
  });

  it('holds the facts the shipped rules are written with', () => {
    for (const name of ['lossMultipleOfCredit', 'underlyingDistanceToShortStrikePct', 'peakPnlPct', 'drawdownFromPeakPct', 'ivChangePct', 'itm', 'dte', 'shortStrikeDelta', 'gamma', 'vix', 'vixChangePct', 'dailyPnlPct', 'drawdownPct', 'consecutiveLosses', 'openPositions', 'positionsPerUnderlying', 'netDelta']) {
      expect(FACTS_BY_NAME.has(name), name).toBe(true);
    }
    expect(factNames(['entry'])).toEqual(expect.arrayContaining(['strategyOpenPositions', 'underlyingLast', 'atmIv']));
  });

  it('includes json-rules-engine built-ins and the tickwise operators, once each', () => {
    const names = OPERATORS.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['equal', 'lessThan', 'greaterThanInclusive', 'in', 'between', 'outside', 'absGreaterThanInclusive', 'crossesAbove', 'crossesBelow']));
    for (const o of OPERATORS.filter((x) => x.value === 'number-pair')) expect(o.builtIn).toBe(false);
  });

  it('gives every operator exactly one implementation entry, and nothing else one', () => {
    expect(Object.keys(OPERATOR_IMPLS).sort()).toEqual(OPERATORS.map((o) => o.name).sort());
  });

  it('marks as built-in exactly the operators json-rules-engine itself has', () => {
    // A fresh Engine holds only json-rules-engine's own operators; removeOperator says whether it had the name.
    for (const o of OPERATORS) expect(new Engine().removeOperator(o.name), o.name).toBe(o.builtIn);
  });

  it('has list facts for contains / doesNotContain, and those operators need one', () => {
    const listOps = OPERATORS.filter((o) => o.fact === 'list').map((o) => o.name);
    expect(listOps).toEqual(expect.arrayContaining(['contains', 'doesNotContain']));
    expect(FACTS.filter((f) => f.type === 'list').map((f) => f.name)).toContain('tags');
  });

  it('leaves strategy-bound facts (tags) out of the facts engine/facts computes', () => {
    expect(FACTS_BY_NAME.get('tags')?.bound).toBe('strategy');
    expect(factNames(['position'])).not.toContain('tags');
    expect(factNames(['position'])).toContain('pnlPct');
  });
});
