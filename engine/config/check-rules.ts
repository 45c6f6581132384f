import { ACTION_PARAMS, ACTIONS_BY_NAME, actionsFor, actionsTaking, type ActionParamName, type FactSpec } from '../catalogue/index.ts';
import { EXCLUSIVE_ACTIONS, type Finding, type RuleActionConfig, type RuleParamConfig } from './types.ts';
import { finding } from './finding.ts';
import { whereAt } from './locate.ts';
import { asFraction, checkConditions, fractionLimit } from './check-conditions.ts';
import { isEnabled, type RuleEntry, type StrategyEntry } from './entries.ts';

/** Every `then` key but `action` is an action parameter of the catalogue (a key missing on either side fails to compile). */
const THEN_KEYS = Object.keys(ACTION_PARAMS) as ActionParamName[];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const KEYS_MATCH: Same<ActionParamName, Exclude<keyof RuleActionConfig, 'action'>> = true;
void KEYS_MATCH;

/** Semantic checks on rules: names, params, conditions, actions, priority ties, shared parameter consistency. */
export function checkRules(rules: readonly RuleEntry[], strategies: readonly StrategyEntry[] | null, derived?: ReadonlyMap<string, FactSpec>): Finding[] {
  const findings: Finding[] = [];
  const firstByName = new Map<string, RuleEntry>();
  const paramDecl = new Map<string, { entry: RuleEntry; param: RuleParamConfig }>();
  for (const e of rules) {
    const { rule, file, pointer } = e;
    const first = firstByName.get(rule.name);
    if (first) {
      const w = whereAt(first.file, `${first.pointer}/name`);
      findings.push(finding('TW_CONFIG_DUPLICATE_NAME', { kind: 'rule', name: rule.name, first: `${w.file}:${w.line}:${w.col}` }, whereAt(file, `${pointer}/name`)));
    } else firstByName.set(rule.name, e);

    const params = rule.params ?? {};
    const paramUses = new Map<string, string[]>();
    const scopes = rule.scope === 'position' ? (['position', 'portfolio'] as const) : (['portfolio'] as const);
    checkConditions(rule.when, `${pointer}/when`, { file, scopeLabel: `${rule.scope} rules`, scopes, rule: { name: rule.name, params }, paramUses, findings, derived });
    checkAction(e, paramUses, findings);

    for (const [name, p] of Object.entries(params)) {
      const at = whereAt(file, `${pointer}/params/${name}/default`);
      if (typeof p.default === 'number') {
        const uses = paramUses.get(name) ?? [];
        const limit = Math.min(...(uses.length ? uses.map(fractionLimit) : [1]));
        if (p.unit === 'fraction' && Math.abs(p.default) > limit) {
          findings.push(finding('TW_CONFIG_PERCENT_SLIP', { where: `default of parameter "${name}"`, value: p.default, what: `"${name}"`, suggested: asFraction(p.default) }, at));
        } else if ((p.min !== undefined && p.default < p.min) || (p.max !== undefined && p.default > p.max)) {
          findings.push(finding('TW_CONFIG_PARAM_MISMATCH', { param: name, problem: `default ${p.default} is outside its own range [${p.min ?? '-∞'}, ${p.max ?? '∞'}]`, expected: 'fix the default or the min/max' }, at));
        }
      }
      if (!paramUses.has(name)) {
        findings.push(finding('TW_CONFIG_UNUSED_PARAM', { param: name, rule: rule.name }, whereAt(file, `${pointer}/params/${name}`, true)));
      }
      const prior = paramDecl.get(name);
      if (!prior) paramDecl.set(name, { entry: e, param: p });
      else if (prior.param.unit !== p.unit || prior.param.default !== p.default || prior.entry.rule.scope !== rule.scope) {
        findings.push(finding('TW_CONFIG_PARAM_MISMATCH', { param: name, problem: `is declared by rules "${prior.entry.rule.name}" and "${rule.name}" with different ${prior.param.unit !== p.unit ? `units (${prior.param.unit}, ${p.unit})` : prior.entry.rule.scope !== rule.scope ? 'scopes' : `defaults (${prior.param.default}, ${p.default})`}`, expected: 'a shared parameter is one setting: give it the same unit and default in every rule, or rename one' }, whereAt(file, `${pointer}/params/${name}`, true)));
      }
    }
  }
  findings.push(...priorityTies(rules));
  if (strategies) findings.push(...appliesToTargets(rules, strategies));
  return findings;
}

function checkAction(e: RuleEntry, paramUses: Map<string, string[]>, findings: Finding[]): void {
  const { rule, file, pointer } = e;
  const then = rule.then;
  const at = (k: string) => whereAt(file, `${pointer}/then/${k}`, k !== 'action');
  const allowed = actionsFor(rule.scope);
  if (!allowed.includes(then.action)) {
    findings.push(finding('TW_CONFIG_ACTION', { action: then.action, problem: `is not available to ${rule.scope} rules`, expected: `${rule.scope} rules use: ${allowed.join(', ')}` }, at('action')));
  }
  const spec = ACTIONS_BY_NAME.get(then.action);
  if (!spec) return; // the schema reports an unknown action
  for (const key of THEN_KEYS) {
    if (then[key] === undefined || spec.params[key] !== undefined) continue;
    const takers = actionsTaking(key);
    const problem = ACTION_PARAMS[key].uselessBecause ?? `does not take "${key}" (only ${takers.join(', ')} ${takers.length === 1 ? 'does' : 'do'})`;
    findings.push(finding('TW_CONFIG_ACTION', { action: then.action, problem, expected: `remove ${key} (${key} is taken by ${takers.join(', ')})` }, at(key)));
  }
  for (const [key, need] of Object.entries(spec.params) as [ActionParamName, string][]) {
    if (need === 'required' && then[key] === undefined) {
      findings.push(finding('TW_CONFIG_ACTION', { action: then.action, problem: `needs ${key}`, expected: `add ${key} (${ACTION_PARAMS[key].description})` }, whereAt(file, `${pointer}/then`)));
    }
  }
  if (then.rollSide === 'tested' && spec.params.rollSide !== undefined) findings.push(finding('TW_CONFIG_ROLL_SIDE', {}, at('rollSide'), 'warning'));
  const params = rule.params ?? {};
  const resolve = (v: number | { param: string } | undefined, key: string): number | null => {
    if (v === undefined || typeof v === 'number') return v ?? null;
    const p = params[v.param];
    if (!p) {
      findings.push(finding('TW_CONFIG_UNKNOWN_PARAM', { param: v.param, rule: rule.name, suggestion: '' }, whereAt(file, `${pointer}/then/${key}/param`)));
      return null;
    }
    paramUses.set(v.param, [...(paramUses.get(v.param) ?? []), key]);
    return typeof p.default === 'number' ? p.default : null;
  };
  // Values are checked where the action takes them (elsewhere the key is already reported above).
  const fractionValue = resolve(then.fraction, 'fraction');
  const targetDteValue = resolve(then.targetDte, 'targetDte');
  const fraction = spec.params.fraction ? fractionValue : null;
  const targetDte = spec.params.targetDte ? targetDteValue : null;
  if (fraction !== null && fraction > 1) {
    findings.push(finding('TW_CONFIG_PERCENT_SLIP', { where: 'then.fraction', value: fraction, what: `the ${then.action} fraction`, suggested: asFraction(fraction) }, at('fraction')));
  } else if (fraction !== null && !(fraction > 0 && fraction < 1)) {
    findings.push(finding('TW_CONFIG_ACTION', { action: then.action, problem: `fraction ${fraction} is not between 0 and 1`, expected: 'use close to close everything; a fraction is 0 < fraction < 1' }, at('fraction')));
  }
  if (targetDte !== null && (targetDte < 1 || !Number.isInteger(targetDte))) {
    findings.push(finding('TW_CONFIG_ACTION', { action: then.action, problem: `targetDte ${targetDte} is not a whole number of days >= 1`, expected: 'e.g. targetDte: 45' }, at('targetDte')));
  }
}

function priorityTies(rules: readonly RuleEntry[]): Finding[] {
  const findings: Finding[] = [];
  const seen = new Map<string, RuleEntry>();
  for (const e of rules) {
    if (!isEnabled(e) || !EXCLUSIVE_ACTIONS.includes(e.rule.then.action)) continue;
    const key = `${e.rule.scope}|${e.rule.priority}`;
    const prior = seen.get(key);
    if (prior) findings.push(finding('TW_CONFIG_PRIORITY_TIE', { a: prior.rule.name, b: e.rule.name, scope: e.rule.scope, priority: e.rule.priority }, whereAt(e.file, `${e.pointer}/priority`)));
    else seen.set(key, e);
  }
  return findings;
}

function appliesToTargets(rules: readonly RuleEntry[], strategies: readonly StrategyEntry[]): Finding[] {
  const names = new Set(strategies.map((s) => s.strategy.name));
  const tags = new Set(strategies.flatMap((s) => s.strategy.tags ?? []));
  const findings: Finding[] = [];
  for (const e of rules) {
    (e.rule.appliesTo ?? []).forEach((t, i) => {
      if (names.has(t) || tags.has(t)) return;
      findings.push(finding('TW_CONFIG_UNKNOWN_APPLIES_TO', { rule: e.rule.name, target: t, names: [...names].join(', ') || '(none)', tags: [...tags].join(', ') || '(none)' }, whereAt(e.file, `${e.pointer}/appliesTo/${i}`)));
    });
  }
  return findings;
}
