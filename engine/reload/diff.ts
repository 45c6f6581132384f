/**
 * The semantic diff between the running config version and a candidate: rules and strategies added, removed or
 * changed (field by field), thresholds (effective rule parameters) changed with their old and new values, settings.
 * Where a thing is written (`source`) and the derived forms are not compared; comments and formatting never show.
 */
import type { ResolvedConfig, ResolvedRule, ResolvedStrategy } from '../config/types.ts';
import { deepDiff, factAt, omit } from './deep-diff.ts';
import type { ConfigDiff, FieldChange, RuleChange, StrategyChange, ThresholdChange } from './types.ts';

/** Fields of a resolved strategy that are derived or positional: compared through `rules` and thresholds instead. */
const STRATEGY_DERIVED = ['source', 'rules', 'ruleParams'];

export function diffConfigs(from: ResolvedConfig, to: ResolvedConfig): ConfigDiff {
  const rules = diffByName(from.rules, to.rules, diffRule);
  const strategies = diffByName(from.strategies, to.strategies, diffStrategy);
  const thresholds = [...strategyThresholds(from, to), ...portfolioThresholds(from, to)];
  const settings = deepDiff(omit(from.settings, ['params']), omit(to.settings, ['params']));
  const files = { added: to.files.filter((f) => !from.files.includes(f)), removed: from.files.filter((f) => !to.files.includes(f)) };
  const empty = rules.added.length + rules.removed.length + rules.changed.length + strategies.added.length + strategies.removed.length
    + strategies.changed.length + thresholds.length + settings.length === 0;
  return { from: from.version, to: to.version, rules, strategies, thresholds, settings, files, empty };
}

function diffByName<T extends { name: string }, C>(from: readonly T[], to: readonly T[], diff: (a: T, b: T) => C | null) {
  const before = new Map(from.map((x) => [x.name, x]));
  const after = new Map(to.map((x) => [x.name, x]));
  const changed: C[] = [];
  for (const [name, b] of after) {
    const a = before.get(name);
    const c = a ? diff(a, b) : null;
    if (c) changed.push(c);
  }
  return {
    added: [...after.keys()].filter((n) => !before.has(n)),
    removed: [...before.keys()].filter((n) => !after.has(n)),
    changed,
  };
}

function diffRule(a: ResolvedRule, b: ResolvedRule): RuleChange | null {
  const changes = withFacts(deepDiff(omit(a, ['source']), omit(b, ['source'])), a, b);
  return changes.length ? { rule: b.name, changes } : null;
}

function diffStrategy(a: ResolvedStrategy, b: ResolvedStrategy): StrategyChange | null {
  // manage.params are overrides: their effect is reported as thresholds; keep the written change too.
  const changes = withFacts(deepDiff(omit(a, STRATEGY_DERIVED), omit(b, STRATEGY_DERIVED)), a, b);
  const rulesAdded = b.rules.filter((r) => !a.rules.includes(r));
  const rulesRemoved = a.rules.filter((r) => !b.rules.includes(r));
  const order = rulesAdded.length === 0 && rulesRemoved.length === 0 && a.rules.join() !== b.rules.join();
  if (order) changes.push({ path: 'rules (evaluation order)', from: [...a.rules], to: [...b.rules] });
  return changes.length || rulesAdded.length || rulesRemoved.length ? { strategy: b.name, changes, rulesAdded, rulesRemoved } : null;
}

function withFacts(changes: FieldChange[], a: object, b: object): FieldChange[] {
  return changes.map((c) => {
    const fact = factAt(b, c.path) ?? factAt(a, c.path);
    return fact ? { ...c, fact } : c;
  });
}

function strategyThresholds(from: ResolvedConfig, to: ResolvedConfig): ThresholdChange[] {
  const out: ThresholdChange[] = [];
  const before = new Map(from.strategies.map((s) => [s.name, s]));
  for (const s of to.strategies) {
    const old = before.get(s.name);
    if (!old) continue;
    for (const [rule, params] of Object.entries(s.ruleParams)) {
      const oldParams = old.ruleParams[rule];
      if (!oldParams) continue;
      for (const [param, value] of Object.entries(params)) {
        if (param in oldParams && oldParams[param] !== value) out.push({ scope: 'strategy', strategy: s.name, rule, param, from: oldParams[param], to: value });
      }
    }
  }
  return out;
}

function portfolioThresholds(from: ResolvedConfig, to: ResolvedConfig): ThresholdChange[] {
  const out: ThresholdChange[] = [];
  for (const [rule, params] of Object.entries(to.portfolioRuleParams)) {
    const oldParams = from.portfolioRuleParams[rule];
    if (!oldParams) continue;
    for (const [param, value] of Object.entries(params)) {
      if (param in oldParams && oldParams[param] !== value) out.push({ scope: 'portfolio', strategy: null, rule, param, from: oldParams[param], to: value });
    }
  }
  return out;
}
