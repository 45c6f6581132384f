/**
 * A condition tree, bound to one set of parameters, as a disjunction of boxes (box.ts). Numeric leaves become
 * intervals, `equal` / `in` on booleans and strings become atom sets, crossings constrain the fact now and its
 * previous value (two dimensions). Everything else — `{ fact }` references, facts the catalogue does not know (a
 * trader's derived facts), list operators, null literals, extra leaf keys — is an opaque literal: a condition the
 * analysis keeps by name but knows nothing about. Past `MAX_BOXES` boxes the analysis gives up (GiveUp).
 */
import { FACTS_BY_NAME } from '../../catalogue/index.ts';
import type { ConditionNode, ParamValue } from '../types.ts';
import { boxOf, GiveUp, meet, opaqueBox, TRUE_BOX, type Box } from './box.ts';
import { ALL_NUMBERS, atoms, complement, num, type ValueSet } from './sets.ts';

export const MAX_BOXES = 256;
export const PREV = 'prev:';

type Term = readonly (readonly [string, ValueSet])[];
type Params = Readonly<Record<string, ParamValue>>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const realNumber = (v: unknown): v is number => typeof v === 'number' && v === v;

/** `value` with `{ param }` bound (also inside lists); undefined when a parameter is unknown. */
function bind(v: unknown, params: Params): unknown {
  if (Array.isArray(v)) {
    const out = v.map((x) => bind(x, params));
    return out.includes(undefined) ? undefined : out;
  }
  if (isObject(v) && typeof v.param === 'string' && Object.keys(v).length === 1) {
    return Object.prototype.hasOwnProperty.call(params, v.param) ? params[v.param] : undefined;
  }
  return v;
}

const point = (x: number): ValueSet => num(x, false, x, false);

/** A numeric leaf as alternative terms (a union), or null when it is opaque. */
function numericTerms(fact: string, operator: string, value: unknown): Term[] | null {
  const one = (s: ValueSet): Term[] => [[[fact, s]]];
  const list = (xs: unknown): number[] | null => (Array.isArray(xs) && xs.every(realNumber) ? (xs as number[]) : null);
  switch (operator) {
    case 'lessThan': return realNumber(value) ? one(num(-Infinity, false, value, true)) : null;
    case 'lessThanInclusive': return realNumber(value) ? one(num(-Infinity, false, value, false)) : null;
    case 'greaterThan': return realNumber(value) ? one(num(value, true, Infinity, false)) : null;
    case 'greaterThanInclusive': return realNumber(value) ? one(num(value, false, Infinity, false)) : null;
    case 'equal': return realNumber(value) ? one(point(value)) : null;
    case 'notEqual': return realNumber(value) ? complement(point(value)).map((s) => [[fact, s]]) : null;
    case 'in': { const xs = list(value); return xs ? xs.map((x) => [[fact, point(x)]]) : null; }
    case 'notIn': {
      const xs = list(value);
      if (!xs) return null;
      let sets: ValueSet[] = [num(-Infinity, false, Infinity, false, true)];
      for (const x of xs) sets = sets.flatMap((s) => complement(point(x)).map((c) => intersectOrNull(s, c))).filter((s): s is ValueSet => s !== null);
      return sets.map((s) => [[fact, s]]);
    }
    case 'between': { const xs = list(value); return xs && xs.length === 2 ? one(num(xs[0], false, xs[1], false)) : null; }
    case 'outside': {
      const xs = list(value);
      return xs && xs.length === 2 ? [[[fact, num(-Infinity, false, xs[0], true)]], [[fact, num(xs[1], true, Infinity, false)]]] : null;
    }
    case 'absGreaterThanInclusive':
      if (!realNumber(value)) return null;
      return value <= 0 ? one(ALL_NUMBERS) : [[[fact, num(-Infinity, false, -value, false)]], [[fact, num(value, false, Infinity, false)]]];
    case 'crossesAbove': return realNumber(value) ? [[[PREV + fact, num(-Infinity, false, value, true)], [fact, num(value, false, Infinity, false)]]] : null;
    case 'crossesBelow': return realNumber(value) ? [[[PREV + fact, num(value, true, Infinity, false)], [fact, num(-Infinity, false, value, false)]]] : null;
    default: return null;
  }
}

function intersectOrNull(a: ValueSet, b: ValueSet): ValueSet | null {
  const m = meet(boxOf('x', a), boxOf('x', b));
  return m ? m.dims.get('x')! : null;
}

/** An `equal` / `in` leaf on a boolean or string fact as one atom set, or null when it is opaque. */
function atomTerms(fact: string, operator: string, value: unknown): Term[] | null {
  const scalar = (x: unknown) => typeof x === 'string' || typeof x === 'boolean' || realNumber(x);
  const key = (x: unknown) => JSON.stringify(x);
  if ((operator === 'equal' || operator === 'notEqual') && scalar(value)) return [[[fact, atoms(operator === 'equal' ? 'in' : 'out', [key(value)])]]];
  if ((operator === 'in' || operator === 'notIn') && Array.isArray(value) && value.every(scalar)) return [[[fact, atoms(operator === 'in' ? 'in' : 'out', value.map(key))]]];
  return null;
}

/** A leaf as alternative terms, or null when the analysis treats it as opaque. */
export function leafTerms(leaf: Record<string, unknown>, params: Params): Term[] | null {
  if (Object.keys(leaf).some((k) => k !== 'fact' && k !== 'operator' && k !== 'value')) return null;
  const fact = leaf.fact;
  const operator = leaf.operator;
  if (typeof fact !== 'string' || typeof operator !== 'string' || fact.includes(':')) return null;
  const spec = FACTS_BY_NAME.get(fact);
  const value = bind(leaf.value, params);
  if (!spec || value === undefined || isObject(value)) return null;
  return spec.type === 'number' ? numericTerms(fact, operator, value) : atomTerms(fact, operator, value);
}

/** A stable name for an opaque leaf (with its parameters bound): equal names are the same condition. */
function opaqueKey(leaf: Record<string, unknown>, params: Params): string {
  const sorted = (v: unknown): unknown => (Array.isArray(v) ? v.map(sorted) : isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v);
  const bound = bind(leaf.value, params);
  return JSON.stringify(sorted({ ...leaf, value: bound === undefined ? leaf.value : bound }));
}

function product(a: readonly Box[], b: readonly Box[]): Box[] {
  const out: Box[] = [];
  for (const x of a) {
    for (const y of b) {
      const m = meet(x, y);
      if (m) out.push(m);
      if (out.length > MAX_BOXES) throw new GiveUp('too many boxes');
    }
  }
  return out;
}

function union(parts: readonly Box[][]): Box[] {
  const out = parts.flat();
  if (out.length > MAX_BOXES) throw new GiveUp('too many boxes');
  return out;
}

/** The boxes of a leaf, or of its negation. */
function leafBoxes(leaf: Record<string, unknown>, params: Params, negated: boolean): Box[] {
  const terms = leafTerms(leaf, params);
  if (terms === null) return [opaqueBox(opaqueKey(leaf, params), !negated)];
  const termBox = (t: Term): Box | null => t.reduce<Box | null>((acc, [d, s]) => (acc ? meet(acc, boxOf(d, s)) : null), TRUE_BOX);
  if (!negated) return terms.map(termBox).filter((b): b is Box => b !== null);
  let out: Box[] = [TRUE_BOX];
  for (const t of terms) out = product(out, t.flatMap(([d, s]) => complement(s).map((c) => boxOf(d, c))));
  return out;
}

/**
 * The condition as a disjunction of boxes ([] = never true). Throws GiveUp past MAX_BOXES. An empty `all` or
 * `any` is true, as in json-rules-engine and the compiled predicates.
 */
export function toBoxes(node: ConditionNode, params: Params, negated = false): Box[] {
  if (!isObject(node)) throw new GiveUp('not a condition');
  const n = node as unknown as Record<string, unknown>;
  const has = (k: string) => Object.prototype.hasOwnProperty.call(n, k);
  // The compiled predicates' order: any, then all, then not, then a leaf.
  const kind = has('any') ? 'any' : has('all') ? 'all' : has('not') ? 'not' : 'leaf';
  if (kind === 'leaf') return leafBoxes(n, params, negated);
  if (kind === 'not') {
    if (!isObject(n.not)) throw new GiveUp('not a condition');
    return toBoxes(n.not as ConditionNode, params, !negated);
  }
  const list = n[kind];
  if (!Array.isArray(list)) throw new GiveUp('not a condition');
  if (list.length === 0) return negated ? [] : [TRUE_BOX];
  const parts = (list as ConditionNode[]).map((c) => toBoxes(c, params, negated));
  const conjunction = (kind === 'all') !== negated;
  return conjunction ? parts.reduce((acc, p) => product(acc, p), [TRUE_BOX] as Box[]) : union(parts);
}
