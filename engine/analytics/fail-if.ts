/**
 * `--fail-if` thresholds: `METRIC OP NUMBER` over the overall metrics (e.g. `maxDrawdown>0.15`, `sharpe<0.5`). A
 * threshold on a metric that is null (no losses for profitFactor, no volatility for sharpe) is never breached; the
 * result shows the null so the reader sees why.
 */
import { twError } from '../errors/index.ts';
import { METRIC_NAMES } from './metrics.ts';
import type { Metrics } from './types.ts';

export type FailIfOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface FailIf {
  text: string;
  metric: keyof Metrics;
  op: FailIfOp;
  value: number;
}

export interface FailIfResult extends FailIf {
  actual: number | null;
  breached: boolean;
}

const PATTERN = /^\s*([A-Za-z]+)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/;

export function parseFailIf(text: string): FailIf {
  const m = PATTERN.exec(text);
  const metrics = METRIC_NAMES.join(', ');
  if (!m) throw twError('TW_BACKTEST_BAD_FAIL_IF', { expr: text, problem: 'is not METRIC OP NUMBER', metrics });
  if (!(METRIC_NAMES as readonly string[]).includes(m[1])) throw twError('TW_BACKTEST_BAD_FAIL_IF', { expr: text, problem: `names no metric "${m[1]}"`, metrics });
  return { text: text.trim(), metric: m[1] as keyof Metrics, op: m[2] as FailIfOp, value: Number(m[3]) };
}

export function checkFailIf(rule: FailIf, metrics: Metrics): FailIfResult {
  const actual = metrics[rule.metric];
  if (actual === null) return { ...rule, actual, breached: false };
  const v = rule.value;
  const breached = rule.op === '<' ? actual < v : rule.op === '<=' ? actual <= v : rule.op === '>' ? actual > v : rule.op === '>=' ? actual >= v : rule.op === '==' ? actual === v : actual !== v;
  return { ...rule, actual, breached };
}
