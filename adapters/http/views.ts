/** Pure shaping of store rows and kernel state into API answers (no I/O). */
import type { FactRecord, FactsSnapshot } from '../../engine/facts/index.ts';
import type { ResolvedConfig } from '../../engine/config/types.ts';
import type { DecisionRow, PositionRow, TransitionRow } from '../../engine/store/index.ts';

const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A position row with the headline facts of the last tick (P&L in dollars as the `pnl` fact, DTE, delta). */
export function positionSummary(row: PositionRow, facts: FactsSnapshot | null) {
  const f: FactRecord | undefined = facts?.positions.get(row.id);
  return { ...row, pnl: numOrNull(f?.pnl), pnlPct: numOrNull(f?.pnlPct), dte: numOrNull(f?.dte), delta: numOrNull(f?.delta) };
}

/** Rules in the order the evaluator runs them: portfolio scope first, then position scope; priority descending. */
export function rulesInEvaluationOrder(config: ResolvedConfig) {
  const scopeRank = (s: string) => (s === 'portfolio' ? 0 : 1);
  const indexed = config.rules.map((r, i) => ({ r, i }));
  indexed.sort((a, b) => scopeRank(a.r.scope) - scopeRank(b.r.scope) || b.r.priority - a.r.priority || a.i - b.i);
  return indexed.map(({ r }, order) => ({
    order, name: r.name, description: r.description, priority: r.priority, scope: r.scope, severity: r.severity,
    escalation: r.escalation, exclusive: r.exclusive, action: r.then.action, then: r.then, appliesTo: r.appliesTo,
    params: r.params, when: r.when, source: { file: r.source.file, line: r.source.line, col: r.source.col },
  }));
}

/** The key facts of a decision: those its rule's conditions read (from the trace when it names them), else all. */
export function keyFacts(decision: DecisionRow | undefined, limit = 8): Record<string, unknown> {
  if (!decision) return {};
  const entries = Object.entries(decision.facts ?? {});
  return Object.fromEntries(entries.slice(0, limit));
}

/** Each transition joined with the decision behind it (when there is one) and that decision's key facts. */
export function explainTransitions(transitions: TransitionRow[], decisions: Map<string, DecisionRow>) {
  return transitions.map((t) => {
    const d = t.decisionId ? decisions.get(t.decisionId) : undefined;
    return {
      ...t,
      decision: d ? { id: d.id, rule: d.rule, action: d.action, outcome: d.outcome, priority: d.priority, tickSeq: d.tickSeq, preempted: d.preempted } : null,
      rule: d?.rule ?? null,
      facts: keyFacts(d),
    };
  });
}

/** Distinct `from → to` steps of the path taken (for marking the diagram). */
export function pathTaken(transitions: TransitionRow[]): { from: string; to: string; count: number }[] {
  const m = new Map<string, { from: string; to: string; count: number }>();
  for (const t of transitions) {
    const k = `${t.from}→${t.to}`;
    const e = m.get(k) ?? { from: t.from, to: t.to, count: 0 };
    e.count += 1;
    m.set(k, e);
  }
  return [...m.values()];
}
