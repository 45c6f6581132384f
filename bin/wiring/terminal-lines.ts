/**
 * The words of the terminal: one readable sentence per kernel event worth a trader's attention (decision, fill,
 * position state change, alert), with its level. Plain text only; colour is added by pino-pretty (terminal.ts) when
 * the output is a TTY. Fact values are shown in their catalogue units: fractions as percentages, currency in dollars.
 */
import { ACTIONS_BY_NAME, FACTS_BY_NAME } from '../../engine/catalogue/index.ts';
import { exchangeTime } from '../../engine/domain/index.ts';
import type { DecisionRecord, KernelEvent } from '../../engine/kernel/index.ts';

export type TerminalLevel = 'debug' | 'info' | 'warn' | 'critical';

export interface TerminalLine {
  level: TerminalLevel;
  /** Tick time (epoch ms) the line is about, when known. */
  time: number | null;
  text: string;
}

/** `2026-01-05 10:30 ET`. */
export function etTime(time: number): string {
  const t = exchangeTime(time);
  return `${t.date} ${String(Math.floor(t.minutes / 60)).padStart(2, '0')}:${String(t.minutes % 60).padStart(2, '0')} ET`;
}

/** A fact value as a person reads it: `pnlPct 52%`, `credit $142.00`, `dte 23`. */
export function factText(name: string, value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${name} ${value === null || value === undefined ? 'n/a' : String(value)}`;
  const unit = FACTS_BY_NAME.get(name)?.unit;
  if (unit === 'fraction') return `${name} ${round(value * 100, 1)}%`;
  if (unit === 'currency') return `${name} ${value < 0 ? '-' : ''}$${Math.abs(value).toFixed(2)}`;
  return `${name} ${round(value, Math.abs(value) >= 100 ? 0 : 2)}`;
}

function round(x: number, digits: number): string {
  return String(Number(x.toFixed(digits)));
}

/** An entry decision records every limit's before/after; the terminal shows its size. */
const ENTRY_FACTS = new Set(['quantity', 'maxLoss']);

/** `take-profit: close spy-iron-condor-3 at pnlPct 52%`; not applied: `… [blocked: reason]`. */
export function decisionText(d: DecisionRecord): string {
  // The action catalogue's verb; decisions that are no rule action (an entry's `open`) say their own name.
  const verb = ACTIONS_BY_NAME.get(d.action)?.verb ?? d.action;
  const target = d.positionId ? ` ${d.positionId}` : '';
  const shown = Object.entries((d.facts ?? {}) as Record<string, unknown>).filter(([k]) => !d.rule.startsWith('entry:') || ENTRY_FACTS.has(k));
  const facts = shown.map(([k, v]) => factText(k, v)).join(', ');
  const preempted = d.preempted?.length ? `; pre-empted ${d.preempted.join(', ')}` : '';
  const outcome = d.outcome === 'applied' ? '' : ` [${d.outcome}${d.reason ? `: ${d.reason}` : ''}]`;
  return `${d.rule}: ${verb}${target}${facts ? ` at ${facts}` : ''}${preempted}${outcome}`;
}

interface TraceEntry {
  rule: string;
  outcome: string;
}

/** The trace line `--verbose` adds under a decision: every rule evaluated, in priority order, and what it did. */
export function traceText(d: DecisionRecord): string | null {
  const trace = d.trace as { entries?: TraceEntry[]; skipped?: string | null } | null;
  if (!trace?.entries?.length) return null;
  const parts = trace.entries.map((e) => `${e.rule} ${e.outcome === 'decided' ? 'DECIDED' : e.outcome}`);
  return `  trace ${d.positionId ?? 'book'}: ${parts.join(' · ')}${trace.skipped ? ` (skipped: ${trace.skipped})` : ''}`;
}

const RANK: Record<KernelEvent['type'], number> = { decision: 0, order: 1, transition: 2, alert: 3, reload: 4, tick: 5 };

/** A tick's events in reading order: decisions, then fills, state changes and alerts (stable within each kind). */
export function readingOrder(events: readonly KernelEvent[]): KernelEvent[] {
  return events.map((e, i) => ({ e, i })).sort((a, b) => RANK[a.e.type] - RANK[b.e.type] || a.i - b.i).map((x) => x.e);
}

/** The lines one kernel event prints (none for ticks: the status line shows those). */
export function linesFor(e: KernelEvent): TerminalLine[] {
  switch (e.type) {
    case 'decision': {
      const d = e.decision;
      const level: TerminalLevel = d.severity === 'critical' ? 'critical' : d.severity === 'warning' ? 'warn' : 'info';
      const trace = traceText(d);
      return [{ level, time: d.tickTime, text: decisionText(d) }, ...(trace ? [{ level: 'debug' as const, time: d.tickTime, text: trace }] : [])];
    }
    case 'transition': {
      // A phase change (entry → managed → rolling → closing → closed) is news; a substate (working → repricing) is
      // detail for --verbose.
      const t = e.transition;
      const phase = (state: string) => state.split('.')[0];
      // The kernel publishes an entry as its first transition (the entry decision is stored, not published).
      if (t.from === 'none' && t.event.startsWith('ENTRY:')) return [{ level: 'info', time: t.tickTime, text: `entry:${t.event.slice(6)}: open ${t.positionId} (${t.to})` }];
      const level: TerminalLevel = phase(t.from) === phase(t.to) ? 'debug' : 'info';
      return [{ level, time: t.tickTime, text: `${t.positionId}: ${t.from} → ${t.to} (${t.event})` }];
    }
    case 'order': {
      const o = e.order;
      if (o.status === 'filled') return [{ level: 'info', time: null, text: `filled: ${o.purpose} order ${o.clientOrderId} of ${o.positionId}` }];
      return [{ level: 'debug', time: null, text: `order ${o.clientOrderId} (${o.purpose}, ${o.positionId}): ${o.status}` }];
    }
    case 'alert': {
      const a = e.alert;
      const level: TerminalLevel = a.severity === 'critical' ? 'critical' : a.severity === 'warning' ? 'warn' : 'info';
      return [{ level, time: a.time, text: `alert ${a.source}: ${a.message}` }];
    }
    case 'reload':
      return [];
    case 'tick':
      return [];
  }
}
