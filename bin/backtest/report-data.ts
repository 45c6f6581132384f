/**
 * The data the report page draws (web/report/report.js reads it from a JSON script tag): charts in unix seconds,
 * each trade with its fills and its decisions (rule, outcome, facts, trace), the metrics, the cleaner's drop counts
 * per reason, the provenance and, with --compare, the comparison.
 */
import { drawdown, type BacktestMetrics } from '../../engine/analytics/index.ts';
import type { Comparison } from './compare.ts';
import { fillText, nyTime } from './csv.ts';
import type { Provenance } from './provenance.ts';
import type { BacktestRun } from './types.ts';

export interface ReportData {
  title: string;
  partial: boolean;
  metrics: BacktestMetrics;
  equity: { t: number[]; equity: number[]; drawdown: number[] };
  underlying: { symbol: string; t: number[]; price: number[]; entries: [number, number][]; exits: [number, number][] };
  trades: {
    id: string; strategy: string; entry: string; exit: string; days: number; pnl: number; exitRule: string; rolls: number;
    fills: string[]; decisions: { time: string; rule: string; action: string; outcome: string; reason: string | null; preempted: string[]; facts: unknown; trace: unknown }[];
  }[];
  open: number;
  dataQuality: { file: string; source: string; rowsRead: number; rowsEmitted: number; dropped: Record<string, number>; flagged: Record<string, number>; missingDays: string[] }[];
  skips: { message: string; count: number }[];
  provenance: Provenance;
  comparison: Comparison | null;
}

const sec = (ms: number) => Math.round(ms / 1000);

export function reportData(run: BacktestRun, metrics: BacktestMetrics, provenance: Provenance, comparison: Comparison | null): ReportData {
  const { ledger } = run;
  const dd = drawdown(ledger.startingEquityCents, ledger.equity.map((p) => p.equityCents)).series;
  const priceAt = (t: number) => run.underlying.points.find((p) => p.time >= t)?.price ?? run.underlying.points[run.underlying.points.length - 1]?.price ?? 0;
  const byPosition = new Map<string, typeof run.decisions>();
  for (const d of run.decisions) if (d.positionId) byPosition.set(d.positionId, [...(byPosition.get(d.positionId) ?? []), d]);
  return {
    title: `tickwise backtest: ${run.config.strategies.map((s) => s.name).join(', ')} on ${run.underlying.symbol}`,
    partial: run.partial,
    metrics,
    equity: { t: ledger.equity.map((p) => sec(p.time)), equity: ledger.equity.map((p) => p.equityCents / 100), drawdown: dd.map((x) => -x) },
    underlying: {
      symbol: run.underlying.symbol,
      t: run.underlying.points.map((p) => sec(p.time)),
      price: run.underlying.points.map((p) => p.price),
      entries: ledger.trades.map((t) => [sec(t.openedAt), priceAt(t.openedAt)]),
      exits: ledger.trades.map((t) => [sec(t.closedAt), priceAt(t.closedAt)]),
    },
    trades: ledger.trades.map((t) => {
      const fills = run.details.get(t.id) ?? [];
      // The position's own decisions, its entry (`entry:<strategy>`) first: why it opened, why it closed, the facts then.
      const decisions = byPosition.get(t.id) ?? [];
      return {
        id: t.id, strategy: t.strategy, entry: nyTime(t.openedAt), exit: nyTime(t.closedAt), days: Math.round(((t.closedAt - t.openedAt) / 86_400_000) * 10) / 10,
        pnl: t.pnlCents / 100, exitRule: t.exitRule, rolls: t.rolls, fills: fills.map(fillText),
        decisions: decisions.map((d) => ({ time: nyTime(d.time), rule: d.rule, action: d.action, outcome: d.outcome, reason: d.reason, preempted: d.preempted, facts: d.facts, trace: d.trace })),
      };
    }),
    open: ledger.open.length,
    dataQuality: run.replay.map((r, i) => ({
      file: provenance.data[i]?.file ?? `file ${i + 1}`, source: r.source, rowsRead: r.rowsRead, rowsEmitted: r.rowsEmitted,
      dropped: { ...r.dropped, malformed: r.malformed.rows, undated: r.undated }, flagged: { ...r.flagged }, missingDays: r.missingDays,
    })),
    skips: run.skips.slice(0, 5),
    provenance,
    comparison,
  };
}
