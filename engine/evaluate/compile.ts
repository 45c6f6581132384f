/**
 * The compiler: a bound condition tree becomes one JavaScript function (built with `new Function`), so a rule costs
 * a few property reads and comparisons per position instead of a json-rules-engine run. Semantics are exactly those
 * of ./operators.ts; the differential test (test/evaluate/differential.test.ts) holds the two to each other.
 *
 * Fact lookup: a position-scope predicate sees the position's facts merged over the portfolio's; a key whose value
 * is `undefined` counts as absent. Crossing operators read the previous tick's facts the same way.
 */
import { twError } from '../errors/index.ts';
import { OPERATORS_BY_NAME } from '../catalogue/index.ts';
import type { ConditionNode, ConditionTree } from '../config/types.ts';
import type { Facts } from './types.ts';
import { isFactRef, isParamRef } from './bind.ts';
import * as ops from './operators.ts';

/** (position facts, portfolio facts, previous position facts, previous portfolio facts) → matched. */
export type Predicate = (p: Facts, g: Facts, pp: Facts | undefined, pg: Facts | undefined) => boolean;

export interface CompiledCondition {
  readonly predicate: Predicate;
  /** Every fact the conditions read (leaf facts and `{ fact }` values), in first-use order. */
  readonly facts: readonly string[];
  /** Facts read by crossesAbove / crossesBelow (their previous values matter too). */
  readonly crossingFacts: readonly string[];
  /** The generated source, for debugging and docs. */
  readonly source: string;
}

const HELPERS = Object.freeze({ ...ops });

/** Calls `visit` for every leaf with its JSON pointer; throws TW_EVALUATE_BAD_CONDITION on malformed nodes. */
export function walkConditions(node: ConditionNode, rule: string, visit: (leaf: Record<string, unknown>, pointer: string) => void, pointer = ''): void {
  const n = node as unknown as Record<string, unknown>;
  const bad = (problem: string) => twError('TW_EVALUATE_BAD_CONDITION', { rule, pointer: pointer || '/', problem });
  if (typeof n !== 'object' || n === null || Array.isArray(n)) throw bad('expected an object');
  const has = (k: string) => Object.prototype.hasOwnProperty.call(n, k);
  for (const op of ['any', 'all'] as const) {
    if (!has(op)) continue;
    const list = n[op];
    if (!Array.isArray(list)) throw bad(`"${op}" must be a list`);
    list.forEach((c, i) => walkConditions(c as ConditionNode, rule, visit, `${pointer}/${op}/${i}`));
    return;
  }
  if (has('not')) {
    if (Array.isArray(n.not)) throw bad('"not" takes one condition, not a list');
    walkConditions(n.not as ConditionNode, rule, visit, `${pointer}/not`);
    return;
  }
  if (typeof n.fact !== 'string' || typeof n.operator !== 'string' || !has('value')) throw bad('a leaf needs "fact", "operator" and "value"');
  visit(n, pointer);
}

function literal(v: unknown, consts: unknown[]): string {
  if ((typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0)) || typeof v === 'string' || typeof v === 'boolean' || v === null) return JSON.stringify(v);
  consts.push(v);
  return `C[${consts.length - 1}]`;
}

/** Compiles a bound condition tree. `rule` names the rule in errors. */
export function compileCondition(tree: ConditionTree, rule: string): CompiledCondition {
  const consts: unknown[] = [];
  const facts: string[] = [];
  const crossing: string[] = [];
  let temps = 0;
  const note = (list: string[], f: string) => { if (!list.includes(f)) list.push(f); };
  const get = (f: string) => { const t = `t${temps++}`; return `((${t} = p[${JSON.stringify(f)}]) !== undefined ? ${t} : g[${JSON.stringify(f)}])`; };
  const getPrev = (f: string) => {
    const t = `t${temps++}`; const k = JSON.stringify(f);
    return `((${t} = (pp !== undefined ? pp[${k}] : undefined)) !== undefined ? ${t} : (pg !== undefined ? pg[${k}] : undefined))`;
  };

  function leaf(n: Record<string, unknown>, pointer: string): string {
    const fact = n.fact as string;
    const operator = n.operator as string;
    const value = n.value;
    const spec = OPERATORS_BY_NAME.get(operator);
    if (!spec) throw twError('TW_EVALUATE_UNKNOWN_OPERATOR', { rule, operator });
    const bad = (expected: string) => twError('TW_EVALUATE_BAD_VALUE', { rule, operator, fact, expected, found: JSON.stringify(value) ?? String(value) }, { location: { file: '', line: 0, col: 0, pointer } });
    if (isParamRef(value)) throw twError('TW_EVALUATE_UNKNOWN_PARAM', { rule, param: value.param });
    if (Array.isArray(value) && value.some((x) => typeof x === 'object' && x !== null)) throw bad('a list of literal values');
    note(facts, fact);
    const a = `a${temps++}`;
    const A = `(${a} = ${get(fact)})`;
    let V: string;
    if (isFactRef(value)) {
      if (spec.value === 'array' || spec.value === 'number-pair') throw bad(spec.value === 'array' ? 'a list of literal values' : 'a pair [low, high] of numbers');
      note(facts, value.fact);
      V = get(value.fact);
    } else {
      if (spec.value === 'array' && !Array.isArray(value)) throw bad('a list of literal values');
      if (spec.value === 'number-pair' && !ops.isPair(value)) throw bad('a pair [low, high] of numbers');
      V = literal(value, consts);
    }
    switch (operator) {
      case 'equal': return `(${A} === ${V})`;
      case 'notEqual': return `(${A} !== ${V})`;
      case 'lessThan': case 'lessThanInclusive': case 'greaterThan': case 'greaterThanInclusive': {
        const cmp = { lessThan: '<', lessThanInclusive: '<=', greaterThan: '>', greaterThanInclusive: '>=' }[operator];
        return `(typeof ${A} === 'number' ? (${a} === ${a} && ${a} ${cmp} ${V}) : (H.jreNumeric(${a}) && ${a} ${cmp} ${V}))`;
      }
      case 'in': return `(${V}.indexOf(${A}) > -1)`;
      case 'notIn': return `(${V}.indexOf(${A}) === -1)`;
      case 'contains': return `(Array.isArray(${A}) && ${a}.indexOf(${V}) > -1)`;
      case 'doesNotContain': return `(Array.isArray(${A}) && ${a}.indexOf(${V}) === -1)`;
      case 'between': { const [lo, hi] = value as [number, number]; return `(typeof ${A} === 'number' && ${a} >= ${literal(lo, consts)} && ${a} <= ${literal(hi, consts)})`; }
      case 'outside': { const [lo, hi] = value as [number, number]; return `(typeof ${A} === 'number' && (${a} < ${literal(lo, consts)} || ${a} > ${literal(hi, consts)}))`; }
      case 'absGreaterThanInclusive': return `H.absGreaterThanInclusive(${A}, ${V})`;
      case 'crossesAbove': note(crossing, fact); return `H.crossesAbove(${getPrev(fact)}, ${A}, ${V})`;
      case 'crossesBelow': note(crossing, fact); return `H.crossesBelow(${getPrev(fact)}, ${A}, ${V})`;
      default: throw twError('TW_EVALUATE_UNKNOWN_OPERATOR', { rule, operator });
    }
  }

  function node(n: ConditionNode, pointer: string): string {
    const r = n as unknown as Record<string, unknown>;
    const has = (k: string) => Object.prototype.hasOwnProperty.call(r, k);
    // json-rules-engine: an empty all/any is true; a single child is evaluated alone.
    if (has('any')) { const xs = (r.any as ConditionNode[]).map((c, i) => node(c, `${pointer}/any/${i}`)); return xs.length ? `(${xs.join(' || ')})` : 'true'; }
    if (has('all')) { const xs = (r.all as ConditionNode[]).map((c, i) => node(c, `${pointer}/all/${i}`)); return xs.length ? `(${xs.join(' && ')})` : 'true'; }
    if (has('not')) return `!${node(r.not as ConditionNode, `${pointer}/not`)}`;
    return leaf(r, pointer);
  }

  walkConditions(tree, rule, () => {});
  const expr = node(tree, '');
  const decl = temps ? `let ${Array.from({ length: temps }, (_, i) => `t${i}, a${i}`).join(', ')};\n` : '';
  const source = `return function predicate(p, g, pp, pg) {\n${decl}return ${expr};\n};`;
  const predicate = new Function('H', 'C', source)(HELPERS, consts) as Predicate;
  return { predicate, facts, crossingFacts: crossing, source };
}
