/**
 * A critical decision is also an alert: a portfolio decision (e.g. portfolio-circuit-breaker's halt-entries) or a
 * position decision (e.g. catastrophe-stop) of a `severity: critical` rule is stored in the alerts table once, on the
 * tick its rule starts matching (for that position), not on every tick it keeps matching. Notify-only actions (alert)
 * are alerts already (decisions.ts) and are skipped here. The alert names the action by its catalogue `alertText`
 * (halt-entries: "entries halted"), else as `<action> <position>`.
 */
import { actionSpec } from '../catalogue/index.ts';
import type { GatedDecision, GatedTick } from '../risk/index.ts';
import { trackEntriesHalted } from './entries-halted.ts';
import type { KernelState } from './state.ts';
import type { TickWork } from './tick-work.ts';

export function alertCriticalDecisions(k: KernelState, w: TickWork, gated: GatedTick): void {
  const active = new Set<string>();
  const consider = (g: GatedDecision) => {
    const d = g.decision;
    const spec = actionSpec(d.action);
    if (d.severity !== 'critical' || spec.notifyOnly) return;
    const key = `${d.rule}|${d.positionId ?? ''}`;
    active.add(key);
    if (k.criticalActive.has(key)) return;
    const what = spec.alertText ?? (d.positionId ? `${d.action} ${d.positionId}` : d.action);
    const blocked = g.outcome === 'blocked' ? ` (blocked: ${g.message})` : '';
    w.alert('critical', `rule ${d.rule}`, d.positionId ?? null, `${d.rule}: ${what}${d.params.message ? ` — ${d.params.message}` : ''}${blocked}`);
  };
  for (const g of gated.portfolioDecisions) consider(g);
  for (const g of gated.positionDecisions.values()) consider(g);
  k.criticalActive = active;
}

/** What the kernel notes about every gated tick: critical decisions as alerts, the halt-entries streak. */
export function noteGatedTick(k: KernelState, w: TickWork, gated: GatedTick): void {
  alertCriticalDecisions(k, w, gated);
  trackEntriesHalted(k, gated);
}
