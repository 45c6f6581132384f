/**
 * The compiler: a bound condition tree becomes one JavaScript function (built with `new Function`), so a rule costs
 * a few property reads and comparisons per position instead of a json-rules-engine run. Semantics are exactly those
 * of ./operators.ts; the differential test (test/evaluate/differential.test.ts) holds the two to each other.
 *
 * Each leaf is its operator's own code (OPERATOR_IMPLS: `inline` when it has one, else a call to its `test`), so the
 * compiler knows no operator by name. The tree's shape is checked first (./shape.ts), exactly as the reference does.
 *
 * Fact lookup: a position-scope predicate sees the position's facts merged over the portfolio's; a key whose value
 * is `undefined` counts as absent. Crossing operators read the previous tick's facts the same way. Facts in `bound`
 * (a strategy's facts from its config, e.g. `tags`: ./strategy-facts.ts) are constants of the compiled predicate.
 */
import type { OperatorName } from '../catalogue/index.ts';
import type { ConditionNode, ConditionTree } from '../config/types.ts';
import type { BoundFacts, Facts } from './types.ts';
import { checkConditionTree, isFactRef } from './shape.ts';
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

/** What the generated code calls: every operator's `test` by name, and json-rules-engine's number check. */
const HELPERS = Object.freeze({ jreNumeric: ops.jreNumeric, ...Object.fromEntries(Object.entries(ops.OPERATOR_IMPLS).map(([n, o]) => [n, o.test])) });

function literal(v: unknown, consts: unknown[]): string {
  if ((typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0)) || typeof v === 'string' || typeof v === 'boolean' || v === null) return JSON.stringify(v);
  consts.push(v);
  return `C[${consts.length - 1}]`;
}

const NONE: BoundFacts = Object.freeze({});

/**
 * Compiles a bound condition tree. `rule` names the rule in errors. Facts in `bound` are read from it, not per tick
 * (and are not listed in `facts`).
 */
export function compileCondition(tree: ConditionTree, rule: string, bound: BoundFacts = NONE): CompiledCondition {
  const consts: unknown[] = [];
  const facts: string[] = [];
  const crossing: string[] = [];
  let temps = 0;
  const note = (list: string[], f: string) => { if (!list.includes(f)) list.push(f); };
  const get = (f: string) => {
    if (Object.prototype.hasOwnProperty.call(bound, f)) return literal(bound[f], consts);
    const t = `t${temps++}`; return `((${t} = p[${JSON.stringify(f)}]) !== undefined ? ${t} : g[${JSON.stringify(f)}])`;
  };
  const getPrev = (f: string) => {
    if (Object.prototype.hasOwnProperty.call(bound, f)) return literal(bound[f], consts);
    const t = `t${temps++}`; const k = JSON.stringify(f);
    return `((${t} = (pp !== undefined ? pp[${k}] : undefined)) !== undefined ? ${t} : (pg !== undefined ? pg[${k}] : undefined))`;
  };

  /** One leaf: `A` reads the fact into variable `a`, `V` is the value; the operator's own code compares them. */
  function leaf(n: Record<string, unknown>): string {
    const fact = n.fact as string;
    const operator = n.operator as OperatorName;
    const value = n.value;
    const impl: ops.OperatorImpl = ops.OPERATOR_IMPLS[operator];
    if (!Object.prototype.hasOwnProperty.call(bound, fact)) note(facts, fact);
    const a = `a${temps++}`;
    const A = `(${a} = ${get(fact)})`;
    let V: string;
    if (isFactRef(value)) {
      if (!Object.prototype.hasOwnProperty.call(bound, value.fact)) note(facts, value.fact);
      V = get(value.fact);
    } else {
      V = literal(value, consts);
    }
    if (impl.crossing) { note(crossing, fact); return `H[${JSON.stringify(operator)}](${A}, ${V}, ${getPrev(fact)})`; }
    if (impl.inline) return `(${A}, ${impl.inline(a, V)})`;
    return `H[${JSON.stringify(operator)}](${A}, ${V})`;
  }

  function node(n: ConditionNode): string {
    const r = n as unknown as Record<string, unknown>;
    const has = (k: string) => Object.prototype.hasOwnProperty.call(r, k);
    // json-rules-engine: an empty all/any is true; a single child is evaluated alone.
    if (has('any')) { const xs = (r.any as ConditionNode[]).map(node); return xs.length ? `(${xs.join(' || ')})` : 'true'; }
    if (has('all')) { const xs = (r.all as ConditionNode[]).map(node); return xs.length ? `(${xs.join(' && ')})` : 'true'; }
    if (has('not')) return `!${node(r.not as ConditionNode)}`;
    return leaf(r);
  }

  checkConditionTree(tree, rule);
  const expr = node(tree);
  const decl = temps ? `let ${Array.from({ length: temps }, (_, i) => `t${i}, a${i}`).join(', ')};\n` : '';
  const source = `return function predicate(p, g, pp, pg) {\n${decl}return ${expr};\n};`;
  const predicate = new Function('H', 'C', source)(HELPERS, consts) as Predicate;
  return { predicate, facts, crossingFacts: crossing, source };
}
