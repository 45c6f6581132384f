// The shipped rules (rules/*.yaml + strategies.yaml) compiled and held against json-rules-engine on random fact sets
// whose values sit on, just under and just over every threshold the rules use.
import { describe, expect, it } from 'vitest';
import { FACTS, FACTS_BY_NAME } from '../../engine/catalogue/index.ts';
import { loadConfigDir } from '../../engine/config/index.ts';
import type { ConditionNode } from '../../engine/config/types.ts';
import { compileRuleSet, evaluateTick, evaluateWithJsonRulesEngine, explain, explainEntry, type CompiledRuleSet, type FactValue, type PositionInput } from '../../engine/evaluate/index.ts';
import { Gen } from './random.ts';
import { shippedRuleNames } from '../support/shipped-config.ts';

const loaded = await loadConfigDir(new URL('../..', import.meta.url).pathname);
const set: CompiledRuleSet = compileRuleSet(loaded.config!);

/** Every number a bound condition compares a fact with, per fact. */
function thresholds(): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const add = (f: string, v: unknown) => {
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'number') out.set(f, [...(out.get(f) ?? []), x]);
  };
  const walk = (n: ConditionNode) => {
    if ('fact' in n) add(n.fact, n.value);
    else if ('all' in n) n.all.forEach(walk);
    else if ('any' in n) n.any.forEach(walk);
    else walk(n.not);
  };
  for (const r of set.portfolioRules) walk(r.when);
  for (const rules of set.positionRules.values()) for (const r of rules) walk(r.when);
  for (const e of set.entries.values()) if (e.when) walk(e.when);
  return out;
}
const THRESHOLDS = thresholds();

function factValue(g: Gen, name: string): FactValue | undefined {
  const spec = FACTS_BY_NAME.get(name)!;
  if (g.chance(0.03)) return null;
  if (g.chance(0.02)) return undefined;
  if (spec.type === 'boolean') return g.chance(0.5);
  if (spec.type === 'list') return (g.chance(0.5) ? ['credit'] : []) as unknown as FactValue; // bound from the strategy; a stray value must not matter
  if (spec.type === 'string') return spec.values ? g.pick(spec.values) : String(spec.example);
  const ts = THRESHOLDS.get(name);
  if (ts && g.chance(0.7)) {
    const t = g.pick(ts);
    const sign = g.chance(0.5) ? 1 : -1;
    return g.pick([t, t, -t, t + sign * 1e-9, t + sign * Math.max(Math.abs(t) * 0.05, 0.01)]);
  }
  const ex = Number(spec.example);
  return ex * (g.rand() * 4 - 2);
}

function facts(g: Gen, scope: 'position' | 'portfolio' | 'entry'): Record<string, FactValue | undefined> {
  return Object.fromEntries(FACTS.filter((f) => f.scope === scope).map((f) => [f.name, factValue(g, f.name)]));
}

describe('the shipped rules', () => {
  it('load and compile, one compiled rule per rule in rules/*.yaml', () => {
    expect(loaded.config).not.toBeNull();
    expect(set.config.rules.map((r) => r.name).sort()).toEqual(shippedRuleNames().sort());
  });

  it('agree with json-rules-engine on thousands of random ticks, position by position', async () => {
    const g = new Gen(4242);
    const strategies = [...set.positionRules.keys()];
    for (let round = 0; round < 10; round++) {
      const positions: PositionInput[] = Array.from({ length: 300 }, (_, i) => ({
        id: `p${i}`, strategy: g.pick(strategies), phase: g.chance(0.85) ? 'managed' : 'closing', hold: g.chance(0.03),
        facts: facts(g, 'position'), prevFacts: g.chance(0.8) ? facts(g, 'position') : undefined,
      }));
      const input = { portfolio: facts(g, 'portfolio'), prevPortfolio: facts(g, 'portfolio'), positions };
      const fast = evaluateTick(set, input);
      expect(await evaluateWithJsonRulesEngine(set, input)).toEqual(fast);
    }
  });

  it('fire on random fact sets often enough for the agreement to mean something', () => {
    const g = new Gen(1);
    const fired = new Set<string>();
    const strategies = [...set.positionRules.keys()];
    for (let i = 0; i < 2000; i++) {
      const ev = evaluateTick(set, { portfolio: facts(g, 'portfolio'), positions: [{ id: 'p', strategy: g.pick(strategies), phase: 'managed', hold: false, facts: facts(g, 'position') }] });
      for (const e of [...ev.portfolioTrace.entries, ...ev.traces.get('p')!.entries]) if (e.matched) fired.add(e.rule);
    }
    expect([...fired].sort()).toEqual(set.config.rules.map((r) => r.name).sort());
  });

  it('have entry conditions that agree with their json-rules-engine explanation', async () => {
    const g = new Gen(77);
    for (let i = 0; i < 300; i++) {
      for (const strategy of set.entries.keys()) {
        const f = { ...facts(g, 'portfolio'), ...facts(g, 'entry') };
        const ex = await explainEntry(set, strategy, f);
        expect(ex === null ? true : ex.matched).toBe(set.entryHolds(strategy, f));
      }
    }
  });

  it('explain every rule for every strategy it manages, matching the compiled decision', async () => {
    const g = new Gen(5);
    for (const [strategy, rules] of set.positionRules) {
      for (const r of rules) {
        const f = { ...facts(g, 'portfolio'), ...facts(g, 'position') };
        const ex = await explain(set, r.name, strategy, f);
        expect(ex.matched).toBe(r.predicate(f, {}, undefined, undefined));
      }
    }
  });
});
