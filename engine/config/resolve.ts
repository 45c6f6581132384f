import { createHash } from 'node:crypto';
import { EXCLUSIVE_ACTIONS, type ParamValue, type ResolvedDerivedFact, type ResolvedConfig, type ResolvedDegradedSettings, type ResolvedMarks, type ResolvedRule, type ResolvedStrategy } from './types.ts';
import { whereAt } from './locate.ts';
import { byEvaluationOrder, isEnabled, rulesForStrategy, type RuleEntry, type SettingsEntry, type StrategyEntry } from './entries.ts';

export const DEFAULT_STARTING_EQUITY = 100_000;
/** `settings.degraded` defaults (the schema declares the same; docs/configuration.md, docs/operations.md). */
/** A strategy's `marks:` when it says nothing: stale after 5 minutes, and price-based rules hold. */
export const MARKS_DEFAULTS: ResolvedMarks = Object.freeze({ maxAgeSec: 300, onStale: 'hold' });
export const DEGRADED_DEFAULTS: ResolvedDegradedSettings = Object.freeze({ staleShare: 0.2, maxMarkAgeSec: 300, silentFeedSec: 600, recoverTicks: 3 });
export const DEFAULT_RISK_FREE_RATE = 0.04;

/** The config version: `cfg-` + 12 hex of sha256 over every file's path and text (sorted by path). */
export function configVersion(files: readonly { path: string; text: string }[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(f.path).update('\u0000').update(f.text).update('\u0000');
  }
  return `cfg-${hash.digest('hex').slice(0, 12)}`;
}

function defaults(e: RuleEntry): Record<string, ParamValue> {
  return Object.fromEntries(Object.entries(e.rule.params ?? {}).map(([k, p]) => [k, p.default]));
}

/** Builds the resolved, deeply frozen config from checked entries (call only when there are no error findings). */
export function resolveConfig(
  version: string,
  files: readonly string[],
  rules: readonly RuleEntry[],
  strategies: readonly StrategyEntry[],
  settings: SettingsEntry | null,
  sources: readonly { path: string; text: string }[] = [],
  derivedFacts: readonly ResolvedDerivedFact[] = [],
): ResolvedConfig {
  const ordered = rules.filter(isEnabled).sort(byEvaluationOrder);
  const resolvedRules: ResolvedRule[] = ordered.map((e) => ({
    name: e.rule.name,
    description: e.rule.description,
    priority: e.rule.priority,
    scope: e.rule.scope,
    severity: e.rule.severity,
    escalation: e.rule.escalation === true,
    exclusive: EXCLUSIVE_ACTIONS.includes(e.rule.then.action),
    appliesTo: e.rule.appliesTo ?? null,
    when: structuredClone(e.rule.when),
    then: structuredClone(e.rule.then),
    params: defaults(e),
    source: whereAt(e.file, `${e.pointer}`),
  }));
  const resolvedStrategies: ResolvedStrategy[] = strategies.map((e) => {
    const s = structuredClone(e.strategy);
    const managing = rulesForStrategy(s, ordered);
    const ruleParams: Record<string, Record<string, ParamValue>> = {};
    for (const r of managing) {
      const p = defaults(r);
      for (const k of Object.keys(p)) if (s.manage.params && k in s.manage.params) p[k] = s.manage.params[k];
      ruleParams[r.rule.name] = p;
    }
    const { manage, tags, enabled, allowUndefinedRisk, marks, ...rest } = s;
    return {
      ...rest,
      marks: { ...MARKS_DEFAULTS, ...marks },
      enabled: enabled !== false,
      tags: tags ?? [],
      allowUndefinedRisk: allowUndefinedRisk === true,
      manage: { ...manage, pinConfigVersion: manage.pinConfigVersion === true },
      rules: managing.map((r) => r.rule.name),
      ruleParams,
      source: whereAt(e.file, e.pointer),
    };
  });
  const settingsParams = settings?.settings.params ?? {};
  const portfolioRuleParams: Record<string, Record<string, ParamValue>> = {};
  for (const r of ordered.filter((x) => x.rule.scope === 'portfolio')) {
    const p = defaults(r);
    for (const k of Object.keys(p)) if (k in settingsParams) p[k] = settingsParams[k];
    portfolioRuleParams[r.rule.name] = p;
  }
  const s = settings?.settings;
  return deepFreeze({
    version,
    rules: resolvedRules,
    strategies: resolvedStrategies,
    settings: {
      params: { ...settingsParams },
      startingEquity: s?.startingEquity ?? DEFAULT_STARTING_EQUITY,
      riskFreeRate: s?.riskFreeRate ?? DEFAULT_RISK_FREE_RATE,
      reload: { maxClosesWithoutForce: s?.reload?.maxClosesWithoutForce ?? null },
      degraded: { ...DEGRADED_DEFAULTS, ...s?.degraded },
    },
    portfolioRuleParams,
    ...(derivedFacts.length > 0 ? { derivedFacts: structuredClone([...derivedFacts]) } : {}),
    files: [...files],
    sources: sources.map((f) => ({ path: f.path, text: f.text })),
  });
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
