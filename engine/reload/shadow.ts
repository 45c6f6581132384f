/**
 * The shadow evaluation's summary: what a candidate config version would decide right now for the open positions
 * (the kernel's `shadow(config)` evaluates it on the last tick's facts; nothing is sent). Counted by rule and action,
 * in words a trader reads (the action catalogue's `would`): "3 positions would close under take-profit".
 */
import { actionSpec } from '../catalogue/index.ts';
import type { ActionType } from '../config/types.ts';
import type { Evaluation } from '../evaluate/index.ts';
import type { ShadowAction, ShadowSummary } from './types.ts';

export interface ShadowContext {
  /** Live positions in the `managed` phase, all versions included (a `close-all` would close every one of them). */
  managedPositions: number;
}

export function summarizeShadow(ev: Evaluation | null, ctx: ShadowContext): ShadowSummary {
  if (!ev) return { evaluated: 0, actions: [], portfolio: [], alerts: [], closes: 0, lines: ['no tick has run yet: nothing to evaluate'] };
  const actions: ShadowAction[] = [...ev.positionDecisions.values()].map((d) => ({
    positionId: d.positionId ?? '', strategy: d.strategy ?? null, rule: d.rule, action: d.action,
  })).sort((a, b) => (a.positionId < b.positionId ? -1 : a.positionId > b.positionId ? 1 : 0));
  const portfolio = ev.portfolioDecisions.map((d) => ({ rule: d.rule, action: d.action }));
  const alerts = [...new Set(ev.alerts.map((d) => d.rule))];
  const closesBook = portfolio.some((p) => actionSpec(p.action).closes === 'every-position');
  const closes = closesBook ? ctx.managedPositions : actions.filter((a) => actionSpec(a.action).closes === 'position').length;
  return { evaluated: ev.traces.size, actions, portfolio, alerts, closes, lines: describe(actions, portfolio, alerts, ctx) };
}

function describe(actions: ShadowAction[], portfolio: ShadowSummary['portfolio'], alerts: string[], ctx: ShadowContext): string[] {
  const lines: string[] = [];
  for (const p of portfolio) {
    if (actionSpec(p.action).closes === 'every-position') lines.push(`all ${plural(ctx.managedPositions)} would close under ${p.rule} (${p.action})`);
    else lines.push(`${p.rule} would ${actionSpec(p.action).would}`);
  }
  const groups = new Map<string, { rule: string; action: ActionType; n: number }>();
  for (const a of actions) {
    const key = `${a.action}|${a.rule}`;
    const g = groups.get(key) ?? { rule: a.rule, action: a.action, n: 0 };
    g.n += 1;
    groups.set(key, g);
  }
  const sorted = [...groups.values()].sort((a, b) => b.n - a.n || (a.rule < b.rule ? -1 : 1));
  for (const g of sorted) lines.push(`${plural(g.n)} would ${actionSpec(g.action).would} under ${g.rule}`);
  if (alerts.length) lines.push(`alerts would fire: ${alerts.join(', ')}`);
  return lines;
}

function plural(n: number): string {
  return `${n} position${n === 1 ? '' : 's'}`;
}
