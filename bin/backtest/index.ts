/** `tickwise backtest` (docs/backtest.md): the programmatic API behind the command. */
export { backtest, type BacktestRequest, type BacktestResult } from './backtest.ts';
export { runBacktest, backtestConfig } from './run.ts';
export { compareRuns, type Comparison } from './compare.ts';
export { createProgress, type Progress } from './progress.ts';
export { reportData, type ReportData } from './report-data.ts';
export { renderReport } from './report-html.ts';
export { tradesCsv, decisionsCsv, equityCsv } from './csv.ts';
export type { BacktestOptions, BacktestRun, FillLine, ProgressEvent, RunHooks } from './types.ts';
