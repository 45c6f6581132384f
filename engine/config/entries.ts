import type { ParsedFile } from './locate.ts';
import type { RuleConfig, StrategyConfig, SettingsConfig } from './types.ts';

/** A rule as read from its file, with where it came from and its position in file order. */
export interface RuleEntry {
  rule: RuleConfig;
  file: ParsedFile;
  pointer: string;
  /** Global file order (files sorted by path, rules in file order): the tie-break after priority. */
  order: number;
}

export interface StrategyEntry {
  strategy: StrategyConfig;
  file: ParsedFile;
  pointer: string;
}

export interface SettingsEntry {
  settings: SettingsConfig;
  file: ParsedFile;
}

/** Evaluation order: portfolio scope first, then position scope; within a scope priority desc, then file order. */
export function byEvaluationOrder(a: RuleEntry, b: RuleEntry): number {
  const scope = (e: RuleEntry) => (e.rule.scope === 'portfolio' ? 0 : 1);
  return scope(a) - scope(b) || b.rule.priority - a.rule.priority || a.order - b.order;
}

export const isEnabled = (e: RuleEntry) => e.rule.enabled !== false;

/** The enabled position rules that manage a strategy, in evaluation order. */
export function rulesForStrategy(s: StrategyConfig, rules: readonly RuleEntry[], includeDisabled = false): RuleEntry[] {
  const position = rules.filter((e) => e.rule.scope === 'position' && (includeDisabled || isEnabled(e)));
  const chosen = s.manage.rules
    ? position.filter((e) => s.manage.rules!.includes(e.rule.name))
    : position.filter((e) => !e.rule.appliesTo || e.rule.appliesTo.some((t) => t === s.name || (s.tags ?? []).includes(t)));
  return [...chosen].sort(byEvaluationOrder);
}
