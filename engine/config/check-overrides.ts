import type { ConditionNode, Finding, ParamValue } from './types.ts';
import { finding, suggest } from './finding.ts';
import { whereAt, type ParsedFile } from './locate.ts';
import { asFraction, fractionLimit } from './check-conditions.ts';
import type { RuleEntry } from './entries.ts';

/** Facts a parameter is compared with inside a condition tree. */
export function factsUsingParam(node: ConditionNode, param: string): string[] {
  if ('all' in node) return node.all.flatMap((c) => factsUsingParam(c, param));
  if ('any' in node) return node.any.flatMap((c) => factsUsingParam(c, param));
  if ('not' in node) return factsUsingParam(node.not, param);
  const refs = Array.isArray(node.value) ? node.value : [node.value];
  return refs.some((v) => typeof v === 'object' && v !== null && !Array.isArray(v) && 'param' in v && v.param === param) ? [node.fact] : [];
}

/**
 * Checks one parameter override (a strategy's manage.params or settings.params): it must name a parameter of the
 * rules in play, have the default's type, respect min/max, and not be a percent written as a whole number.
 */
export function checkOverride(
  name: string,
  value: ParamValue,
  declared: ReadonlyMap<string, { rule: RuleEntry; default: ParamValue }>,
  allRules: readonly RuleEntry[],
  file: ParsedFile,
  pointer: string,
  owner: string,
  findings: Finding[],
): void {
  const d = declared.get(name);
  if (!d) {
    const elsewhere = allRules.find((r) => r.rule.params && name in r.rule.params);
    const suggestion = elsewhere ? ` (it belongs to rule "${elsewhere.rule.name}", which does not manage ${owner})` : suggest(name, declared.keys());
    findings.push(finding('TW_CONFIG_UNKNOWN_OVERRIDE', { param: name, owner, suggestion, available: [...declared.keys()].join(', ') || '(none)' }, whereAt(file, pointer, true)));
    return;
  }
  const spec = d.rule.rule.params![name];
  const at = whereAt(file, pointer);
  if (typeof value !== typeof spec.default) {
    findings.push(finding('TW_CONFIG_PARAM_MISMATCH', { param: name, problem: `is overridden with a ${typeof value} but its default is a ${typeof spec.default}`, expected: `write a ${typeof spec.default}, e.g. ${String(spec.default)}` }, at));
    return;
  }
  if (typeof value !== 'number') return;
  const uses = allRules.filter((r) => r.rule.params && name in r.rule.params).flatMap((r) => factsUsingParam(r.rule.when, name));
  const limit = uses.length ? Math.min(...uses.map(fractionLimit)) : 1;
  if (spec.unit === 'fraction' && Math.abs(value) > limit) {
    findings.push(finding('TW_CONFIG_PERCENT_SLIP', { where: `override "${name}"`, value, what: `"${name}"`, suggested: asFraction(value) }, at));
    return;
  }
  if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
    findings.push(finding('TW_CONFIG_PARAM_MISMATCH', { param: name, problem: `override ${value} is outside [${spec.min ?? '-∞'}, ${spec.max ?? '∞'}]`, expected: spec.description }, at));
  }
}
