import type { FactSpec } from '../catalogue/index.ts';
import { EXCLUSIVE_ACTIONS, type Finding, type RuleParamConfig } from './types.ts';
import { finding } from './finding.ts';
import { whereAt } from './locate.ts';
import { asFraction, checkConditions, fractionLimit } from './check-conditions.ts';
import { isEnabled, type RuleEntry, type StrategyEntry } from './entries.ts';

const POSITION_ACTIONS = ['close', 'roll', 'reduce', 'alert'];
const PORTFOLIO_ACTIONS = ['alert', 'halt-entries', 'halt', 'close-all'];

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
  const allowed = rule.scope === 'position' ? POSITION_ACTIONS : PORTFOLIO_ACTIONS;
  if (!allowed.includes(then.action)) {
    findings.push(finding('TW_CONFIG_ACTION', { action: then.action, problem: `is not available to ${rule.scope} rules`, expected: `${rule.scope} rules use: ${allowed.join(', ')}` }, at('action')));
  }
  const only = (key: 'fraction' | 'targetDte' | 'rollSide', action: string) => {
    if (then[key] !== undefined && then.action !== action) {
      findings.push(finding('TW_CONFIG_ACTION', { action: then.action, problem: `does not take "${key}" (only ${action} does)`, expected: `remove ${key}` }, at(key)));
    }
  };
  only('fraction', 'reduce');
  only('targetDte', 'roll');
  only('rollSide', 'roll');
  if (then.action === 'roll' && then.rollSide === 'tested') findings.push(finding('TW_CONFIG_ROLL_SIDE', {}, at('rollSide'), 'warning'));
  if (then.fallback !== undefined && !EXCLUSIVE_ACTIONS.includes(then.action)) {
    findings.push(finding('TW_CONFIG_ACTION', { action: then.action, problem: 'is never unexecutable, so fallback has no effect', expected: 'remove fallback (only close, roll and reduce take it)' }, at('fallback')));
  }
  if (then.orderStyle !== undefined && !EXCLUSIVE_ACTIONS.includes(then.action) && then.action !== 'close-all') {
    findings.push(finding('TW_CONFIG_ACTION', { action: then.action, problem: 'sends no order, so orderStyle has no effect', expected: 'remove orderStyle' }, at('orderStyle')));
  }
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
  const fraction = resolve(then.fraction, 'fraction');
  const targetDte = resolve(then.targetDte, 'targetDte');
  if (then.action === 'reduce') {
    if (then.fraction === undefined) {
      findings.push(finding('TW_CONFIG_ACTION', { action: 'reduce', problem: 'needs a fraction', expected: 'add fraction: 0.5 (the share of contracts to close)' }, whereAt(file, `${pointer}/then`)));
    } else if (fraction !== null && fraction > 1) {
      findings.push(finding('TW_CONFIG_PERCENT_SLIP', { where: 'then.fraction', value: fraction, what: 'the reduce fraction', suggested: asFraction(fraction) }, at('fraction')));
    } else if (fraction !== null && !(fraction > 0 && fraction < 1)) {
      findings.push(finding('TW_CONFIG_ACTION', { action: 'reduce', problem: `fraction ${fraction} is not between 0 and 1`, expected: 'use close to close everything; reduce takes 0 < fraction < 1' }, at('fraction')));
    }
  }
  if (targetDte !== null && (targetDte < 1 || !Number.isInteger(targetDte))) {
    findings.push(finding('TW_CONFIG_ACTION', { action: 'roll', problem: `targetDte ${targetDte} is not a whole number of days >= 1`, expected: 'e.g. targetDte: 45' }, at('targetDte')));
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
