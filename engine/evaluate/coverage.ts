/**
 * Condition coverage (docs/dry-run.md, "Rule coverage"): one compiled rule evaluated on one position's (or the
 * portfolio's) facts, leaf by leaf. Every leaf's own result is computed, and each says whether the compiled
 * predicate's left-to-right short-circuit reached it (`all` stops at the first false child, `any` at the first true
 * one; `not` reaches its child). A leaf that was not reached counts as neither true nor false for coverage.
 *
 * Pure and read-only: decisions never go through here. `matched` equals the rule's own predicate (a property test
 * holds the two together: test/evaluate/coverage.test.ts).
 */
import type { ConditionNode, ConditionTree } from '../config/types.ts';
import { isLeaf } from './bind.ts';
import { compileCondition, type Predicate } from './compile.ts';
import type { CompiledRule } from './rule-set.ts';
import type { BoundFacts, Facts } from './types.ts';

export interface LeafOutcome {
  /** JSON pointer of the leaf inside the rule's `when` (e.g. `/any/1/all/0`; `` for a leaf root). */
  readonly pointer: string;
  readonly fact: string;
  readonly operator: string;
  /** The value as bound for this rule instance (a `{ fact }` reference stays a reference). */
  readonly value: unknown;
  /** The leaf's own result on these facts. */
  readonly result: boolean;
  /** Whether the short-circuiting evaluation reached this leaf. */
  readonly reached: boolean;
}

export interface ConditionOutcome {
  /** The rule's result (the same as its compiled predicate). */
  readonly matched: boolean;
  /** Every leaf, in the order written. */
  readonly leaves: readonly LeafOutcome[];
}

type Plan =
  | { kind: 'leaf'; pointer: string; fact: string; operator: string; value: unknown; test: Predicate }
  | { kind: 'all' | 'any'; children: Plan[] }
  | { kind: 'not'; child: Plan };

const plans = new WeakMap<CompiledRule, Plan>();

function planOf(node: ConditionNode, rule: string, pointer: string, bound: BoundFacts): Plan {
  if (isLeaf(node)) {
    // A leaf alone under `all` compiles to exactly its own comparison (compile.ts).
    const { predicate } = compileCondition({ all: [node] } as ConditionTree, rule, bound);
    return { kind: 'leaf', pointer, fact: node.fact, operator: node.operator, value: node.value, test: predicate };
  }
  if ('all' in node) return { kind: 'all', children: node.all.map((c, i) => planOf(c, rule, `${pointer}/all/${i}`, bound)) };
  if ('any' in node) return { kind: 'any', children: node.any.map((c, i) => planOf(c, rule, `${pointer}/any/${i}`, bound)) };
  return { kind: 'not', child: planOf(node.not, rule, `${pointer}/not`, bound) };
}

function run(plan: Plan, reached: boolean, args: [Facts, Facts, Facts | undefined, Facts | undefined], out: LeafOutcome[]): boolean {
  if (plan.kind === 'leaf') {
    const result = plan.test(...args);
    out.push({ pointer: plan.pointer, fact: plan.fact, operator: plan.operator, value: plan.value, result, reached });
    return result;
  }
  if (plan.kind === 'not') return !run(plan.child, reached, args, out);
  // An empty all/any is true (json-rules-engine; compile.ts).
  if (plan.children.length === 0) return true;
  if (plan.kind === 'all') {
    let acc = true;
    for (const c of plan.children) acc = run(c, reached && acc, args, out) && acc;
    return acc;
  }
  let acc = false;
  for (const c of plan.children) acc = run(c, reached && !acc, args, out) || acc;
  return acc;
}

/**
 * Evaluates `rule` on a position's facts `p` over the portfolio's `g` (previous tick: `pp`, `pg`), leaf by leaf.
 * For a portfolio rule pass the portfolio facts as `g` and an empty object as `p`.
 */
export function conditionOutcomes(rule: CompiledRule, p: Facts, g: Facts, pp: Facts | undefined, pg: Facts | undefined): ConditionOutcome {
  let plan = plans.get(rule);
  if (!plan) plans.set(rule, (plan = planOf(rule.when, rule.name, '', rule.bound)));
  const leaves: LeafOutcome[] = [];
  const matched = run(plan, true, [p, g, pp, pg], leaves);
  return { matched, leaves };
}
