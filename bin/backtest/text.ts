/** The text output of `tickwise backtest`: a summary, the per-rule table, the A/B comparison, and the metrics table last. */
import { METRIC_NAMES, type BacktestMetrics, type FailIfResult } from '../../engine/analytics/index.ts';
import type { Comparison } from './compare.ts';
import { nyTime } from './csv.ts';
import type { DecisionLine } from './types.ts';

const FRACTIONS = new Set(['winRate', 'totalReturn', 'cagr', 'annualVolatility', 'maxDrawdown', 'exposure']);
const MONEY = new Set(['totalPnl', 'avgWin', 'avgLoss', 'expectancy', 'commissions']);

export function formatMetric(name: string, v: number | null): string {
  if (v === null) return '–';
  if (FRACTIONS.has(name)) return `${(v * 100).toFixed(2)}%`;
  if (MONEY.has(name)) return v.toFixed(2);
  return Number.isInteger(v) ? String(v) : v.toFixed(3);
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}

export function metricsTable(m: BacktestMetrics): string {
  return table([['metric', 'value'], ...METRIC_NAMES.map((k) => [k, formatMetric(k, m.overall[k])])]);
}

export function exitRuleTable(m: BacktestMetrics): string {
  const rows = Object.entries(m.byExitRule).map(([rule, s]) => [rule, String(s.fired), String(s.applied), String(s.closes), s.pnl.toFixed(2), String(s.won), String(s.lost), String(s.preempted)]);
  if (!rows.length) return '';
  return table([['rule', 'fired', 'applied', 'closes', 'pnl', 'won', 'lost', 'pre-empted'], ...rows]);
}

/** A decision with its facts and its trace: each rule in priority order with its outcome (other traces as JSON). */
export function traceText(d: DecisionLine | null): string {
  if (!d) return '  (no decision at this point)\n';
  const t = d.trace as { entries?: { rule: string; priority: number; outcome: string }[] } | null;
  const trace = t && Array.isArray(t.entries)
    ? t.entries.map((e) => `    ${String(e.priority).padStart(4)}  ${e.rule.padEnd(20)} ${e.outcome}\n`).join('')
    : `    ${JSON.stringify(d.trace)}\n`;
  return `  ${nyTime(d.time)} ${d.positionId ?? 'portfolio'} ${d.rule} → ${d.action} (${d.outcome}${d.reason ? `: ${d.reason}` : ''})\n  facts: ${JSON.stringify(d.facts)}\n  trace:\n${trace}`;
}

export function comparisonText(c: Comparison): string {
  const rows = [['metric', `A ${c.a.version}`, `B ${c.b.version}`, 'B − A'], ...c.metrics.map((d) => [d.metric, formatMetric(d.metric, d.a), formatMetric(d.metric, d.b), formatMetric(d.metric, d.delta)])];
  let out = `A/B: A = ${c.a.config}, B = ${c.b.config}\n${table(rows)}`;
  out += `\ntrades only in A (${c.onlyA.length}):\n${c.onlyA.map((t) => `  ${t.text}\n`).join('') || '  none\n'}`;
  out += `trades only in B (${c.onlyB.length}):\n${c.onlyB.map((t) => `  ${t.text}\n`).join('') || '  none\n'}`;
  if (c.firstDifference) out += `\nfirst decision that differs (#${c.firstDifference.index + 1}):\nA:\n${traceText(c.firstDifference.a)}B:\n${traceText(c.firstDifference.b)}`;
  else out += '\nthe decisions are the same\n';
  return out;
}

export function failIfText(results: readonly FailIfResult[]): string {
  return results.map((r) => `--fail-if ${r.text}: ${r.metric} = ${formatMetric(r.metric, r.actual)} → ${r.breached ? 'BREACHED' : 'ok'}\n`).join('');
}
