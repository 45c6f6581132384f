import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRuleSet, conditionOutcomes, type CompiledRule, type Facts } from '../../engine/evaluate/index.ts';
import type { ConditionNode, ConditionTree } from '../../engine/config/types.ts';
import { config, rule, strategy } from '../evaluate/fixtures.ts';
import { Gen, randomFacts, randomTree } from '../evaluate/random.ts';

function compiled(when: ConditionTree): CompiledRule {
  const r = rule('r', 10, when, { action: 'close' });
  return compileRuleSet(config([r], [strategy('s', [r])])).positionRules.get('s')![0];
}

const tp = compiled({ all: [{ fact: 'pnlPct', operator: 'greaterThanInclusive', value: 0.5 }, { fact: 'chainPnl', operator: 'greaterThan', value: 0 }] });
const vix = compiled({ any: [{ fact: 'vix', operator: 'greaterThanInclusive', value: 35 }, { fact: 'vixChangePct', operator: 'greaterThanInclusive', value: 0.2 }] });
const EMPTY: Facts = {};

describe('condition coverage of one rule on one set of facts', () => {
  it('marks reached exactly the leaves whose facts the compiled predicate reads', () => {
    const gen = new Gen(22);
    const trees = Array.from({ length: 60 }, () => distinctFacts(randomTree(gen)) as ConditionTree);
    const rules = trees.map(compiled);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: trees.length - 1 }), fc.integer({ min: 1, max: 2 ** 30 }), (i, seed) => {
        const n = countLeaves(trees[i]);
        const g = new Gen(seed);
        const facts = randomFacts(g, Array.from({ length: n }, (_, k) => `f${k}`));
        const reads = new Set<string>();
        const spy = new Proxy(facts, { get: (t, k) => { if (typeof k === 'string') reads.add(k); return t[k as string]; } });
        const matched = rules[i].predicate(spy, EMPTY, undefined, undefined);
        const o = conditionOutcomes(rules[i], facts, EMPTY, undefined, undefined);
        expect(o.matched).toBe(matched);
        expect(o.leaves.filter((l) => l.reached).map((l) => l.fact).sort()).toEqual([...reads].sort());
      }),
      { numRuns: 400, seed: 22, interruptAfterTimeLimit: 4000 },
    );
  });

  it('does not reach the second leaf of an all when the first is false, but still computes its own result', () => {
    const o = conditionOutcomes(tp, { pnlPct: 0.3, chainPnl: 50 }, EMPTY, undefined, undefined);
    expect(o.matched).toBe(false);
    expect(o.leaves.map((l) => [l.pointer, l.result, l.reached])).toEqual([['/all/0', false, true], ['/all/1', true, false]]);
  });

  it('reaches every leaf of an all whose leaves are all true', () => {
    const o = conditionOutcomes(tp, { pnlPct: 0.6, chainPnl: -10 }, EMPTY, undefined, undefined);
    expect(o.matched).toBe(false);
    expect(o.leaves.map((l) => [l.result, l.reached])).toEqual([[true, true], [false, true]]);
  });

  it('stops an any at its first true leaf', () => {
    const o = conditionOutcomes(vix, { vix: 40, vixChangePct: 0.5 }, EMPTY, undefined, undefined);
    expect(o.matched).toBe(true);
    expect(o.leaves.map((l) => [l.result, l.reached])).toEqual([[true, true], [true, false]]);
  });

  it('reads portfolio facts under position facts, as the compiled predicate does', () => {
    const o = conditionOutcomes(vix, { vixChangePct: 0.25 }, { vix: 20 }, undefined, undefined);
    expect(o.matched).toBe(true);
    expect(o.leaves.map((l) => [l.fact, l.result, l.reached])).toEqual([['vix', false, true], ['vixChangePct', true, true]]);
  });

  it('agrees with the compiled predicate on random condition trees and fact sets, leaf for leaf in the order written', () => {
    const gen = new Gen(19);
    const trees = Array.from({ length: 60 }, () => randomTree(gen));
    const rules = trees.map(compiled);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: trees.length - 1 }), fc.integer({ min: 1, max: 2 ** 30 }), (i, seed) => {
        const r = rules[i];
        const g = new Gen(seed);
        const p = randomFacts(g);
        const pg = randomFacts(g);
        const pp = randomFacts(g);
        const o = conditionOutcomes(r, p, pg, pp, undefined);
        expect(o.matched).toBe(r.predicate(p, pg, pp, undefined));
        expect(o.leaves.length).toBe(countLeaves(trees[i]));
        // The first leaf written is always evaluated.
        expect(o.leaves[0].reached).toBe(true);
      }),
      { numRuns: 400, seed: 19, interruptAfterTimeLimit: 4000 },
    );
  });
});

/** The same tree with every leaf reading its own fact `f<i>` (a `{ fact }` value becomes the literal 1). */
function distinctFacts(n: ConditionNode, next = { i: 0 }): ConditionNode {
  if ('fact' in n) return { ...n, fact: `f${next.i++}`, value: typeof n.value === 'object' && n.value !== null && !Array.isArray(n.value) ? 1 : n.value };
  if ('all' in n) return { all: n.all.map((c) => distinctFacts(c, next)) };
  if ('any' in n) return { any: n.any.map((c) => distinctFacts(c, next)) };
  return { not: distinctFacts(n.not, next) };
}

function countLeaves(n: unknown): number {
  const o = n as Record<string, unknown>;
  if (Array.isArray(o.all)) return (o.all as unknown[]).reduce<number>((k, c) => k + countLeaves(c), 0);
  if (Array.isArray(o.any)) return (o.any as unknown[]).reduce<number>((k, c) => k + countLeaves(c), 0);
  if (o.not !== undefined) return countLeaves(o.not);
  return 1;
}
