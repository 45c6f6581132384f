/**
 * The decision trace in words: which rules matched, which won, what it pre-empted, the facts it saw; and, through
 * json-rules-engine (`explain()`), a rule's conditions one by one with the fact values of a tick.
 */
import { compileRuleSet, explain, type CompiledRuleSet, type ExplainNode, type Facts, type TraceEntry } from '../../engine/evaluate/index.ts';
import { formatTime } from '../../adapters/scenario/index.ts';
import type { DecisionRecord } from '../../engine/kernel/index.ts';
import type { ScenarioRun, TickRecord } from './types.ts';

const sets = new WeakMap<ScenarioRun, CompiledRuleSet>();
function ruleSet(run: ScenarioRun): CompiledRuleSet {
  let s = sets.get(run);
  if (!s) sets.set(run, (s = compileRuleSet(run.config)));
  return s;
}

/** Numbers to at most 4 decimals, so output is stable and readable. */
export function fmt(v: unknown): string {
  if (v === undefined) return 'unknown';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4)));
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

export function decisionLine(run: ScenarioRun, d: DecisionRecord): string {
  const t = run.ticks[d.tickSeq - 1];
  return `tick ${d.tickSeq} (${t ? formatTime(t.time) : formatTime(d.tickTime)}) ${d.positionId ?? 'portfolio'}: ${d.rule} → ${d.action} (${d.outcome}${d.reason ? `: ${d.reason}` : ''})`;
}

/** A decision with its trace: matched rules, the winner, what it pre-empted, and the facts it saw. */
export function decisionTrace(run: ScenarioRun, d: DecisionRecord): string[] {
  const lines = [decisionLine(run, d)];
  const entries = (d.trace as { entries?: readonly TraceEntry[] } | null)?.entries;
  if (Array.isArray(entries) && entries.length) {
    const matched = entries.filter((e) => e.matched);
    lines.push(`  matched: ${matched.map((e) => `${e.rule} (${e.priority}, ${e.outcome})`).join(', ') || '(none)'}`);
  }
  if (d.preempted.length) lines.push(`  pre-empted: ${d.preempted.join(', ')}`);
  const facts = Object.entries(d.facts).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${fmt(v)}`);
  if (facts.length) lines.push(`  facts: ${facts.join(', ')}`);
  return lines;
}

function factsAt(run: ScenarioRun, tick: TickRecord, id: string | null): { facts: Facts; prev: Facts | undefined } {
  const prevTick = run.ticks[tick.index - 2];
  if (id === null) return { facts: tick.portfolio, prev: prevTick?.portfolio };
  const pf = tick.positions.get(id);
  const pp = prevTick?.positions.get(id);
  return { facts: { ...tick.portfolio, ...(pf ?? {}) }, prev: pp ? { ...prevTick!.portfolio, ...pp } : undefined };
}

function renderNode(n: ExplainNode, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  const mark = n.result === null ? '·' : n.result ? '✓' : '✗';
  if (n.kind === 'leaf') {
    const cmp = JSON.stringify(n.value) === JSON.stringify(n.comparedWith) ? fmt(n.comparedWith) : `${fmt(n.comparedWith)} (${JSON.stringify(n.value)})`;
    const prev = n.previousValue !== undefined ? `, previously ${fmt(n.previousValue)}` : '';
    out.push(`${pad}${mark} ${n.fact} ${n.operator} ${cmp}: the fact was ${fmt(n.factValue)}${prev}${n.result === null ? ' (not evaluated)' : ''}`);
    return;
  }
  out.push(`${pad}${mark} ${n.kind}:`);
  for (const c of n.children) renderNode(c, depth + 1, out);
}

/** `rule` for position `id` (or the portfolio) at `tick`, condition by condition. */
export async function explainRule(run: ScenarioRun, rule: string, id: string | null, tick: TickRecord): Promise<string[]> {
  const set = ruleSet(run);
  const r = run.config.rules.find((x) => x.name === rule);
  if (!r) return [`rule ${rule} is not in config ${run.config.version}`];
  const strategy = r.scope === 'portfolio' || id === null ? null : tick.strategies.get(id) ?? null;
  if (r.scope === 'position' && id !== null && !tick.positions.has(id)) return [`at tick ${tick.index} (${formatTime(tick.time)}) ${id} had no facts (not open)`];
  if (strategy !== null && !run.config.strategies.find((s) => s.name === strategy)?.rules.includes(rule)) {
    return [`${rule} does not manage ${id} (strategy ${strategy} does not list it or it does not apply to its tags)`];
  }
  const { facts, prev } = factsAt(run, tick, r.scope === 'portfolio' ? null : id);
  const ex = await explain(set, rule, strategy, facts, prev);
  const params = Object.entries(ex.params).map(([k, v]) => `${k}=${fmt(v)}`).join(', ');
  const out = [`${rule} at tick ${tick.index} (${formatTime(tick.time)})${id && r.scope === 'position' ? ` for ${id}` : ''}: ${ex.matched ? 'matched' : 'did not match'}${params ? ` [${params}]` : ''}`];
  if (r.scope === 'position' && id !== null && tick.states[id] !== undefined && tick.states[id] !== 'managed') out.push(`  the position was ${tick.states[id]} after this tick`);
  renderNode(ex.conditions, 1, out);
  return out;
}

/** `--explain`: every rule for the portfolio and every position with facts, at one tick. */
export async function explainTick(run: ScenarioRun, tick: TickRecord): Promise<string[]> {
  const out = [`tick ${tick.index} (${formatTime(tick.time)}) trading state ${tick.tradingState}`];
  const decided = run.decisions.filter((d) => d.tickSeq === tick.index);
  for (const d of decided) out.push(...decisionTrace(run, d).map((l) => `  decision ${l}`));
  for (const r of run.config.rules.filter((x) => x.scope === "portfolio")) out.push(...(await explainRule(run, r.name, null, tick)).map((l) => `  ${l}`));
  for (const id of [...tick.positions.keys()].sort()) {
    const strategy = tick.strategies.get(id);
    const s = run.config.strategies.find((x) => x.name === strategy);
    out.push(`  ${id} (${strategy ?? '?'}) ${tick.states[id] ?? ''}`);
    for (const rule of s?.rules ?? []) out.push(...(await explainRule(run, rule, id, tick)).map((l) => `    ${l}`));
  }
  return out;
}
