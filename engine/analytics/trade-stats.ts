/** Statistics over closed trades (docs/backtest.md, "Metrics"): counts, win rate, profit factor, averages. */
const DAY_MS = 86_400_000;
import type { EquityPoint, Trade } from './types.ts';

export interface TradeStats {
  trades: number;
  wins: number;
  losses: number;
  winRate: number | null;
  totalPnl: number;
  profitFactor: number | null;
  avgWin: number | null;
  avgLoss: number | null;
  expectancy: number | null;
  avgDaysInTrade: number | null;
  commissions: number;
  rolls: number;
}

/** A win is a trade with realised P&L > 0, a loss one with P&L < 0; a trade at exactly 0 is neither. */
export function tradeStats(trades: readonly Trade[]): TradeStats {
  let winCents = 0;
  let lossCents = 0;
  let wins = 0;
  let losses = 0;
  let total = 0;
  let commission = 0;
  let rolls = 0;
  let days = 0;
  for (const t of trades) {
    total += t.pnlCents;
    commission += t.commissionCents;
    rolls += t.rolls;
    days += (t.closedAt - t.openedAt) / DAY_MS;
    if (t.pnlCents > 0) {
      wins += 1;
      winCents += t.pnlCents;
    } else if (t.pnlCents < 0) {
      losses += 1;
      lossCents += t.pnlCents;
    }
  }
  const n = trades.length;
  return {
    trades: n, wins, losses,
    winRate: n ? wins / n : null,
    totalPnl: total / 100,
    profitFactor: lossCents === 0 ? null : winCents / -lossCents,
    avgWin: wins ? winCents / wins / 100 : null,
    avgLoss: losses ? lossCents / losses / 100 : null,
    expectancy: n ? total / n / 100 : null,
    avgDaysInTrade: n ? days / n : null,
    commissions: commission / 100,
    rolls,
  };
}

/**
 * The fraction of the equity series' days on which at least one of the trades was open at that day's snapshot
 * (opened at or before it, closed after it). Positions still open at the end count from their entry on.
 */
export function exposure(equity: readonly EquityPoint[], intervals: readonly { openedAt: number; closedAt: number | null }[]): number {
  if (equity.length === 0) return 0;
  let exposed = 0;
  for (const p of equity) {
    if (intervals.some((t) => t.openedAt <= p.time && (t.closedAt === null || t.closedAt > p.time))) exposed += 1;
  }
  return exposed / equity.length;
}
