import { describe, expect, it } from 'vitest';
import { FACTS, FACTS_BY_NAME, OPERATORS, UNITS, factNames } from '../../engine/catalogue/index.ts';

describe('the fact and operator catalogue', () => {
  it('names every fact once, in camelCase, with a known unit, a description and an example of its type', () => {
    expect(new Set(FACTS.map((f) => f.name)).size).toBe(FACTS.length);
    for (const f of FACTS) {
      expect(f.name).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(Object.keys(UNITS)).toContain(f.unit);
      expect(f.description.length).toBeGreaterThan(10);
      expect(typeof f.example).toBe(f.type);
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
});
