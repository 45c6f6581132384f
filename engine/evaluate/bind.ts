/**
 * Binding: replace every `{ param: name }` in a condition tree (also inside lists) with the parameter's value.
 * `{ fact: name }` references stay: they are resolved per evaluation. Binding changes nothing else: a malformed node
 * or an unsupported key is kept as written, for the shape check (./shape.ts) to reject with a coded error.
 */
import { twError } from '../errors/index.ts';
import type { ConditionLeaf, ConditionNode, ConditionTree, ConditionValue, ParamValue } from '../config/types.ts';
import { isParamRef } from './shape.ts';

export { isFactRef, isParamRef } from './shape.ts';

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
  if (typeof n !== 'object' || n === null || Array.isArray(n)) return n;
  if (isLeaf(n)) return 'value' in n ? { ...n, value: bindValue(n.value, params, rule) } : n;
  if ('all' in n) return Array.isArray(n.all) ? { ...n, all: n.all.map((c) => bindNode(c, params, rule)) } : n;
  if ('any' in n) return Array.isArray(n.any) ? { ...n, any: n.any.map((c) => bindNode(c, params, rule)) } : n;
  if ('not' in n) return { ...n, not: bindNode(n.not, params, rule) };
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
