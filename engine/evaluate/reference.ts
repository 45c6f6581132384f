/**
 * The json-rules-engine reference. It gives rules their meaning (ARCHITECTURE.md) and produces explanations; the
 * compiled predicates must agree with it (test/evaluate/differential.test.ts).
 *
 * - Every operator the catalogue does not mark `builtIn` is registered from its implementation entry (./operators.ts);
 *   built-ins are json-rules-engine's own code.
 * - A tree is shape-checked first (./shape.ts), as the compiler does, so both reject the same trees with the same code.
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
import { OPERATORS } from '../catalogue/index.ts';
import { isLeaf } from './bind.ts';
import * as ops from './operators.ts';
import { checkConditionTree } from './shape.ts';
import type { CompiledRule } from './rule-set.ts';
import type { BoundFacts, Facts } from './types.ts';

/**
 * Checks the tree's shape (the same coded errors as the compiler) and rewrites crossing leaves to the synthetic
 * `crossing:F` fact. Returns a new tree. `rule` names the rule in errors.
 */
export function toJreConditions(tree: ConditionTree, rule = '(unnamed)'): TopLevelCondition {
  checkConditionTree(tree, rule);
  const walk = (n: ConditionNode): unknown => {
    if (isLeaf(n)) return ops.CROSSING_OPERATORS.has(n.operator) ? { ...n, fact: ops.CROSSING_PREFIX + n.fact } : { ...n };
    if ('any' in n) return { any: n.any.map(walk) };
    if ('all' in n) return { all: n.all.map(walk) };
    if ('not' in n) return { not: walk(n.not) };
    throw new Error('unreachable: checkConditionTree accepted an unknown node'); // the shape check rejects it first
  };
  return walk(tree) as TopLevelCondition;
}

/** An Engine with tickwise's operators (every catalogued operator json-rules-engine does not have) and no rules. */
export function newReferenceEngine(): Engine {
  const e = new Engine([], { allowUndefinedFacts: true });
  for (const o of OPERATORS) {
    if (o.builtIn) continue;
    const impl: ops.OperatorImpl = ops.OPERATOR_IMPLS[o.name];
    if (impl.crossing) e.addOperator(o.name, (pair: unknown, v: unknown) => Array.isArray(pair) && impl.test(pair[1], v, pair[0]));
    else e.addOperator(o.name, (a: unknown, v: unknown) => impl.test(a, v));
  }
  return e;
}

/** json-rules-engine needs a positive priority; ours may be anything, and we order rules ourselves anyway. */
export function jreRule(name: string, when: ConditionTree): RuleProperties {
  return { name, priority: 1, conditions: toJreConditions(when, name), event: { type: name } };
}

/**
 * Position facts merged over portfolio facts (an `undefined` value counts as absent), plus crossing pairs. Bound facts
 * (a strategy's facts from its config) win over both, as in the compiled predicate.
 */
export function runtimeFacts(p: Facts, g: Facts, pp: Facts | undefined, pg: Facts | undefined, crossingFacts: Iterable<string>, bound: BoundFacts = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(g)) if (g[k] !== undefined) out[k] = g[k];
  for (const k of Object.keys(p)) if (p[k] !== undefined) out[k] = p[k];
  for (const k of Object.keys(bound)) out[k] = bound[k];
  for (const f of crossingFacts) {
    const prev: unknown = Object.prototype.hasOwnProperty.call(bound, f) ? bound[f] : pp?.[f] !== undefined ? pp[f] : pg?.[f];
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
