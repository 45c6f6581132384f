/**
 * Fallbacks: a winning decision that cannot be carried out (a roll with no target in the chain, …) is recorded
 * `unexecutable` with its reason, and the rule's `fallback` says what happens in the same tick instead:
 *
 * - `next` (default): the next matching exclusive rule of the position, in priority order (the winner's `preempted`
 *   list), is decided as if it had won; it goes through the risk gate like any decision.
 * - `close`: the position is closed under the same rule, with the rule's order style (what a stop-like roll wants).
 * - `none`: nothing else happens.
 *
 * A risk-gate block (trading state, stale marks) is not "unexecutable": it is the gate's answer and does not fall
 * through. Nor is a position busy working an order (`ignored`). See docs/evaluation.md § Unexecutable decisions.
 */
import type { RuleFallback } from '../config/index.ts';
import { PREV_PREFIX, type CompiledRule, type Decision, type Facts, type FactValue } from '../evaluate/index.ts';
import type { FactsSnapshot } from '../facts/index.ts';
import type { BookEntry } from './book.ts';
import type { KernelState } from './state.ts';

/** One link of a fallback chain, as the trace shows it: what was decided and what became of it. */
export interface ChainLink {
  readonly rule: string;
  readonly action: string;
  readonly priority: number;
  readonly outcome: 'unexecutable' | 'applied' | 'blocked' | 'ignored';
  readonly reason?: string;
  /** How this link was reached from the previous one (absent on the winner). */
  readonly via?: RuleFallback;
}

/** The rule set the position is evaluated under (its pinned version's, or the current one). */
function rulesOf(k: KernelState, e: BookEntry) {
  const pinned = e.pinnedVersion && e.pinnedVersion !== k.current.config.version ? k.versions.get(e.pinnedVersion) : undefined;
  return (pinned ?? k.current).rules;
}

/** The `fallback` of the rule named `rule` as the position's config version has it (ladder steps: `next`). */
export function ruleFallback(k: KernelState, e: BookEntry, rule: string): RuleFallback {
  const r = rulesOf(k, e).config.rules.find((x) => x.name === rule);
  return r?.then.fallback ?? 'next';
}

function lookup(p: Facts | undefined, g: Facts | undefined, name: string): FactValue | undefined {
  const v = p?.[name];
  return v !== undefined ? v : g?.[name];
}

/** The decision `rule` would have made for the position on this tick's facts (the same shape the evaluator builds). */
function decisionOf(rule: CompiledRule, e: BookEntry, facts: FactsSnapshot, prevPortfolio: Facts | undefined, preempted: readonly string[]): Decision {
  const p = facts.positions.get(e.actor.id) ?? {};
  const seen: Record<string, FactValue | undefined> = {};
  for (const f of rule.facts) seen[f] = lookup(p, facts.portfolio, f);
  for (const f of rule.crossingFacts) seen[PREV_PREFIX + f] = lookup(e.prevFacts, prevPortfolio, f);
  const r = rule.rule;
  return {
    rule: r.name, action: r.then.action, params: rule.action, priority: r.priority, severity: r.severity, scope: r.scope,
    escalation: r.escalation, facts: seen, preempted, positionId: e.actor.id, strategy: e.actor.context().strategy,
  };
}

/**
 * What `d` falls back to when it cannot be carried out, or null (fallback `none`, or `next` with no further match).
 * The fallback decision's own `preempted` is what is left of the list, so a chain can continue.
 */
export function fallbackDecision(k: KernelState, e: BookEntry, d: Decision, mode: RuleFallback, facts: FactsSnapshot): Decision | null {
  if (mode === 'none') return null;
  if (mode === 'close') {
    return { ...d, action: 'close', params: { orderStyle: d.params.orderStyle ?? 'limit', ...(d.params.message ? { message: d.params.message } : {}) }, preempted: [] };
  }
  const [next, ...rest] = d.preempted;
  if (next === undefined) return null;
  const rule = rulesOf(k, e).positionRules.get(e.actor.context().strategy)?.find((r) => r.name === next);
  return rule ? decisionOf(rule, e, facts, k.prevPortfolio, rest) : null;
}

/** The trace of one link: the evaluator's trace plus the chain so far (serialised: a Trace expands on toJSON). */
export function chainTrace(trace: object | null, chain: readonly ChainLink[], extra: Record<string, unknown> = {}): object {
  return { ...(trace ? (JSON.parse(JSON.stringify(trace)) as object) : {}), chain, ...extra };
}
