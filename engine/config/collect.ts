import type { Finding, RuleConfig, StrategyConfig, SettingsConfig } from './types.ts';
import { finding } from './finding.ts';
import { whereAt, type ParsedFile } from './locate.ts';
import { conditionTooDeepAt, MAX_CONDITION_DEPTH } from './depth.ts';
import { schemaCheck } from './schema-check.ts';
import { isRecord } from './walk.ts';
import { pointerSegments } from './locate.ts';
import type { RuleEntry, SettingsEntry, StrategyEntry } from './entries.ts';

/**
 * What the semantic checks can still use of a file that failed the schema: the schema is checked per rule and per
 * strategy, so one broken rule does not hide the checks of the others (validation reports every finding it can in
 * one run). A broken item is kept as a sketch (what could be read of it), so cross-checks that depend on it are
 * skipped instead of reported wrongly.
 */
export interface BrokenRule {
  /** The name when it is readable text, else null. */
  name: string | null;
  /** `position`, `portfolio`, or null when unreadable. */
  scope: string | null;
  /** Strategy names or tags when readable; undefined when absent (every strategy); null when unreadable. */
  appliesTo: string[] | null | undefined;
}

export interface RulesCollected {
  rules: RuleEntry[];
  broken: BrokenRule[];
  /** A rules file that could not be parsed, or whose `rules` list is unreadable: nothing is known about its rules. */
  unknown: boolean;
}

export interface StrategiesCollected {
  strategies: StrategyEntry[];
  /** Every strategy passed the schema (cross-checks from rules to strategies are meaningful). */
  complete: boolean;
  /** null when there are none, or settings failed the schema (then `settingsOk` is false). */
  settings: SettingsEntry | null;
  settingsOk: boolean;
}

/** Index of the list item a pointer falls under (`/rules/3/when` → 3 for `rules`), or null. */
function itemIndex(pointer: string, list: string): number | null {
  const m = new RegExp(`^/${list}/(\\d+)(?:/|$)`).exec(pointer);
  return m ? Number(m[1]) : null;
}

/** Pointers with a problem: the findings', and the `<<` keys found while parsing (reported there). */
function blocked(file: ParsedFile, findings: readonly Finding[]): string[] {
  return [...findings.map((f) => f.pointer), ...(file.mergeMaps ?? []).map((p) => `${p}/<<`)];
}

function depthFinding(file: ParsedFile, when: unknown, pointer: string): Finding | null {
  const deep = conditionTooDeepAt(when, pointer);
  return deep === null ? null : finding('TW_CONFIG_TOO_DEEP', { what: 'all/any/not conditions', limit: MAX_CONDITION_DEPTH, unit: 'levels' }, whereAt(file, deep));
}

/**
 * Schema-checks one rules file and adds its rules (the ones without findings) to `into`. Returns the findings. The
 * schema knows only catalogue facts: a name of `derived` (facts.yaml) is not an unknown fact.
 */
export function collectRules(file: ParsedFile, into: RulesCollected, derived?: ReadonlyMap<string, unknown>): Finding[] {
  const findings = schemaCheck(file, 'rules').filter((f) => !(derived && f.code === 'TW_CONFIG_UNKNOWN_FACT' && derived.has(String(valueAt(file.data, f.pointer)))));
  const list = isRecord(file.data) ? file.data.rules : undefined;
  if (!Array.isArray(list)) {
    into.unknown = true;
    return findings;
  }
  list.forEach((item, i) => {
    const deep = isRecord(item) ? depthFinding(file, item.when, `/rules/${i}/when`) : null;
    if (deep) findings.push(deep);
    if (!deep && !blocked(file, findings).some((p) => itemIndex(p, 'rules') === i)) {
      into.rules.push({ rule: item as RuleConfig, file, pointer: `/rules/${i}`, order: into.rules.length + into.broken.length });
      return;
    }
    const r = isRecord(item) ? item : {};
    const applies = r.appliesTo;
    into.broken.push({
      name: typeof r.name === 'string' ? r.name : null,
      scope: r.scope === 'position' || r.scope === 'portfolio' ? r.scope : null,
      appliesTo: applies === undefined ? undefined : Array.isArray(applies) && applies.every((t) => typeof t === 'string') ? applies : null,
    });
  });
  return findings;
}

/** Schema-checks strategies.yaml and collects the strategies and settings that passed. */
export function collectStrategies(file: ParsedFile): { collected: StrategiesCollected; findings: Finding[] } {
  const findings = schemaCheck(file, 'strategies');
  const data = isRecord(file.data) ? file.data : {};
  const list = data.strategies;
  const collected: StrategiesCollected = { strategies: [], complete: Array.isArray(list), settings: null, settingsOk: true };
  if (Array.isArray(list)) {
    list.forEach((item, i) => {
      const deep = isRecord(item) && isRecord(item.entry) ? depthFinding(file, item.entry.when, `/strategies/${i}/entry/when`) : null;
      if (deep) findings.push(deep);
      if (!deep && !blocked(file, findings).some((p) => itemIndex(p, 'strategies') === i)) collected.strategies.push({ strategy: item as StrategyConfig, file, pointer: `/strategies/${i}` });
      else collected.complete = false;
    });
  }
  collected.settingsOk = !blocked(file, findings).some((p) => p === '/settings' || p.startsWith('/settings/'));
  if (collected.settingsOk && isRecord(data.settings)) collected.settings = { settings: data.settings as SettingsConfig, file };
  return { collected, findings };
}

/** Whether a broken rule might manage strategy `s` (then the checks that depend on its rules are skipped). */
export function mayManage(b: BrokenRule, s: StrategyConfig): boolean {
  if (b.scope === 'portfolio') return false;
  if (s.manage.rules) return b.name === null || s.manage.rules.includes(b.name);
  if (b.appliesTo === undefined || b.appliesTo === null) return true;
  return b.appliesTo.some((t) => t === s.name || (s.tags ?? []).includes(t));
}

/** The plain value at a JSON pointer, or undefined. */
function valueAt(data: unknown, pointer: string): unknown {
  let v = data;
  for (const seg of pointerSegments(pointer)) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
  return v;
}
