/**
 * Portfolio limits, read from the config: the trader writes them as portfolio rules that halt entries (catalogue
 * `haltsEntries`: `halt-entries`, `halt`, `close-all`) when a book figure reaches a threshold, e.g. `openPositions greaterThanInclusive
 * { param: maxOpenPositions }`. Each such condition on a figure an entry moves is a limit the entry gate checks
 * **after** the entry: no entry may carry the figure strictly past its threshold (engine/risk/entry-limits.ts).
 *
 * A condition is a limit when it alone makes the rule fire: it is the rule's whole `when`, or sits under `any`
 * groups only (an `all` with a single child counts as that child). A condition under `not`, or next to others in an
 * `all` (a conjunction), is not a limit of its own; the gate still honours it by re-evaluating the whole rule on the
 * book as planned so far (`checkEntryLimits`).
 */
import { actionSpec } from '../catalogue/index.ts';
import type { ConditionNode } from '../config/types.ts';
import type { OperatorName } from '../catalogue/index.ts';
import { operatorImpl, type CompiledRule } from '../evaluate/index.ts';

/** The portfolio facts an entry moves (everything else is the same before and after it). */
export const ENTRY_MOVED_FACTS: readonly string[] = ['openPositions', 'positionsPerUnderlying', 'netDelta', 'netGamma', 'netVega', 'netTheta'];

/** An operator with a one-sided `threshold` (engine/evaluate/operators.ts): greaterThan, lessThanInclusive, … */
export type LimitOperator = OperatorName;
const thresholdOf = (op: LimitOperator) => operatorImpl(op)?.threshold ?? { side: 'above' as const };

export interface PortfolioLimit {
  /** How it is named in records and logs: `<rule>.<param>` when the threshold is a parameter, else `<rule>:<fact>`. */
  readonly name: string;
  readonly rule: string;
  readonly param: string | null;
  readonly fact: string;
  readonly operator: LimitOperator;
  readonly threshold: number;
}

/** Whether `value` lies strictly past the limit's threshold (unknown counts as past: it cannot be shown to hold). */
export function pastLimit(l: PortfolioLimit, value: unknown): boolean {
  if (typeof value !== 'number' || Number.isNaN(value)) return true;
  const t = thresholdOf(l.operator);
  const x = t.abs ? Math.abs(value) : value;
  return t.side === 'above' ? x > l.threshold : x < l.threshold;
}

/** The limit as a sentence fragment: `openPositions ≤ 12`, `|netDelta| ≤ 250`, `netTheta ≥ 0`. */
export function limitText(l: PortfolioLimit): string {
  const t = thresholdOf(l.operator);
  return `${t.abs ? `|${l.fact}|` : l.fact} ${t.side === 'above' ? '≤' : '≥'} ${l.threshold}`;
}

/** Rules whose match stops entries: every portfolio rule whose action halts entries (catalogue `haltsEntries`). */
export function haltingRules(portfolioRules: readonly CompiledRule[]): CompiledRule[] {
  return portfolioRules.filter((r) => actionSpec(r.rule.then.action).haltsEntries);
}

const cache = new WeakMap<readonly CompiledRule[], readonly PortfolioLimit[]>();

/** The limits the halting portfolio rules define, in rule order (memoised per compiled rule list). */
export function portfolioLimits(portfolioRules: readonly CompiledRule[]): readonly PortfolioLimit[] {
  const known = cache.get(portfolioRules);
  if (known) return known;
  const out: PortfolioLimit[] = [];
  for (const r of haltingRules(portfolioRules)) collect(r.name, r.rule.when, r.when, out);
  const frozen = Object.freeze(out.map((l) => Object.freeze(l)));
  cache.set(portfolioRules, frozen);
  return frozen;
}

/** Walks the condition as written (`written`, for parameter names) and as bound (`bound`, for values) together. */
function collect(rule: string, written: ConditionNode, bound: ConditionNode, out: PortfolioLimit[]): void {
  if ('any' in bound && 'any' in written) {
    bound.any.forEach((c, i) => collect(rule, written.any[i], c, out));
    return;
  }
  if ('all' in bound && 'all' in written) {
    if (bound.all.length === 1) collect(rule, written.all[0], bound.all[0], out);
    return;
  }
  if (!('fact' in bound) || !('fact' in written)) return;
  const op = bound.operator as LimitOperator;
  if (!operatorImpl(op)?.threshold || typeof bound.value !== 'number' || !ENTRY_MOVED_FACTS.includes(bound.fact)) return;
  const v = written.value;
  const param = typeof v === 'object' && v !== null && !Array.isArray(v) && 'param' in v ? v.param : null;
  out.push({ name: param ? `${rule}.${param}` : `${rule}:${bound.fact}`, rule, param, fact: bound.fact, operator: op, threshold: bound.value });
}
