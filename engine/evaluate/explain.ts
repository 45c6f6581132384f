/**
 * Explanations: one rule (or a strategy's entry condition) evaluated by json-rules-engine, condition by condition:
 * for each leaf the fact, the operator, the value as written, the value compared with, the fact value seen and the
 * result. Used by dry-run output and stored with decisions. With a strategy, its bound facts (e.g. `tags`) are seen
 * as the compiled rules see them.
 */
import { twError } from '../errors/index.ts';
import type { ConditionTree, ParamValue } from '../config/types.ts';
import { bindCondition } from './bind.ts';
import { compileCondition } from './compile.ts';
import * as ops from './operators.ts';
import { jreRule, newReferenceEngine, runtimeFacts } from './reference.ts';
import type { CompiledRuleSet } from './rule-set.ts';
import type { BoundFacts, ExplainNode, Explanation, Facts } from './types.ts';
import { strategyFacts } from './strategy-facts.ts';
import { addDerivedFacts } from './derived.ts';

const EMPTY: Facts = Object.freeze({});

type JreNode = Record<string, unknown>;

function toExplainNode(n: JreNode): ExplainNode {
  const result = typeof n.result === 'boolean' ? n.result : null;
  for (const kind of ['any', 'all'] as const) {
    if (Array.isArray(n[kind])) return { kind, result, children: (n[kind] as JreNode[]).map(toExplainNode) };
  }
  if (n.not !== undefined && typeof n.not === 'object') return { kind: 'not', result, children: [toExplainNode(n.not as JreNode)] };
  const fact = String(n.fact);
  if (fact.startsWith(ops.CROSSING_PREFIX)) {
    const pair = Array.isArray(n.factResult) ? n.factResult : [undefined, undefined];
    return { kind: 'leaf', fact: fact.slice(ops.CROSSING_PREFIX.length), operator: String(n.operator), value: n.value, comparedWith: n.valueResult, factValue: pair[1], previousValue: pair[0], result };
  }
  return { kind: 'leaf', fact, operator: String(n.operator), value: n.value, comparedWith: n.valueResult, factValue: n.factResult, result };
}

async function explainTree(name: string, strategy: string | null, when: ConditionTree, params: Readonly<Record<string, unknown>>, facts: Facts, prevFacts: Facts | undefined, bound: BoundFacts = {}): Promise<Explanation> {
  const { crossingFacts } = compileCondition(when, name, bound); // validates exactly as the hot path does
  const engine = newReferenceEngine();
  engine.addRule(jreRule(name, when));
  let res;
  try {
    res = await engine.run(runtimeFacts(facts, EMPTY, prevFacts, undefined, crossingFacts, bound));
  } catch (cause) {
    throw twError('TW_EVALUATE_REFERENCE_FAILED', { rule: name, reason: (cause as Error).message }, { cause });
  }
  const hit = res.results.find((r) => r.name === name);
  const rr = hit ?? res.failureResults.find((r) => r.name === name);
  if (!rr) throw twError('TW_EVALUATE_REFERENCE_FAILED', { rule: name, reason: 'no result came back' });
  // json-rules-engine evaluates the root group directly and leaves its `result` unset: the rule's result is the root's.
  const root = toExplainNode(rr.conditions as unknown as JreNode);
  const conditions = root.kind === 'leaf' ? root : { ...root, result: hit !== undefined };
  return { rule: name, strategy, matched: hit !== undefined, params, conditions };
}

/**
 * Explains one rule for `facts` (position and portfolio facts in one object) and, for crossings, `prevFacts`.
 * With a strategy, the rule is bound to that strategy's parameters; with `null`, a portfolio rule gets the settings'
 * overrides and a position rule its defaults.
 */
export function explain(set: CompiledRuleSet, ruleName: string, strategyName: string | null, facts: Facts, prevFacts?: Facts): Promise<Explanation> {
  const rule = set.config.rules.find((r) => r.name === ruleName);
  if (!rule) return Promise.reject(twError('TW_EVALUATE_UNKNOWN_RULE', { rule: ruleName, version: set.version }));
  let params: Readonly<Record<string, ParamValue>> = rule.params;
  let bound: BoundFacts = {};
  if (rule.scope === 'portfolio') params = set.config.portfolioRuleParams[rule.name] ?? rule.params;
  else if (strategyName !== null) {
    const s = set.config.strategies.find((x) => x.name === strategyName);
    if (!s) return Promise.reject(twError('TW_EVALUATE_UNKNOWN_STRATEGY', { position: '(explain)', strategy: strategyName, version: set.version }));
    params = s.ruleParams[rule.name] ?? rule.params;
    bound = strategyFacts(s);
  }
  try {
    const withDerived = (f: Facts) => addDerivedFacts(set.config, f);
    return explainTree(rule.name, strategyName, bindCondition(rule.when, params, rule.name), params, withDerived(facts), prevFacts && withDerived(prevFacts), bound);
  } catch (e) {
    return Promise.reject(e);
  }
}

/** Explains a strategy's entry condition (`entry.when`); a strategy without one has nothing to explain (null). */
export async function explainEntry(set: CompiledRuleSet, strategyName: string, facts: Facts, prevFacts?: Facts): Promise<Explanation | null> {
  const e = set.entries.get(strategyName);
  if (!e) throw twError('TW_EVALUATE_UNKNOWN_STRATEGY', { position: '(entry)', strategy: strategyName, version: set.version });
  if (!e.when) return null;
  return explainTree(`entry:${strategyName}`, strategyName, e.when, {}, facts, prevFacts);
}
