// Compiled predicates and json-rules-engine agree, rule by rule, on thousands of seeded random fact sets.
import { describe, expect, it } from 'vitest';
import { OPERATORS } from '../../engine/catalogue/index.ts';
import type { ConditionTree } from '../../engine/config/types.ts';
import { compileCondition, compileRuleSet, evaluateTick, evaluateWithJsonRulesEngine, type PositionInput } from '../../engine/evaluate/index.ts';
import { jreRule, newReferenceEngine, runtimeFacts } from '../../engine/evaluate/reference.ts';
import { config, rule, strategy } from './fixtures.ts';
import { isTickwiseError } from '../../engine/errors/index.ts';
import { DEFECTS, FACT_NAMES, Gen, randomFacts, randomMalformed, randomTree } from './random.ts';

interface Case { name: string; tree: ConditionTree }

/** Runs every case through one Engine per fact set batch (sequentially) and through its compiled predicate. */
async function disagreements(cases: Case[], g: Gen, factSets: number): Promise<string[]> {
  const compiled = cases.map((c) => compileCondition(c.tree, c.name));
  const engine = newReferenceEngine();
  cases.forEach((c) => engine.addRule(jreRule(c.name, c.tree)));
  const crossing = [...new Set(compiled.flatMap((c) => c.crossingFacts))];
  const problems: string[] = [];
  for (let i = 0; i < factSets; i++) {
    const p = randomFacts(g, FACT_NAMES.filter(() => g.chance(0.7)));
    const gl = randomFacts(g, FACT_NAMES.filter(() => g.chance(0.5)));
    const pp = g.chance(0.8) ? randomFacts(g) : undefined;
    const pg = g.chance(0.5) ? randomFacts(g) : undefined;
    const res = await engine.run(runtimeFacts(p, gl, pp, pg, crossing));
    const ref = new Set(res.results.map((r) => r.name));
    cases.forEach((c, k) => {
      const fast = compiled[k].predicate(p, gl, pp, pg);
      if (fast !== ref.has(c.name)) problems.push(`${c.name} ${JSON.stringify(c.tree)} facts=${JSON.stringify({ p, gl, pp, pg })} compiled=${fast}`);
    });
  }
  return problems;
}

describe('compiled predicates agree with json-rules-engine', () => {
  for (const op of OPERATORS) {
    it(`for random rules using ${op.name}, with nulls, strings, booleans, boundaries and { fact } values`, async () => {
      const g = new Gen(0x7ea5e + op.name.length * 7919 + op.name.charCodeAt(0));
      const cases = Array.from({ length: 25 }, (_, i) => ({ name: `${op.name}-${i}`, tree: randomTree(g, op) }));
      expect(await disagreements(cases, g, 400)).toEqual([]);
    });
  }

  it('for random rules mixing every operator under all / any / not nesting', async () => {
    const g = new Gen(20240611);
    const cases = Array.from({ length: 60 }, (_, i) => ({ name: `mixed-${i}`, tree: randomTree(g) }));
    expect(await disagreements(cases, g, 2000)).toEqual([]);
  });

  it('for every rule json-rules-engine treats specially: empty all / any, a single child, a not of a group', async () => {
    const g = new Gen(7);
    const cases: Case[] = [
      { name: 'empty-all', tree: { all: [] } },
      { name: 'empty-any', tree: { any: [] } },
      { name: 'single-any', tree: { any: [{ fact: 'a', operator: 'equal', value: null }] } },
      { name: 'not-all', tree: { not: { all: [{ fact: 'a', operator: 'greaterThan', value: 0 }, { fact: 'b', operator: 'lessThan', value: { fact: 'a' } }] } } },
      { name: 'equal-missing-facts', tree: { all: [{ fact: 'a', operator: 'equal', value: { fact: 'b' } }] } },
    ];
    expect(await disagreements(cases, g, 500)).toEqual([]);
  });
});

/** The coded error `f` throws, `no error` when it returns, or the uncoded error's text (a crash, e.g. a TypeError). */
function thrown(f: () => unknown): string {
  try { f(); return 'no error'; } catch (e) { return isTickwiseError(e) ? e.code : `uncoded ${String(e)}`; }
}

describe('a tree json-rules-engine would read differently is refused by both paths, with the same code', () => {
  for (const defect of DEFECTS) {
    it(`for ${defect.name}, anywhere in random trees`, () => {
      const g = new Gen(0xbad + defect.name.length * 131 + defect.name.charCodeAt(2));
      for (let i = 0; i < 30; i++) {
        const tree = randomMalformed(g, defect);
        const where = JSON.stringify(tree);
        expect(thrown(() => compileCondition(tree, `bad-${i}`)), `compiled: ${where}`).toBe(defect.code);
        expect(thrown(() => jreRule(`bad-${i}`, tree)), `reference: ${where}`).toBe(defect.code);
      }
    });
  }

  it('through a whole rule set: compiling it refuses the malformed rule, the reference refuses its tree', () => {
    const g = new Gen(5);
    for (const defect of DEFECTS) {
      const bad = rule('bad', 10, randomMalformed(g, defect), { action: 'close' });
      expect(thrown(() => compileRuleSet(config([bad], [strategy('s1', [bad])]))), defect.name).toBe(defect.code);
      expect(thrown(() => newReferenceEngine().addRule(jreRule('bad', bad.when))), defect.name).toBe(defect.code);
    }
  });
});

describe('a whole tick agrees with the json-rules-engine reference', () => {
  it('on random rule sets, positions, phases and holds', async () => {
    const g = new Gen(99);
    for (let round = 0; round < 5; round++) {
      const actions = ['close', 'roll', 'reduce', 'alert'] as const;
      const posRules = Array.from({ length: 10 }, (_, i) => {
        const action = g.pick(actions);
        return rule(`r${round}-${i}`, g.int(5) * 10, randomTree(g), action === 'reduce' ? { action, fraction: 0.5 } : { action }, { escalation: g.chance(0.3) });
      });
      const pfRules = Array.from({ length: 4 }, (_, i) => rule(`pf${round}-${i}`, g.int(100), randomTree(g), { action: g.pick(['halt-entries', 'halt', 'close-all', 'alert'] as const) }, { scope: 'portfolio' }));
      const all = [...posRules, ...pfRules];
      const set = compileRuleSet(config(all, [strategy('s1', all), strategy('s2', all.filter((_, i) => i % 2 === 0))]));
      const phases = ['managed', 'managed', 'managed', 'closing', 'rolling', 'entry', 'closed'] as const;
      const positions: PositionInput[] = Array.from({ length: 200 }, (_, i) => ({
        id: `p${i}`, strategy: g.pick(['s1', 's2']), phase: g.pick(phases), hold: g.chance(0.1), facts: randomFacts(g), prevFacts: g.chance(0.7) ? randomFacts(g) : undefined,
      }));
      const input = { portfolio: randomFacts(g), prevPortfolio: randomFacts(g), positions };
      expect(await evaluateWithJsonRulesEngine(set, input)).toEqual(evaluateTick(set, input));
    }
  });
});
