// Seeded random conditions and fact sets for the differential tests.
import { OPERATORS, type OperatorSpec } from '../../engine/catalogue/index.ts';
import type { ConditionNode, ConditionTree, ConditionValue } from '../../engine/config/types.ts';
import type { Facts, FactValue } from '../../engine/evaluate/index.ts';

export { prng } from '../support/prng.ts';
import { prng } from '../support/prng.ts';

export class Gen {
  readonly rand: () => number;
  constructor(seed: number) { this.rand = prng(seed); }
  int(n: number): number { return Math.floor(this.rand() * n); }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]; }
  chance(p: number): boolean { return this.rand() < p; }
}

export const FACT_NAMES = ['pnlPct', 'dte', 'vix', 'delta', 'itm', 'tradingState', 'a', 'b'] as const;
/** Thresholds and fact values share this pool so that boundaries (fact equal to threshold) come up often. */
export const NUMBERS = [-3, -1, -0.5, -0.25, 0, -0, 0.25, 0.5, 1, 2, 3, 21, 30, 1e21, Infinity, -Infinity] as const;
const ODD_VALUES: readonly FactValue[] = [null, true, false, 'ACTIVE', 'HALTED', '', '2', '0.5abc', 'abc', Number.NaN];
/** List fact values (like `tags`), fresh each time so no two facts share one array. */
const LISTS: readonly (readonly string[])[] = [[], ['ACTIVE'], ['ACTIVE', 'HALTED'], ['2'], ['', 'abc']];

export function randomFactValue(g: Gen): FactValue | undefined {
  const r = g.rand();
  if (r < 0.6) return g.pick(NUMBERS);
  if (r < 0.67) return undefined;
  if (r < 0.72) return g.int(2000) / 100 - 10;
  if (r < 0.78) return [...g.pick(LISTS)] as unknown as FactValue; // a list fact: the evaluator's facts may hold one
  return g.pick(ODD_VALUES);
}

export function randomFacts(g: Gen, names: readonly string[] = FACT_NAMES): Record<string, FactValue | undefined> {
  const out: Record<string, FactValue | undefined> = {};
  for (const n of names) {
    const v = randomFactValue(g);
    if (v !== undefined || g.chance(0.5)) out[n] = v; // sometimes an explicit undefined, sometimes absent
  }
  return out;
}

function literal(g: Gen): ConditionValue {
  return g.chance(0.75) ? g.pick(NUMBERS) : (g.pick(ODD_VALUES) as ConditionValue);
}

export function randomValue(g: Gen, op: OperatorSpec): ConditionValue {
  switch (op.value) {
    case 'array': return Array.from({ length: g.int(4) }, () => literal(g));
    case 'number-pair': { const x = g.pick(NUMBERS); const y = g.pick(NUMBERS); return g.chance(0.8) ? [Math.min(x, y), Math.max(x, y)] : [x, y]; }
    case 'number': return g.chance(0.2) ? { fact: g.pick(FACT_NAMES) } : g.chance(0.9) ? g.pick(NUMBERS) : literal(g);
    default: return g.chance(0.25) ? { fact: g.pick(FACT_NAMES) } : literal(g);
  }
}

export function randomLeaf(g: Gen, op: OperatorSpec = g.pick(OPERATORS)): ConditionNode {
  return { fact: g.pick(FACT_NAMES), operator: op.name, value: randomValue(g, op) };
}

export function randomNode(g: Gen, depth: number, op?: OperatorSpec): ConditionNode {
  if (depth <= 0 || g.chance(0.4)) return randomLeaf(g, op);
  const k = g.int(3);
  const children = () => Array.from({ length: g.int(4) + (g.chance(0.9) ? 1 : 0) }, () => randomNode(g, depth - 1, g.chance(0.5) ? op : undefined));
  if (k === 0) return { all: children() };
  if (k === 1) return { any: children() };
  return { not: randomNode(g, depth - 1, op) };
}

/** A random rule root (all / any / not) that uses `op` at least once. */
export function randomTree(g: Gen, op?: OperatorSpec): ConditionTree {
  const first = randomLeaf(g, op);
  const rest = Array.from({ length: g.int(3) }, () => randomNode(g, 3, op));
  const k = g.int(3);
  if (k === 0) return { all: [first, ...rest] };
  if (k === 1) return { any: [...rest, first] };
  return { not: rest.length ? { any: [first, ...rest] } : first };
}

export type { Facts };

type Obj = Record<string, unknown>;

/**
 * One defect json-rules-engine would read differently from the compiler (or not at all), with the code both paths
 * must throw. `inject` changes a copy of a leaf or a group in place.
 */
export const DEFECTS: ReadonlyArray<{ name: string; code: string; on: 'leaf' | 'group'; inject: (n: Obj) => void }> = [
  { name: 'a path on a leaf', code: 'TW_EVALUATE_UNSUPPORTED', on: 'leaf', inject: (n) => { n.path = '$.x'; } },
  { name: 'params on a leaf', code: 'TW_EVALUATE_UNSUPPORTED', on: 'leaf', inject: (n) => { n.params = { unit: 'x' }; } },
  { name: 'a priority on a leaf', code: 'TW_EVALUATE_UNSUPPORTED', on: 'leaf', inject: (n) => { n.priority = 5; } },
  { name: 'a path on a { fact } value', code: 'TW_EVALUATE_UNSUPPORTED', on: 'leaf', inject: (n) => { n.operator = 'equal'; n.value = { fact: 'b', path: '$.y' }; } },
  { name: 'params on a { fact } value', code: 'TW_EVALUATE_UNSUPPORTED', on: 'leaf', inject: (n) => { n.operator = 'greaterThan'; n.value = { fact: 'b', params: { k: 1 } }; } },
  { name: 'a { fact } value that names no fact', code: 'TW_EVALUATE_BAD_VALUE', on: 'leaf', inject: (n) => { n.operator = 'equal'; n.value = { fact: 3 }; } },
  { name: 'an object value that is no reference', code: 'TW_EVALUATE_BAD_VALUE', on: 'leaf', inject: (n) => { n.operator = 'equal'; n.value = { x: 1 }; } },
  { name: 'an unbound { param }', code: 'TW_EVALUATE_UNKNOWN_PARAM', on: 'leaf', inject: (n) => { n.operator = 'lessThan'; n.value = { param: 'limit' }; } },
  { name: 'an operator decorator', code: 'TW_EVALUATE_UNKNOWN_OPERATOR', on: 'leaf', inject: (n) => { n.operator = 'not:equal'; } },
  { name: 'a leaf without value', code: 'TW_EVALUATE_BAD_CONDITION', on: 'leaf', inject: (n) => { delete n.value; } },
  { name: 'an unknown node type', code: 'TW_EVALUATE_BAD_CONDITION', on: 'group', inject: (n) => { for (const k of Object.keys(n)) delete n[k]; n.xor = []; } },
  { name: 'an empty node', code: 'TW_EVALUATE_BAD_CONDITION', on: 'group', inject: (n) => { for (const k of Object.keys(n)) delete n[k]; } },
  { name: 'a condition reference', code: 'TW_EVALUATE_UNSUPPORTED', on: 'group', inject: (n) => { for (const k of Object.keys(n)) delete n[k]; n.condition = 'shared'; } },
  { name: 'a priority on a group', code: 'TW_EVALUATE_UNSUPPORTED', on: 'group', inject: (n) => { n.priority = 2; } },
  { name: 'a group with both all and any', code: 'TW_EVALUATE_BAD_CONDITION', on: 'group', inject: (n) => { n.all = []; n.any = []; delete n.not; } },
];

function nodesOf(n: unknown, kind: 'leaf' | 'group', out: Obj[]): Obj[] {
  if (typeof n !== 'object' || n === null) return out;
  const o = n as Obj;
  if ('fact' in o) { if (kind === 'leaf') out.push(o); return out; }
  if (kind === 'group') out.push(o);
  for (const k of ['all', 'any'] as const) if (Array.isArray(o[k])) (o[k] as unknown[]).forEach((c) => nodesOf(c, kind, out));
  if ('not' in o) nodesOf(o.not, kind, out);
  return out;
}

/** A random tree with `defect` injected at one random leaf or group (a deep copy; the defect may sit deep inside). */
export function randomMalformed(g: Gen, defect: (typeof DEFECTS)[number]): ConditionTree {
  const tree = structuredClone(randomTree(g)) as unknown as Obj;
  const nodes = nodesOf(tree, defect.on, []);
  defect.inject(g.pick(nodes));
  return tree as unknown as ConditionTree;
}
