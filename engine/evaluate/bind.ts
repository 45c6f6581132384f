/**
 * Binding: replace every `{ param: name }` in a condition tree (also inside lists) with the parameter's value.
 * `{ fact: name }` references stay: they are resolved per evaluation.
 */
import { twError } from '../errors/index.ts';
import type { ConditionLeaf, ConditionNode, ConditionTree, ConditionValue, ParamValue } from '../config/types.ts';

export function isParamRef(v: unknown): v is { param: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { param?: unknown }).param === 'string';
}
export function isFactRef(v: unknown): v is { fact: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { fact?: unknown }).fact === 'string';
}
export function isLeaf(n: ConditionNode): n is ConditionLeaf {
  return typeof n === 'object' && n !== null && 'fact' in n;
}

function bindValue(v: ConditionValue, params: Readonly<Record<string, ParamValue>>, rule: string): ConditionValue {
  if (Array.isArray(v)) return v.map((x) => bindValue(x, params, rule));
  if (isParamRef(v)) {
    if (!Object.prototype.hasOwnProperty.call(params, v.param)) throw twError('TW_EVALUATE_UNKNOWN_PARAM', { rule, param: v.param });
    return params[v.param];
  }
  return v;
}

function bindNode(n: ConditionNode, params: Readonly<Record<string, ParamValue>>, rule: string): ConditionNode {
  if (isLeaf(n)) return { ...n, value: bindValue(n.value, params, rule) };
  if ('all' in n) return { all: n.all.map((c) => bindNode(c, params, rule)) };
  if ('any' in n) return { any: n.any.map((c) => bindNode(c, params, rule)) };
  if ('not' in n) return { not: bindNode(n.not, params, rule) };
  return n;
}

/**
 * Returns a copy of `tree` with every `{ param }` reference replaced by its value from `params`.
 * An unknown parameter throws TW_EVALUATE_UNKNOWN_PARAM. `rule` names the rule in that error.
 */
export function bindCondition(tree: ConditionTree, params: Readonly<Record<string, ParamValue>>, rule = '(unnamed)'): ConditionTree {
  return bindNode(tree, params, rule) as ConditionTree;
}

/** An action parameter that may be a literal or a `{ param }` reference. */
export function bindActionValue<T extends ParamValue>(v: T | { param: string } | undefined, params: Readonly<Record<string, ParamValue>>, rule: string): T | ParamValue | undefined {
  if (v === undefined || !isParamRef(v)) return v;
  if (!Object.prototype.hasOwnProperty.call(params, v.param)) throw twError('TW_EVALUATE_UNKNOWN_PARAM', { rule, param: v.param });
  return params[v.param];
}
