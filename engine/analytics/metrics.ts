/**
 * The backtest metrics from a ledger (pure: no I/O, no clock). Overall returns come from the account's daily equity
 * (marked to market); per strategy from its realised equity (breakdown.ts). Numbers are rounded (money to the cent,
 * ratios to 8 decimals) so that metrics.json is stable across platforms.
 */
import { annualVolatility, cagr, dailyReturns, drawdown, sharpe, sortino } from './returns.ts';
import { byExitRule, byMonth, realisedEquity } from './breakdown.ts';
import { exposure, tradeStats } from './trade-stats.ts';
import type { BacktestMetrics, EquityPoint, Ledger, Metrics, Trade } from './types.ts';

const ratio = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : Math.round(x * 1e8) / 1e8 || 0);
const money = (x: number | null): number | null => (x === null ? null : Math.round(x * 100) / 100 || 0);

export function seriesMetrics(
  startCents: number, equity: readonly EquityPoint[], trades: readonly Trade[], open: readonly { openedAt: number }[],
  rf: number, orders: { rejected: number; unfilled: number },
): Metrics {
  const values = equity.map((p) => p.equityCents);
  const end = values.length ? values[values.length - 1] : startCents;
  const returns = dailyReturns(startCents, values);
  const dd = drawdown(startCents, values);
  const t = tradeStats(trades);
  const growth = cagr(startCents, end, values.length);
  const intervals = [...trades.map((x) => ({ openedAt: x.openedAt, closedAt: x.closedAt })), ...open.map((o) => ({ openedAt: o.openedAt, closedAt: null }))];
  return {
    trades: t.trades, wins: t.wins, losses: t.losses, winRate: ratio(t.winRate),
    totalPnl: money(t.totalPnl)!,
    totalReturn: ratio(startCents ? end / startCents - 1 : 0)!,
    cagr: ratio(growth),
    annualVolatility: ratio(annualVolatility(returns)),
    sharpe: ratio(sharpe(returns, rf)),
    sortino: ratio(sortino(returns, rf)),
    calmar: ratio(growth === null || dd.max === 0 ? null : growth / dd.max),
    maxDrawdown: ratio(dd.max)!,
    maxDrawdownDays: dd.longestDays,
    profitFactor: ratio(t.profitFactor),
    avgWin: money(t.avgWin), avgLoss: money(t.avgLoss), expectancy: money(t.expectancy),
    avgDaysInTrade: ratio(t.avgDaysInTrade),
    exposure: ratio(exposure(equity, intervals))!,
    commissions: money(t.commissions)!,
    rolls: t.rolls,
    rejectedOrders: orders.rejected, unfilledOrders: orders.unfilled,
  };
}

export function computeMetrics(ledger: Ledger): BacktestMetrics {
  const start = ledger.startingEquityCents;
  const orders = { rejected: ledger.rejectedOrders, unfilled: ledger.unfilledOrders };
  const overall = seriesMetrics(start, ledger.equity, ledger.trades, ledger.open, ledger.riskFreeRate, orders);
  const strategies = [...new Set([...ledger.trades.map((t) => t.strategy), ...ledger.open.map((o) => o.strategy)])].sort();
  const byStrategy: Record<string, Metrics> = {};
  for (const s of strategies) {
    const trades = ledger.trades.filter((t) => t.strategy === s);
    // Order outcomes are not split by strategy in the ledger: per strategy they are left at 0 and given overall.
    byStrategy[s] = seriesMetrics(start, realisedEquity(start, ledger.equity, trades), trades, ledger.open.filter((o) => o.strategy === s), ledger.riskFreeRate, { rejected: 0, unfilled: 0 });
  }
  const exitRules = byExitRule(ledger.decisions, ledger.closes);
  for (const r of Object.values(exitRules)) r.pnl = money(r.pnl)!;
  const months = byMonth(start, ledger.equity, ledger.trades);
  for (const m of Object.values(months)) {
    m.return = ratio(m.return)!;
    m.pnl = money(m.pnl)!;
  }
  const end = ledger.equity.length ? ledger.equity[ledger.equity.length - 1].equityCents : start;
  return {
    overall: { ...overall, startingEquity: start / 100, endingEquity: end / 100, days: ledger.equity.length, openAtEnd: ledger.open.length, riskFreeRate: ledger.riskFreeRate },
    byStrategy, byExitRule: exitRules, byMonth: months,
  };
}

/** The overall metric names a `--fail-if` threshold may use (those with a number). */
export const METRIC_NAMES: readonly (keyof Metrics)[] = [
  'trades', 'wins', 'losses', 'winRate', 'totalPnl', 'totalReturn', 'cagr', 'annualVolatility', 'sharpe', 'sortino', 'calmar',
  'maxDrawdown', 'maxDrawdownDays', 'profitFactor', 'avgWin', 'avgLoss', 'expectancy', 'avgDaysInTrade', 'exposure', 'commissions',
  'rolls', 'rejectedOrders', 'unfilledOrders',
];
