/**
 * What the backtest metrics are computed from (a ledger: closed trades, every closed position, the daily equity
 * series, the rule decisions and the order outcomes) and what they are. Money in the ledger is integer cents; the
 * metrics are dollars and fractions (docs/backtest.md gives every formula).
 */

/** One closed trade: a position and the positions it was rolled into, from its entry to its final close. */
export interface Trade {
  /** The id of the final position of the chain (the first one when it was never rolled). */
  id: string;
  strategy: string;
  /** Epoch ms of the entry fill (the chain's first position) and of the final close. */
  openedAt: number;
  closedAt: number;
  /** New York dates of the same. */
  openDate: string;
  closeDate: string;
  /** Realised P&L over the whole chain after commissions, in cents. */
  pnlCents: number;
  commissionCents: number;
  /** The rule that closed the final position, or what ended it when no rule did (`expired`, `killed`, …). */
  exitRule: string;
  rolls: number;
}

/** One closed position (a link of a chain): a final close, or a close by a roll. */
export interface PositionClose {
  positionId: string;
  strategy: string;
  /** The rule whose decision closed it, or the outcome when no rule did. */
  rule: string;
  pnlCents: number;
  closeDate: string;
}

/** The account's equity at the last snapshot of one New York date, marked to market. */
export interface EquityPoint {
  date: string;
  /** Epoch ms of that snapshot. */
  time: number;
  equityCents: number;
}

/** A rule decision, reduced to what the exit-rule statistics need. */
export interface RuleDecision {
  positionId: string | null;
  rule: string;
  action: string;
  /** `applied`, `blocked`, `ignored`, … */
  outcome: string;
  /** Rules this decision pre-empted. */
  preempted: readonly string[];
}

export interface Ledger {
  startingEquityCents: number;
  /** Risk-free rate, decimal per year (the config's settings.riskFreeRate). */
  riskFreeRate: number;
  trades: readonly Trade[];
  closes: readonly PositionClose[];
  equity: readonly EquityPoint[];
  decisions: readonly RuleDecision[];
  /** Orders the broker rejected, and orders that ended (cancelled or expired) without any fill. */
  rejectedOrders: number;
  unfilledOrders: number;
  /** Positions still open when the data ended (not in `trades`; they count towards exposure from their entry on). */
  open: readonly { strategy: string; openedAt: number }[];
}

/** The metric set, overall and per strategy. `null` where a ratio has no denominator (no losses, no volatility…). */
export interface Metrics {
  trades: number;
  wins: number;
  losses: number;
  winRate: number | null;
  totalPnl: number;
  totalReturn: number;
  cagr: number | null;
  annualVolatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  calmar: number | null;
  maxDrawdown: number;
  maxDrawdownDays: number;
  profitFactor: number | null;
  avgWin: number | null;
  avgLoss: number | null;
  expectancy: number | null;
  avgDaysInTrade: number | null;
  exposure: number;
  commissions: number;
  rolls: number;
  rejectedOrders: number;
  unfilledOrders: number;
}

export interface ExitRuleStats {
  /** Decisions of this rule (any outcome). */
  fired: number;
  /** Of those, applied by the position machine. */
  applied: number;
  /** Positions it closed (including closes by a roll), their realised P&L in dollars, and how many made money. */
  closes: number;
  pnl: number;
  won: number;
  lost: number;
  /** Times a higher-priority decision pre-empted it. */
  preempted: number;
}

export interface MonthStats {
  /** Equity at the month's last snapshot over equity at the previous month's (or the start). */
  return: number;
  /** Realised P&L of the trades closed in the month, dollars. */
  pnl: number;
  trades: number;
  wins: number;
  endEquity: number;
}

export interface BacktestMetrics {
  overall: Metrics & { startingEquity: number; endingEquity: number; days: number; openAtEnd: number; riskFreeRate: number };
  byStrategy: Record<string, Metrics>;
  byExitRule: Record<string, ExitRuleStats>;
  byMonth: Record<string, MonthStats>;
}
