import type { Finding, ParamValue, StrategyConfig } from './types.ts';
import { finding, suggest } from './finding.ts';
import { whereAt } from './locate.ts';
import { asFraction, checkConditions } from './check-conditions.ts';
import { rulesForStrategy, type RuleEntry, type StrategyEntry } from './entries.ts';
import { checkContradictions } from './check-contradictions.ts';
import { checkOverride } from './check-overrides.ts';
import { mayManage, type BrokenRule } from './collect.ts';
import { ACTIONS_BY_NAME, isUndefinedRisk, structureTemplate } from '../catalogue/index.ts';

/**
 * Semantic checks on strategies. `known` is null when a rules file could not be read at all: rule references are
 * then not checked (they would only repeat the earlier error). Rules that failed the schema are `known.broken`: a
 * strategy one of them may manage skips the checks that depend on its rules (overrides, contradictions, exits).
 */
export function checkStrategies(strategies: readonly StrategyEntry[], known: { rules: readonly RuleEntry[]; broken: readonly BrokenRule[] } | null): Finding[] {
  const rules = known?.rules ?? null;
  const broken = known?.broken ?? [];
  const findings: Finding[] = [];
  const firstByName = new Map<string, StrategyEntry>();
  for (const e of strategies) {
    const { strategy: s, file, pointer } = e;
    const at = (p: string, key = false) => whereAt(file, `${pointer}${p}`, key);
    const first = firstByName.get(s.name);
    if (first) {
      const w = whereAt(first.file, `${first.pointer}/name`);
      findings.push(finding('TW_CONFIG_DUPLICATE_NAME', { kind: 'strategy', name: s.name, first: `${w.file}:${w.line}:${w.col}` }, at('/name')));
    } else firstByName.set(s.name, e);

    if (isUndefinedRisk(s.structure) && s.allowUndefinedRisk !== true) {
      findings.push(finding('TW_CONFIG_UNDEFINED_RISK', { strategy: s.name, structure: s.structure }, at('/structure')));
    }
    checkLegs(e, findings);
    checkEntryAndSizing(e, findings);
    checkLadder(e, findings);
    if (!rules) continue;

    const managing = rulesForStrategy(s, rules);
    const brokenNames = new Set(broken.map((b) => b.name));
    (s.manage.rules ?? []).forEach((name, i) => {
      const rule = rules.find((r) => r.rule.name === name);
      if (!rule && (brokenNames.has(name) || brokenNames.has(null))) return; // that rule's own findings explain it
      if (!rule) {
        findings.push(finding('TW_CONFIG_UNKNOWN_RULE', { strategy: s.name, rule: name, suggestion: suggest(name, rules.map((r) => r.rule.name)) }, at(`/manage/rules/${i}`)));
      } else if (rule.rule.scope !== 'position') {
        findings.push(finding('TW_CONFIG_RULE_NOT_MANAGEABLE', { strategy: s.name, rule: name, problem: 'is a portfolio rule', expected: 'portfolio rules always apply; remove it from manage.rules' }, at(`/manage/rules/${i}`)));
      } else if (rule.rule.enabled === false) {
        findings.push(finding('TW_CONFIG_RULE_NOT_MANAGEABLE', { strategy: s.name, rule: name, problem: 'is disabled (enabled: false)', expected: 'enable the rule or remove it from manage.rules' }, at(`/manage/rules/${i}`)));
      }
    });
    if ((s.manage.rules ?? []).some((n) => !rules.some((r) => r.rule.name === n))) continue; // overrides would only echo it
    if (broken.some((b) => mayManage(b, s))) continue; // its rules are not all known: their parameters neither
    const declared = new Map<string, { rule: RuleEntry; default: ParamValue }>();
    // Overrides of a disabled rule's parameters stay valid, so disabling a rule does not break its strategies.
    for (const r of rulesForStrategy(s, rules, true)) for (const [name, p] of Object.entries(r.rule.params ?? {})) declared.set(name, { rule: r, default: p.default });
    for (const [name, value] of Object.entries(s.manage.params ?? {})) {
      checkOverride(name, value, declared, rules, file, `${pointer}/manage/params/${name}`, `strategy "${s.name}"`, findings);
    }
    const params: Record<string, ParamValue> = {};
    for (const r of managing) for (const [name, p] of Object.entries(r.rule.params ?? {})) params[name] = s.manage.params?.[name] ?? p.default;
    checkContradictions(e, params, findings);
    const closes = managing.some((r) => ACTIONS_BY_NAME.get(r.rule.then.action)?.closes === 'position');
    if (s.enabled !== false && s.entry.maxOpen > 0 && !closes) {
      findings.push(finding('TW_CONFIG_NO_EXIT_RULE', { strategy: s.name }, at('/name')));
    }
  }
  return findings;
}

function checkLegs(e: StrategyEntry, findings: Finding[]): void {
  const { strategy: s, file, pointer } = e;
  const at = (p: string, key = false) => whereAt(file, `${pointer}${p}`, key);
  const legs = s.legs;
  if (legs.targetDelta >= 1) {
    findings.push(finding('TW_CONFIG_PERCENT_SLIP', { where: 'legs.targetDelta', value: legs.targetDelta, what: 'a delta', suggested: asFraction(legs.targetDelta) }, at('/legs/targetDelta')));
  }
  const t = structureTemplate(s.structure);
  if (t.needsWing && legs.wingWidth === undefined) {
    findings.push(finding('TW_CONFIG_STRUCTURE', { strategy: s.name, problem: `${s.structure} needs legs.wingWidth`, expected: 'add wingWidth: 5 (points between short and long strikes)' }, at('/legs')));
  }
  if (!t.needsWing && legs.wingWidth !== undefined) {
    findings.push(finding('TW_CONFIG_STRUCTURE', { strategy: s.name, problem: `${s.structure} has no wings, so legs.wingWidth means nothing`, expected: 'remove wingWidth' }, at('/legs/wingWidth', true)));
  }
  if (t.needsBackDte && !legs.backDte) {
    findings.push(finding('TW_CONFIG_STRUCTURE', { strategy: s.name, problem: `${s.structure} needs legs.backDte`, expected: 'add backDte: { min, max, target } after the front DTE' }, at('/legs')));
  }
  if (!t.needsBackDte && legs.backDte) {
    findings.push(finding('TW_CONFIG_STRUCTURE', { strategy: s.name, problem: `${s.structure} has one expiry, so legs.backDte means nothing`, expected: 'remove backDte' }, at('/legs/backDte', true)));
  }
  for (const key of ['dte', 'backDte'] as const) {
    const w = legs[key];
    if (!w) continue;
    const problem = w.min > w.max ? `is inverted: min ${w.min} > max ${w.max}` : w.target < w.min || w.target > w.max ? `target ${w.target} is outside [${w.min}, ${w.max}]` : null;
    if (problem) findings.push(finding('TW_CONFIG_DTE_WINDOW', { strategy: s.name, problem: `${key === 'backDte' ? '(backDte) ' : ''}${problem}` }, at(`/legs/${key}`)));
  }
  if (legs.backDte && legs.backDte.min <= legs.dte.max) {
    findings.push(finding('TW_CONFIG_DTE_WINDOW', { strategy: s.name, problem: `(backDte) min ${legs.backDte.min} is not after the front window's max ${legs.dte.max}` }, at('/legs/backDte')));
  }
}

function checkEntryAndSizing(e: StrategyEntry, findings: Finding[]): void {
  const { strategy: s, file, pointer } = e;
  const at = (p: string) => whereAt(file, `${pointer}${p}`);
  if (s.entry.when) {
    checkConditions(s.entry.when, `${pointer}/entry/when`, { file, scopeLabel: 'entry conditions', scopes: ['portfolio', 'entry'], rule: null, paramUses: new Map(), findings });
  }
  const sched = s.entry.schedule;
  if (sched?.from && sched.until && sched.from >= sched.until) {
    findings.push(finding('TW_CONFIG_BAD_VALUE', { where: `strategy "${s.name}" entry.schedule.until`, problem: `(${sched.until}) is not after from (${sched.from})`, expected: 'entries happen between from and until, e.g. from: "10:00", until: "15:30"' }, at('/entry/schedule/until')));
  }
  const z = s.sizing;
  if (z.contracts === undefined && z.maxRiskFraction === undefined) {
    findings.push(finding('TW_CONFIG_BAD_VALUE', { where: `strategy "${s.name}" sizing`, problem: 'sets neither contracts nor maxRiskFraction', expected: 'add contracts: 1, or maxRiskFraction: 0.02 (2% of equity per trade)' }, at('/sizing')));
  }
  if (z.maxRiskFraction !== undefined && z.maxRiskFraction > 1) {
    findings.push(finding('TW_CONFIG_PERCENT_SLIP', { where: 'sizing.maxRiskFraction', value: z.maxRiskFraction, what: 'maxRiskFraction', suggested: asFraction(z.maxRiskFraction) }, at('/sizing/maxRiskFraction')));
  }
  if (isUndefinedRisk(s.structure) && z.contracts === undefined && z.maxContracts === undefined) {
    findings.push(finding('TW_CONFIG_BAD_VALUE', { where: `strategy "${s.name}" sizing`, problem: `cannot be bounded by risk: ${s.structure} has undefined max loss`, expected: 'set contracts or maxContracts' }, at('/sizing')));
  }
}

function checkLadder(e: StrategyEntry, findings: Finding[]): void {
  const { strategy: s, file, pointer } = e;
  const ladder = s.manage.ladder;
  if (!ladder) return;
  let total = 0;
  ladder.forEach((step, i) => {
    const at = (k: string) => whereAt(file, `${pointer}/manage/ladder/${i}/${k}`);
    if (step.pnlPct > 10) findings.push(finding('TW_CONFIG_PERCENT_SLIP', { where: `manage.ladder[${i}].pnlPct`, value: step.pnlPct, what: 'pnlPct', suggested: asFraction(step.pnlPct) }, at('pnlPct')));
    if (step.fraction > 1) findings.push(finding('TW_CONFIG_PERCENT_SLIP', { where: `manage.ladder[${i}].fraction`, value: step.fraction, what: 'fraction', suggested: asFraction(step.fraction) }, at('fraction')));
    if (i > 0 && step.pnlPct <= ladder[i - 1].pnlPct) {
      findings.push(finding('TW_CONFIG_CONTRADICTION', { strategy: s.name, problem: `ladder step ${i} (pnlPct ${step.pnlPct}) is not above the step before it (${ladder[i - 1].pnlPct})`, expected: 'list ladder steps in increasing pnlPct' }, at('pnlPct')));
    }
    total += step.fraction;
  });
  if (total > 1 + 1e-9 && ladder.every((x) => x.fraction <= 1)) {
    findings.push(finding('TW_CONFIG_CONTRADICTION', { strategy: s.name, problem: `ladder fractions add up to ${Number(total.toFixed(6))}, more than the whole position`, expected: 'make the fractions add up to at most 1' }, whereAt(file, `${pointer}/manage/ladder`)));
  }
}

export type { StrategyConfig };
