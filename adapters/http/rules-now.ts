/**
 * "Rules now": every rule that applies to a live position (or the portfolio rules), in evaluation order, explained
 * on the last committed tick's facts exactly as `dry-run --explain` does (engine/evaluate `explain`): whether it
 * matches, and for each condition the fact seen, the threshold and how close the fact is to it.
 */
import { compileRuleSet, explain, operatorImpl, operatorLabel, type CompiledRuleSet, type ExplainNode, type Facts } from '../../engine/evaluate/index.ts';
import type { ResolvedConfig } from '../../engine/config/types.ts';
import type { FactsSnapshot } from '../../engine/facts/index.ts';

const sets = new WeakMap<ResolvedConfig, CompiledRuleSet>();
/** The compiled rule set of a config version, compiled once (the kernel compiles its own the same way). */
export function ruleSetOf(config: ResolvedConfig): CompiledRuleSet {
  let set = sets.get(config);
  if (!set) sets.set(config, (set = compileRuleSet(config)));
  return set;
}

export interface ConditionNow {
  kind: 'leaf' | 'all' | 'any' | 'not';
  depth: number;
  result: boolean | null;
  fact?: string;
  operator?: string;
  /** As a trader reads it: `pnlPct ≥ 0.5`. */
  text?: string;
  factValue?: unknown;
  threshold?: unknown;
  previousValue?: unknown;
  /**
   * How far the fact has come towards a one-sided threshold, 0..1 (1: reached). For `pnlPct ≥ 0.5` at 0.38: 0.76;
   * for `dte ≤ 21` at 23: 21/23; for `dailyPnlPct ≤ -0.05` at -0.01: 0.2 (0 while the fact is on the other side of
   * zero). Null when the operator has no one-sided threshold or a value is not a number.
   */
  progress: number | null;
}

export interface RuleNow {
  order: number;
  rule: string;
  priority: number;
  action: string;
  severity: string;
  matched: boolean;
  params: Record<string, unknown>;
  conditions: ConditionNow[];
}

const fmt = (v: unknown): string => (typeof v === 'number' ? String(Number.isInteger(v) ? v : Number(v.toFixed(4))) : typeof v === 'string' ? v : JSON.stringify(v));

/** 0..1 towards the threshold for one-sided operators (above: fact/threshold, below: threshold/fact), else null. */
export function progressOf(operator: string, factValue: unknown, threshold: unknown): number | null {
  const side = operatorImpl(operator)?.threshold;
  if (!side || typeof factValue !== 'number' || typeof threshold !== 'number' || !Number.isFinite(factValue) || !Number.isFinite(threshold)) return null;
  const f = side.abs ? Math.abs(factValue) : factValue;
  const t = side.abs ? Math.abs(threshold) : threshold;
  if (t === 0) return (side.side === 'above' ? f >= 0 : f <= 0) ? 1 : null;
  if (side.side === 'above') {
    if (f >= t) return 1;
    return t > 0 ? Math.max(0, f) / t : t / f; // t < 0: f < t < 0
  }
  if (f <= t) return 1;
  return t > 0 ? t / f : f < 0 ? f / t : 0; // t < 0: a loss limit, f on the way to it while negative
}

/** The explanation tree as flat rows (depth-first), leaves with their numbers. */
export function flatten(node: ExplainNode, depth = 0, out: ConditionNow[] = []): ConditionNow[] {
  if (node.kind === 'leaf') {
    out.push({
      kind: 'leaf', depth, result: node.result, fact: node.fact, operator: node.operator, text: operatorLabel(node.operator, node.fact, fmt(node.comparedWith)),
      factValue: node.factValue ?? null, threshold: node.comparedWith ?? null, ...(node.previousValue !== undefined ? { previousValue: node.previousValue } : {}),
      progress: progressOf(node.operator, node.factValue, node.comparedWith),
    });
    return out;
  }
  out.push({ kind: node.kind, depth, result: node.result, progress: null });
  for (const c of node.children) flatten(c, depth + 1, out);
  return out;
}

/** Position rules, priority descending, then as declared (the evaluator's order). */
function byPriority(config: ResolvedConfig, names: readonly string[] | null, scope: 'position' | 'portfolio') {
  const indexed = config.rules.map((r, i) => ({ r, i })).filter(({ r }) => r.scope === scope && (names === null || names.includes(r.name)));
  return indexed.sort((a, b) => b.r.priority - a.r.priority || a.i - b.i).map(({ r }) => r);
}

async function explainAll(config: ResolvedConfig, rules: ReturnType<typeof byPriority>, strategy: string | null, facts: Facts): Promise<RuleNow[]> {
  const set = ruleSetOf(config);
  const out: RuleNow[] = [];
  for (const [order, r] of rules.entries()) {
    const ex = await explain(set, r.name, strategy, facts);
    out.push({
      order, rule: r.name, priority: r.priority, action: r.then.action, severity: r.severity, matched: ex.matched,
      params: { ...ex.params }, conditions: flatten(ex.conditions),
    });
  }
  return out;
}

/** The position rules of `strategy` on the position's facts (portfolio facts included, as the evaluator sees them). */
export function positionRulesNow(config: ResolvedConfig, strategy: string, facts: Facts): Promise<RuleNow[]> {
  const s = config.strategies.find((x) => x.name === strategy);
  return explainAll(config, byPriority(config, s?.rules ?? [], 'position'), s ? strategy : null, facts);
}

/** The portfolio rules on the portfolio facts. */
export function portfolioRulesNow(config: ResolvedConfig, snapshot: FactsSnapshot): Promise<RuleNow[]> {
  return explainAll(config, byPriority(config, null, 'portfolio'), null, snapshot.portfolio as Facts);
}
