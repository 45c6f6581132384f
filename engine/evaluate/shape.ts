/**
 * The shape of a bound condition tree, checked once for both evaluators: the compiler (compile.ts) and the
 * json-rules-engine reference (reference.ts) call `checkConditionTree` before anything else, so a tree one of them
 * would read differently is rejected by both, with the same coded error.
 *
 * A node is exactly one of `{ all: [...] }`, `{ any: [...] }`, `{ not: {...} }` or a leaf `{ fact, operator, value }`.
 * json-rules-engine features tickwise does not evaluate (a `path` or `params` on a leaf or a `{ fact }` value,
 * condition references, per-condition `priority` or `name`, any other key) are TW_EVALUATE_UNSUPPORTED: json-rules-engine
 * would act on them and the compiler would not. A value is a literal, `{ fact: name }`, or (for `in` / `notIn` /
 * `between` / `outside`) a list of literals; an unbound `{ param }` is TW_EVALUATE_UNKNOWN_PARAM.
 */
import { twError } from '../errors/index.ts';
import { OPERATORS_BY_NAME, type OperatorSpec } from '../catalogue/index.ts';
import type { ConditionNode } from '../config/types.ts';
import { isPair } from './operators.ts';

type Obj = Record<string, unknown>;
const GROUPS = ['all', 'any', 'not'] as const;
const LEAF_KEYS: ReadonlySet<string> = new Set(['fact', 'operator', 'value']);

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** A `{ fact: name }` value: exactly one key, `fact`, naming a fact. */
export function isFactRef(v: unknown): v is { fact: string } {
  return isObj(v) && typeof v.fact === 'string' && Object.keys(v).length === 1;
}
/** A `{ param: name }` value: exactly one key, `param`, naming a rule parameter. */
export function isParamRef(v: unknown): v is { param: string } {
  return isObj(v) && typeof v.param === 'string' && Object.keys(v).length === 1;
}

/**
 * Checks `tree` (already bound: no `{ param }` left) and calls `visit` for every leaf with its JSON pointer, in the
 * order written. Throws TW_EVALUATE_BAD_CONDITION, TW_EVALUATE_UNSUPPORTED, TW_EVALUATE_UNKNOWN_OPERATOR,
 * TW_EVALUATE_UNKNOWN_PARAM or TW_EVALUATE_BAD_VALUE on the first problem. `rule` names the rule in errors.
 */
export function checkConditionTree(tree: ConditionNode, rule: string, visit: (leaf: Obj, pointer: string, spec: OperatorSpec) => void = () => {}): void {
  walk(tree as unknown, rule, '', visit);
}

function walk(n: unknown, rule: string, pointer: string, visit: (leaf: Obj, pointer: string, spec: OperatorSpec) => void): void {
  const at = pointer || '/';
  const bad = (problem: string) => twError('TW_EVALUATE_BAD_CONDITION', { rule, pointer: at, problem });
  const unsupported = (feature: string, where: string) => twError('TW_EVALUATE_UNSUPPORTED', { rule, pointer: where || '/', feature });
  if (!isObj(n)) throw bad(`expected an object, found ${describe(n)}`);
  const groups = GROUPS.filter((k) => has(n, k));
  if (groups.length > 1) throw bad(`a node has exactly one of all / any / not, found ${groups.join(' and ')}`);
  if (groups.length === 1) {
    const op = groups[0];
    if (has(n, 'fact')) throw bad(`a node is either a group (${op}) or a leaf (fact), not both`);
    const extra = Object.keys(n).find((k) => k !== op);
    if (extra !== undefined) throw unsupported(`"${extra}" on a condition group`, pointer);
    const body = n[op];
    if (op === 'not') {
      if (Array.isArray(body)) throw bad('"not" takes one condition, not a list');
      walk(body, rule, `${pointer}/not`, visit);
      return;
    }
    if (!Array.isArray(body)) throw bad(`"${op}" must be a list`);
    body.forEach((c, i) => walk(c, rule, `${pointer}/${op}/${i}`, visit));
    return;
  }
  if (has(n, 'condition')) throw unsupported('a condition reference ("condition")', pointer);
  if (!has(n, 'fact') && !has(n, 'operator')) throw bad(`unknown condition type with keys ${Object.keys(n).map((k) => `"${k}"`).join(', ') || '(none)'}; expected all, any, not or a leaf`);
  const extra = Object.keys(n).find((k) => !LEAF_KEYS.has(k));
  if (extra !== undefined) throw unsupported(`"${extra}" on a condition`, `${pointer}/${extra}`);
  if (typeof n.fact !== 'string' || typeof n.operator !== 'string' || !has(n, 'value')) throw bad('a leaf needs "fact", "operator" and "value"');
  const spec = OPERATORS_BY_NAME.get(n.operator);
  if (!spec) throw twError('TW_EVALUATE_UNKNOWN_OPERATOR', { rule, operator: n.operator });
  checkValue(n.value, spec, n.fact, rule, `${pointer}/value`);
  visit(n, pointer, spec);
}

function checkValue(value: unknown, spec: OperatorSpec, fact: string, rule: string, pointer: string): void {
  const bad = (expected: string) => twError('TW_EVALUATE_BAD_VALUE', { rule, operator: spec.name, fact, expected, found: describe(value) }, { location: { file: '', line: 0, col: 0, pointer } });
  const refProblem = (v: unknown, where: string): void => {
    if (!isObj(v)) return;
    if (isParamRef(v)) throw twError('TW_EVALUATE_UNKNOWN_PARAM', { rule, param: v.param });
    if (isFactRef(v)) return;
    const key = has(v, 'fact') ? 'fact' : has(v, 'param') ? 'param' : null;
    const extra = key === null ? undefined : Object.keys(v).find((k) => k !== key);
    if (key !== null && typeof v[key] === 'string' && extra !== undefined) throw twError('TW_EVALUATE_UNSUPPORTED', { rule, pointer: `${where}/${extra}`, feature: `"${extra}" on a { ${key} } value` });
    throw bad('a literal, { fact: name } or a list of literals');
  };
  if (Array.isArray(value)) {
    value.forEach((x, i) => { refProblem(x, `${pointer}/${i}`); if (isObj(x) || Array.isArray(x)) throw bad('a list of literal values'); });
  } else {
    refProblem(value, pointer);
  }
  if (spec.value === 'array' && !Array.isArray(value)) throw bad('a list of literal values');
  if (spec.value === 'number-pair' && !isPair(value)) throw bad('a pair [low, high] of numbers');
}

function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return JSON.stringify(v) ?? String(v);
}
