/**
 * A/B: two runs over the same data (docs/backtest.md, "Comparing two configs"). The overall metrics side by side with
 * their deltas (B − A), the trades that only one run made (a trade is its strategy, entry and exit times, entry legs
 * and P&L), and the first decision where the runs part (decisions in time order; a decision is its time, position,
 * rule, action and outcome), with both traces.
 */
import { METRIC_NAMES, type BacktestMetrics, type Metrics } from '../../engine/analytics/index.ts';
import { legText, nyTime } from './csv.ts';
import type { BacktestRun, DecisionLine } from './types.ts';

export interface MetricDelta {
  metric: keyof Metrics;
  a: number | null;
  b: number | null;
  delta: number | null;
}

export interface TradeKey {
  id: string;
  key: string;
  text: string;
}

export interface Comparison {
  a: { config: string; version: string };
  b: { config: string; version: string };
  metrics: MetricDelta[];
  onlyA: TradeKey[];
  onlyB: TradeKey[];
  /** The first decision that differs: the index in time order and each side's decision there (null: it has none). */
  firstDifference: { index: number; a: DecisionLine | null; b: DecisionLine | null } | null;
}

function tradeKeys(run: BacktestRun): TradeKey[] {
  return run.ledger.trades.map((t) => {
    const open = run.details.get(t.id)?.find((f) => f.purpose === 'open');
    const legs = open ? open.legs.map(legText).join('; ') : '';
    const text = `${t.strategy} ${nyTime(t.openedAt)} → ${nyTime(t.closedAt)} ${legs} P&L ${(t.pnlCents / 100).toFixed(2)} (${t.exitRule})`;
    return { id: t.id, key: text, text };
  });
}

const decisionKey = (d: DecisionLine) => `${d.time}|${d.positionId ?? ''}|${d.rule}|${d.action}|${d.outcome}`;

export function compareRuns(a: BacktestRun, ma: BacktestMetrics, b: BacktestRun, mb: BacktestMetrics, dirs: { a: string; b: string }): Comparison {
  const metrics = METRIC_NAMES.map((metric): MetricDelta => {
    const x = ma.overall[metric];
    const y = mb.overall[metric];
    return { metric, a: x, b: y, delta: x === null || y === null ? null : Math.round((y - x) * 1e8) / 1e8 };
  });
  const ka = tradeKeys(a);
  const kb = tradeKeys(b);
  const inA = new Set(ka.map((t) => t.key));
  const inB = new Set(kb.map((t) => t.key));
  let firstDifference: Comparison['firstDifference'] = null;
  const n = Math.max(a.decisions.length, b.decisions.length);
  for (let i = 0; i < n; i++) {
    const da = a.decisions[i] ?? null;
    const db = b.decisions[i] ?? null;
    if (!da || !db || decisionKey(da) !== decisionKey(db)) {
      firstDifference = { index: i, a: da, b: db };
      break;
    }
  }
  return {
    a: { config: dirs.a, version: a.config.version }, b: { config: dirs.b, version: b.config.version },
    metrics, onlyA: ka.filter((t) => !inB.has(t.key)), onlyB: kb.filter((t) => !inA.has(t.key)), firstDifference,
  };
}
