/** Backtest analytics (docs/backtest.md, "Metrics"): pure functions from a ledger and a daily equity series. */
export { computeMetrics, seriesMetrics, METRIC_NAMES } from './metrics.ts';
export { parseFailIf, checkFailIf, type FailIf, type FailIfOp, type FailIfResult } from './fail-if.ts';
export { dailyReturns, drawdown, sharpe, sortino, cagr, annualVolatility, mean, stdev, TRADING_DAYS, type Drawdown } from './returns.ts';
export { tradeStats, exposure, type TradeStats } from './trade-stats.ts';
export { byExitRule, byMonth, realisedEquity } from './breakdown.ts';
export type { BacktestMetrics, EquityPoint, ExitRuleStats, Ledger, Metrics, MonthStats, PositionClose, RuleDecision, Trade } from './types.ts';
