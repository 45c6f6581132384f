/**
 * The json-rules-engine reference. It gives rules their meaning (ARCHITECTURE.md) and produces explanations; the
 * compiled predicates must agree with it (test/evaluate/differential.test.ts).
 *
 * - Custom operators (between, outside, absGreaterThanInclusive, crossesAbove, crossesBelow) are registered with the
 *   implementations in ./operators.ts.
 * - A crossing condition on fact `F` is rewritten to read the synthetic fact `crossing:F`, whose value is the pair
 *   `[previous, current]` built from the previous tick's facts; explanations map it back to `F`.
 * - Facts are passed as runtime facts with `allowUndefinedFacts: true`, so a missing fact is `undefined` as in the
 *   compiled path.
 * - Every call builds its own Engine and awaits each `run()` before the next: one Engine never runs concurrently
 *   (LIBRARIES.md: concurrent runs silently skip rules).
 */
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { twError } from '../errors/index.ts';
import type { ConditionNode, ConditionTree } from '../config/types.ts';
import { isLeaf } from './bind.ts';
import * as ops from './operators.ts';
import type { CompiledRule } from './rule-set.ts';
import type { Facts, FactValue } from './types.ts';

/** Rewrites crossing leaves to the synthetic `crossing:F` fact. Returns a new tree. */
export function toJreConditions(tree: ConditionTree): TopLevelCondition {
  const walk = (n: ConditionNode): unknown => {
    if (isLeaf(n)) return ops.CROSSING_OPERATORS.has(n.operator) ? { ...n, fact: ops.CROSSING_PREFIX + n.fact } : { ...n };
    if ('any' in n) return { any: n.any.map(walk) };
    if ('all' in n) return { all: n.all.map(walk) };
    return { not: walk((n as { not: ConditionNode }).not) };
  };
  return walk(tree) as TopLevelCondition;
}

/** An Engine with tickwise's operators and no rules. */
export function newReferenceEngine(): Engine {
  const e = new Engine([], { allowUndefinedFacts: true });
  e.addOperator('between', (a: unknown, v: unknown) => ops.between(a, v));
  e.addOperator('outside', (a: unknown, v: unknown) => ops.outside(a, v));
  e.addOperator('absGreaterThanInclusive', (a: unknown, v: unknown) => ops.absGreaterThanInclusive(a, v));
  e.addOperator('crossesAbove', (pair: unknown, v: unknown) => Array.isArray(pair) && ops.crossesAbove(pair[0], pair[1], v));
  e.addOperator('crossesBelow', (pair: unknown, v: unknown) => Array.isArray(pair) && ops.crossesBelow(pair[0], pair[1], v));
  return e;
}

/** json-rules-engine needs a positive priority; ours may be anything, and we order rules ourselves anyway. */
export function jreRule(name: string, when: ConditionTree): RuleProperties {
  return { name, priority: 1, conditions: toJreConditions(when), event: { type: name } };
}

/** Position facts merged over portfolio facts (an `undefined` value counts as absent), plus crossing pairs. */
export function runtimeFacts(p: Facts, g: Facts, pp: Facts | undefined, pg: Facts | undefined, crossingFacts: Iterable<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(g)) if (g[k] !== undefined) out[k] = g[k];
  for (const k of Object.keys(p)) if (p[k] !== undefined) out[k] = p[k];
  for (const f of crossingFacts) {
    const prev: FactValue | undefined = pp?.[f] !== undefined ? pp[f] : pg?.[f];
    out[ops.CROSSING_PREFIX + f] = [prev, out[f]];
  }
  return out;
}

/**
 * Runs `rules` through one fresh Engine for every fact set, strictly one run at a time.
 * Returns, per fact set, the names of the rules that matched.
 */
export async function runReference(rules: readonly CompiledRule[], factSets: ReadonlyArray<Record<string, unknown>>): Promise<Set<string>[]> {
  const engine = newReferenceEngine();
  for (const r of rules) engine.addRule(jreRule(r.name, r.when));
  const out: Set<string>[] = [];
  for (const facts of factSets) {
    try {
      const res = await engine.run(facts);
      out.push(new Set(res.results.map((x) => x.name as string)));
    } catch (cause) {
      throw twError('TW_EVALUATE_REFERENCE_FAILED', { rule: rules.map((r) => r.name).join(', '), reason: (cause as Error).message }, { cause });
    }
  }
  return out;
}
