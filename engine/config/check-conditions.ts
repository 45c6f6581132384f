import { FACTS, FACTS_BY_NAME, OPERATORS, OPERATORS_BY_NAME, type FactScope, type FactSpec, type OperatorFactKind, type OperatorSpec } from '../catalogue/index.ts';
import type { ConditionNode, ConditionValue, Finding, RuleParamConfig } from './types.ts';
import { finding, suggest } from './finding.ts';
import { whereAt, type ParsedFile } from './locate.ts';
import { describePath, describeValue } from './schema-check.ts';

/** Fraction facts whose values legitimately exceed 1 (debit positions can gain several times the debit paid). */
const WIDE_FRACTION_FACTS: Readonly<Record<string, number>> = { pnlPct: 10, peakPnlPct: 10, drawdownFromPeakPct: 10 };

/** The largest |value| that is plausible for a fraction fact; beyond it, the value is a percent written by mistake. */
export function fractionLimit(fact: string | null): number {
  return (fact && WIDE_FRACTION_FACTS[fact]) || 1;
}

/** `50 → 0.5`, printed without float noise. */
export function asFraction(v: number): string {
  return String(Number((v / 100).toPrecision(6)));
}

export interface ConditionContext {
  file: ParsedFile;
  /** Where the conditions live, for messages: `position rules`, `portfolio rules`, `entry conditions`. */
  scopeLabel: string;
  scopes: readonly FactScope[];
  /** The rule's name and declared params, or null for strategy entry conditions (which have no params). */
  rule: { name: string; params: Record<string, RuleParamConfig> } | null;
  /** Filled in: param name → the facts it is compared with. */
  paramUses: Map<string, string[]>;
  findings: Finding[];
  /** Derived facts (facts.yaml), which rule conditions use like catalogue facts. */
  derived?: ReadonlyMap<string, FactSpec>;
}

/** A catalogue fact, or a derived fact of facts.yaml. */
const factSpec = (name: string, ctx: ConditionContext): FactSpec | undefined => FACTS_BY_NAME.get(name) ?? ctx.derived?.get(name);

const isRef = (v: unknown, key: 'fact' | 'param'): v is Record<typeof key, string> => typeof v === 'object' && v !== null && !Array.isArray(v) && key in v;

/** Checks a condition tree that already passed the schema: scopes, operator/value fit, params, percent slips. */
export function checkConditions(node: ConditionNode, pointer: string, ctx: ConditionContext): void {
  if ('all' in node) node.all.forEach((c, i) => checkConditions(c, `${pointer}/all/${i}`, ctx));
  else if ('any' in node) node.any.forEach((c, i) => checkConditions(c, `${pointer}/any/${i}`, ctx));
  else if ('not' in node) checkConditions(node.not, `${pointer}/not`, ctx);
  else checkLeaf(node, pointer, ctx);
}

function checkLeaf(leaf: { fact: string; operator: string; value: ConditionValue }, pointer: string, ctx: ConditionContext): void {
  const fact = factSpec(leaf.fact, ctx);
  const op = OPERATORS_BY_NAME.get(leaf.operator);
  if (!fact || !op) return; // the schema reported it
  if (!checkScope(fact, `${pointer}/fact`, ctx)) {
    // Still count the parameters as used, so the scope error is not followed by "unused parameter" noise.
    for (const v of Array.isArray(leaf.value) ? leaf.value : [leaf.value]) if (isRef(v, 'param')) ctx.paramUses.set(v.param, [...(ctx.paramUses.get(v.param) ?? []), fact.name]);
    return;
  }
  const at = (p: string) => whereAt(ctx.file, p);
  const push = (f: Finding) => ctx.findings.push(f);
  const typeProblem = operatorFitsFact(op, fact);
  if (typeProblem) {
    push(finding('TW_CONFIG_FACT_TYPE', { operator: op.name, fact: fact.name, ...typeProblem }, at(`${pointer}/operator`)));
    return;
  }
  const valuePtr = `${pointer}/value`;
  if (op.value === 'number') {
    checkNumeric(leaf.value, valuePtr, fact, op.name, ctx);
  } else if (op.value === 'number-pair') {
    if (!Array.isArray(leaf.value) || leaf.value.length !== 2) {
      push(finding('TW_CONFIG_OPERATOR_VALUE', { operator: op.name, expected: 'a [low, high] pair', found: describeValue(leaf.value), hint: `write value: [low, high], e.g. [-50, 50]` }, at(valuePtr)));
      return;
    }
    const ok0 = checkNumeric(leaf.value[0], `${valuePtr}/0`, fact, op.name, ctx);
    const ok1 = checkNumeric(leaf.value[1], `${valuePtr}/1`, fact, op.name, ctx);
    const [lo, hi] = leaf.value.map((v) => numericValue(v, ctx));
    if (ok0 && ok1 && lo !== null && hi !== null && lo > hi) {
      push(finding('TW_CONFIG_OPERATOR_VALUE', { operator: op.name, expected: 'low <= high', found: `[${lo}, ${hi}]`, hint: `swap them: [${hi}, ${lo}]` }, at(valuePtr)));
    }
  } else if (op.value === 'array') {
    if (!Array.isArray(leaf.value)) {
      push(finding('TW_CONFIG_OPERATOR_VALUE', { operator: op.name, expected: 'a list of values', found: describeValue(leaf.value), hint: 'write value: [a, b]' }, at(valuePtr)));
      return;
    }
    leaf.value.forEach((v, i) => checkEqualityValue(v, `${valuePtr}/${i}`, fact, op.name, ctx));
  } else {
    checkEqualityValue(leaf.value, valuePtr, fact, op.name, ctx);
  }
}

const operatorsOn = (kind: OperatorFactKind) => OPERATORS.filter((o) => o.fact === kind).map((o) => o.name).join(', ');
const listFacts = () => FACTS.filter((f) => f.type === 'list').map((f) => f.name).join(', ');

/**
 * Whether the operator applies to the fact's type (catalogue `fact` kind: number, list or any): numeric operators
 * only on number facts, contains / doesNotContain exactly on list facts, and a list fact only with those.
 */
function operatorFitsFact(op: OperatorSpec, fact: FactSpec): { factType: string; expected: string } | null {
  if (fact.type === 'list' && op.fact !== 'list') return { factType: 'a list fact', expected: `test a list with ${operatorsOn('list')}` };
  if (op.fact === 'number' && fact.type !== 'number') {
    return { factType: `a ${fact.type} fact`, expected: fact.type === 'boolean' ? `write { fact: ${fact.name}, operator: equal, value: true }` : 'use equal, notEqual, in or notIn' };
  }
  if (op.fact === 'list' && fact.type !== 'list') return { factType: `a ${fact.type} fact, not a list`, expected: `${op.name} needs a list fact (${listFacts()}); use in / notIn to test membership` };
  return null;
}

function checkScope(fact: FactSpec, pointer: string, ctx: ConditionContext): boolean {
  if (ctx.scopes.includes(fact.scope)) return true;
  ctx.findings.push(finding('TW_CONFIG_FACT_SCOPE', { fact: fact.name, factScope: fact.scope, where: ctx.scopeLabel, available: `${ctx.scopeLabel} see ${ctx.scopes.join(' and ')} facts (docs/facts.md)` }, whereAt(ctx.file, pointer)));
  return false;
}

function numericValue(v: ConditionValue, ctx: ConditionContext): number | null {
  if (typeof v === 'number') return v;
  if (isRef(v, 'param')) {
    const d = ctx.rule?.params[v.param]?.default;
    return typeof d === 'number' ? d : null;
  }
  return null;
}

/** A value a numeric operator compares with: a number, a numeric param, or a numeric fact. Returns false when wrong. */
function checkNumeric(v: ConditionValue, pointer: string, fact: FactSpec, operator: string, ctx: ConditionContext): boolean {
  const at = whereAt(ctx.file, pointer);
  if (typeof v === 'number') {
    checkSlip(v, pointer, fact, ctx);
    return true;
  }
  if (isRef(v, 'fact')) {
    const other = factSpec(v.fact, ctx);
    if (!other || !checkScope(other, `${pointer}/fact`, ctx)) return false;
    if (other.type !== 'number') {
      ctx.findings.push(finding('TW_CONFIG_OPERATOR_VALUE', { operator, expected: 'a number', found: `fact "${other.name}" (${other.type})`, hint: 'compare with a numeric fact' }, at));
      return false;
    }
    return true;
  }
  if (isRef(v, 'param')) return checkParamRef(v.param, pointer, fact, 'number', operator, ctx);
  const example = fact.unit === 'fraction' ? '0.5' : String(fact.example);
  ctx.findings.push(finding('TW_CONFIG_OPERATOR_VALUE', { operator, expected: 'a number', found: describeValue(v), hint: typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v.replace('%', ''))) ? `write it without quotes${v.includes('%') ? ' and as a fraction' : ''}, e.g. ${example}` : `write a number, e.g. ${example}` }, at));
  return false;
}

function checkEqualityValue(v: ConditionValue, pointer: string, fact: FactSpec, operator: string, ctx: ConditionContext): void {
  if (isRef(v, 'fact')) {
    const other = factSpec(v.fact, ctx);
    if (other && checkScope(other, `${pointer}/fact`, ctx) && other.type === 'list') {
      ctx.findings.push(finding('TW_CONFIG_OPERATOR_VALUE', { operator, expected: 'a single value', found: `fact "${other.name}" (a list)`, hint: `test the list itself: { fact: ${other.name}, operator: contains, value: … }` }, whereAt(ctx.file, pointer)));
    }
    return;
  }
  if (isRef(v, 'param')) {
    checkParamRef(v.param, pointer, fact, fact.type === 'list' ? 'string' : fact.type, operator, ctx);
    return;
  }
  const at = whereAt(ctx.file, pointer);
  const found = describeValue(v);
  if (fact.type === 'list' && typeof v !== 'string') {
    ctx.findings.push(finding('TW_CONFIG_OPERATOR_VALUE', { operator, expected: `text (${fact.name} is a list of text)`, found, hint: `write one element, e.g. ${Array.isArray(fact.example) ? String(fact.example[0]) : 'a-tag'}` }, at));
  } else if (fact.type === 'number' && typeof v !== 'number') {
    ctx.findings.push(finding('TW_CONFIG_OPERATOR_VALUE', { operator, expected: `a number (${fact.name} is numeric)`, found, hint: `write a number, e.g. ${fact.example}` }, at));
  } else if (fact.type === 'boolean' && typeof v !== 'boolean') {
    ctx.findings.push(finding('TW_CONFIG_OPERATOR_VALUE', { operator, expected: `true or false (${fact.name} is a boolean)`, found, hint: 'write true or false without quotes (yes/no are text in YAML 1.2)' }, at));
  } else if (fact.type === 'string' && typeof v !== 'string') {
    ctx.findings.push(finding('TW_CONFIG_OPERATOR_VALUE', { operator, expected: `text (${fact.name} is text)`, found, hint: fact.values ? `one of: ${fact.values.join(', ')}` : 'write the text in quotes' }, at));
  } else if (fact.values && typeof v === 'string' && !fact.values.includes(v)) {
    ctx.findings.push(finding('TW_CONFIG_BAD_VALUE', { where: describePath(ctx.file.data, pointer), problem: `is "${v}", which ${fact.name} never takes${suggest(v, fact.values)}`, expected: `one of: ${fact.values.join(', ')}` }, at));
  } else if (typeof v === 'number') {
    checkSlip(v, pointer, fact, ctx);
  }
}

function checkParamRef(name: string, pointer: string, fact: FactSpec, want: string, operator: string, ctx: ConditionContext): boolean {
  const at = whereAt(ctx.file, pointer);
  if (!ctx.rule) {
    ctx.findings.push(finding('TW_CONFIG_BAD_VALUE', { where: describePath(ctx.file.data, pointer), problem: `refers to parameter "${name}", but ${ctx.scopeLabel} have no parameters`, expected: 'write the value itself' }, at));
    return false;
  }
  const param = ctx.rule.params[name];
  if (!param) {
    ctx.findings.push(finding('TW_CONFIG_UNKNOWN_PARAM', { param: name, rule: ctx.rule.name, suggestion: suggest(name, Object.keys(ctx.rule.params)) }, whereAt(ctx.file, `${pointer}/param`)));
    return false;
  }
  ctx.paramUses.set(name, [...(ctx.paramUses.get(name) ?? []), fact.name]);
  if (typeof param.default !== want) {
    ctx.findings.push(finding('TW_CONFIG_OPERATOR_VALUE', { operator, expected: `a ${want}`, found: `parameter "${name}" with default ${describeValue(param.default)}`, hint: `give "${name}" a ${want} default` }, at));
    return false;
  }
  if (fact.type === 'number' && param.unit !== fact.unit) {
    ctx.findings.push(finding('TW_CONFIG_PARAM_MISMATCH', { param: name, problem: `is in ${param.unit} but is compared with fact "${fact.name}", measured in ${fact.unit}`, expected: `declare "${name}" with unit: ${fact.unit}` }, at));
    return false;
  }
  return true;
}

function checkSlip(v: number, pointer: string, fact: FactSpec, ctx: ConditionContext): void {
  if (fact.unit === 'fraction' && Math.abs(v) > fractionLimit(fact.name)) {
    ctx.findings.push(finding('TW_CONFIG_PERCENT_SLIP', { where: describePath(ctx.file.data, pointer), value: v, what: `fact "${fact.name}"`, suggested: asFraction(v) }, whereAt(ctx.file, pointer)));
  }
}
