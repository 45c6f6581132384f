/** Checks a scenario's expectations against what the run recorded; failures say what happened instead. */
import type { ResolvedExpectation } from '../../adapters/scenario/index.ts';
import { formatTime } from '../../adapters/scenario/index.ts';
import type { DecisionRecord } from '../../engine/kernel/index.ts';
import { checkClosed, orderLine } from './checks.ts';
import { explainRule, decisionLine, decisionTrace } from './explain.ts';
import type { ExpectationResult, ScenarioRun, TickRecord } from './types.ts';

/** `now` (ms) times each check for JUnit's `time`; nothing else reads it. */
export async function checkExpectations(run: ScenarioRun, expect: readonly ResolvedExpectation[], now: () => number = () => 0): Promise<ExpectationResult[]> {
  const out: ExpectationResult[] = [];
  for (const e of expect) {
    const began = now();
    const r = await checkOne(run, e);
    out.push({ ...r, seconds: (now() - began) / 1000 });
  }
  return out;
}

function tickOf(run: ScenarioRun, e: ResolvedExpectation): number | null {
  if (e.tick !== null) return e.tick;
  if (e.time !== null) return run.ticks.find((t) => t.time === e.time)?.index ?? -1;
  return null;
}

const at = (run: ScenarioRun, tick: number) => {
  const t = run.ticks[tick - 1];
  return t ? `tick ${tick} (${formatTime(t.time)})` : `tick ${tick} (the run has ${run.ticks.length} ticks)`;
};

async function checkOne(run: ScenarioRun, e: ResolvedExpectation): Promise<ExpectationResult> {
  const tick = tickOf(run, e);
  const spec = e.spec as Record<string, Record<string, unknown>>;
  const [kind, body] = Object.entries(spec)[0];
  const when = tick === null ? '' : tick === -1 ? ` at ${String(body.at)} (no such tick in the run)` : ` at ${at(run, tick)}`;
  const pos = body.position !== undefined ? `${String(body.position)} ` : '';
  const result = (title: string, ok: boolean, detail: string[] = []): ExpectationResult => ({ expectation: e, title, ok, detail: ok ? [] : detail });

  switch (kind) {
    case 'decision': {
      const title = `decision: ${pos}${String(body.rule)}${body.action ? ` → ${String(body.action)}` : ''}${body.outcome ? ` (${String(body.outcome)})` : ''}${when}`;
      const matches = run.decisions.filter((d) => matchesDecision(d, body) && (tick === null || d.tickSeq === tick));
      if (matches.length) return result(title, true);
      return result(title, false, await whyNoDecision(run, body, tick));
    }
    case 'never': {
      const title = `never: ${pos}${body.rule ? String(body.rule) : ''}${body.action ? ` → ${String(body.action)}` : ''}`.trim();
      const hits = run.decisions.filter((d) => matchesDecision(d, body));
      if (!hits.length) return result(title, true);
      const detail = ['but it happened:'];
      for (const d of hits) detail.push(...decisionTrace(run, d).map((l) => `  ${l}`));
      return result(title, false, detail);
    }
    case 'state': {
      const title = `state: ${pos}is ${String(body.state)}${tick === null ? ' at the end' : when}`;
      const seen = tick === null ? run.finalStates[String(body.position)] : tick > 0 ? stateAt(run, String(body.position), run.ticks[tick - 1]) : undefined;
      const ok = seen !== undefined && (seen === body.state || seen.startsWith(`${String(body.state)}.`));
      if (ok) return result(title, true);
      return result(title, false, [`but it is ${seen ?? 'unknown to the kernel'}`, ...history(run, String(body.position)), ...decisionsOf(run, String(body.position))]);
    }
    case 'orders': {
      const filters = ['position', 'purpose', 'side', 'style', 'status'].filter((k) => body[k] !== undefined);
      const wanted = body.count !== undefined ? String(body.count) : `at least ${String(body.min)}`;
      const title = `orders: ${wanted}${filters.map((k) => ` ${k}=${String(body[k])}`).join('')}`;
      const list = run.orders.filter((o) => filters.every((k) => (o as unknown as Record<string, unknown>)[k === 'position' ? 'positionId' : k] === body[k]));
      if (body.count !== undefined ? list.length === body.count : list.length >= Number(body.min)) return result(title, true);
      return result(title, false, [`but ${list.length} matched; every order of the run:`, ...(run.orders.length ? run.orders.map((o) => `  ${o.positionId} ${orderLine(o)}`) : ['  (none)'])]);
    }
    case 'closed':
      return checkClosed(run, e, body as unknown as Parameters<typeof checkClosed>[2]);
    case 'tradingState': {
      const t = tick === null ? run.ticks[run.ticks.length - 1] : run.ticks[tick - 1];
      const title = `trading state ${String(body.state)}${tick === null ? ' at the end' : when}`;
      if (t && t.tradingState === body.state) return result(title, true);
      return result(title, false, [`but it is ${t?.tradingState ?? 'unknown (no such tick)'}`, ...run.alerts.filter((a) => a.source === 'trading-state' || a.source === 'kill-switch').map((a) => `  ${formatTime(a.time)} ${a.message}`)]);
    }
    case 'positions': {
      const opened = run.transitions.filter((t) => t.from === 'none' && t.event !== 'ADOPT' && (body.strategy === undefined || run.ticks.some((k) => k.strategies.get(t.positionId) === body.strategy) || t.positionId.startsWith(`${String(body.strategy)}-`)));
      const ids = [...new Set(opened.map((t) => t.positionId))];
      const title = `positions opened by entries: ${String(body.opened)}${body.strategy ? ` of ${String(body.strategy)}` : ''}`;
      if (ids.length === body.opened) return result(title, true);
      return result(title, false, [`but ${ids.length} were opened${ids.length ? `: ${ids.join(', ')}` : ''}`]);
    }
  }
  return result(`unknown expectation ${kind}`, false, []);
}

function matchesDecision(d: DecisionRecord, body: Record<string, unknown>): boolean {
  return (body.rule === undefined || d.rule === body.rule) && (body.action === undefined || d.action === body.action)
    && (body.position === undefined || d.positionId === body.position) && (body.outcome === undefined || d.outcome === body.outcome);
}

function stateAt(run: ScenarioRun, id: string, tick: TickRecord): string | undefined {
  if (tick.states[id] !== undefined) return tick.states[id];
  const last = run.transitions.filter((t) => t.positionId === id && t.tickTime <= tick.time).pop();
  return last?.to;
}

function history(run: ScenarioRun, id: string): string[] {
  const list = run.transitions.filter((t) => t.positionId === id);
  if (!list.length) return [];
  return ['its transitions:', ...list.map((t) => `  ${formatTime(t.tickTime)} ${t.from} → ${t.to} (${t.event})`)];
}

function decisionsOf(run: ScenarioRun, id: string): string[] {
  const list = run.decisions.filter((d) => d.positionId === id);
  return list.length ? ['its decisions:', ...list.map((d) => `  ${decisionLine(run, d)}`)] : ['it got no decisions'];
}

/** What happened instead: the position's decisions, and why the expected rule did not match where it was expected. */
async function whyNoDecision(run: ScenarioRun, body: Record<string, unknown>, tick: number | null): Promise<string[]> {
  const out: string[] = [];
  const id = body.position as string | undefined;
  const rule = String(body.rule);
  const same = run.decisions.filter((d) => d.rule === rule && (id === undefined || d.positionId === id));
  if (same.length) {
    out.push(`but ${rule} decided elsewhere:`);
    for (const d of same) out.push(...decisionTrace(run, d).map((l) => `  ${l}`));
  }
  const instead = run.decisions.filter((d) => (id === undefined || d.positionId === id || d.positionId === null) && (tick === null || d.tickSeq === tick) && !same.includes(d));
  if (instead.length) {
    out.push(tick === null ? 'what was decided instead:' : `what was decided at tick ${tick} instead:`);
    for (const d of instead) out.push(...decisionTrace(run, d).map((l) => `  ${l}`));
  } else if (!same.length) out.push(`but no decision${id ? ` for ${id}` : ''}${tick === null ? ' matched' : ` was made at tick ${tick}`}`);
  // Condition by condition at the expected tick (or at the position's last evaluated tick).
  const ticks = tick !== null && tick > 0 ? [run.ticks[tick - 1]].filter(Boolean) : [lastTickWith(run, id)].filter((t): t is TickRecord => !!t);
  for (const t of ticks) out.push(...(await explainRule(run, rule, id ?? null, t)));
  return out;
}

function lastTickWith(run: ScenarioRun, id: string | undefined): TickRecord | undefined {
  if (id === undefined) return run.ticks[run.ticks.length - 1];
  for (let i = run.ticks.length - 1; i >= 0; i--) if (run.ticks[i].positions.has(id) && run.ticks[i].states[id] === 'managed') return run.ticks[i];
  for (let i = run.ticks.length - 1; i >= 0; i--) if (run.ticks[i].positions.has(id)) return run.ticks[i];
  return undefined;
}
