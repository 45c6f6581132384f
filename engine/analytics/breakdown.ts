/** The per-rule and per-month breakdowns of a backtest (docs/backtest.md, "byExitRule", "byMonth"). */
import type { EquityPoint, ExitRuleStats, MonthStats, PositionClose, RuleDecision, Trade } from './types.ts';

/**
 * Per rule: its decisions (fired, applied), the positions whose close it decided (their realised P&L, won, lost) and
 * how often a higher-priority rule pre-empted it. Closes no rule decided (expiry, end of data, a kill) are listed under
 * their outcome.
 */
export function byExitRule(decisions: readonly RuleDecision[], closes: readonly PositionClose[]): Record<string, ExitRuleStats> {
  const out = new Map<string, ExitRuleStats>();
  const of = (rule: string) => {
    let s = out.get(rule);
    if (!s) out.set(rule, (s = { fired: 0, applied: 0, closes: 0, pnl: 0, won: 0, lost: 0, preempted: 0 }));
    return s;
  };
  const pnlCents = new Map<string, number>();
  for (const d of decisions) {
    // Entry decisions (`entry:<strategy>`) open positions; they are not exit rules.
    if (d.rule.startsWith('entry:')) continue;
    const s = of(d.rule);
    s.fired += 1;
    if (d.outcome === 'applied') s.applied += 1;
    for (const p of d.preempted) of(p).preempted += 1;
  }
  for (const c of closes) {
    const s = of(c.rule);
    s.closes += 1;
    pnlCents.set(c.rule, (pnlCents.get(c.rule) ?? 0) + c.pnlCents);
    if (c.pnlCents > 0) s.won += 1;
    else if (c.pnlCents < 0) s.lost += 1;
  }
  for (const [rule, cents] of pnlCents) of(rule).pnl = cents / 100;
  return Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Per calendar month (`YYYY-MM`) of the equity series: the return from the previous month's last equity (the starting
 * equity for the first month) to this month's last, and the trades closed in it.
 */
export function byMonth(startCents: number, equity: readonly EquityPoint[], trades: readonly Trade[]): Record<string, MonthStats> {
  const last = new Map<string, number>();
  for (const p of equity) last.set(p.date.slice(0, 7), p.equityCents);
  const out: Record<string, MonthStats> = {};
  let prev = startCents;
  for (const [month, end] of [...last].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const closed = trades.filter((t) => t.closeDate.slice(0, 7) === month);
    out[month] = {
      return: prev === 0 ? 0 : end / prev - 1,
      pnl: closed.reduce((s, t) => s + t.pnlCents, 0) / 100,
      trades: closed.length,
      wins: closed.filter((t) => t.pnlCents > 0).length,
      endEquity: end / 100,
    };
    prev = end;
  }
  return out;
}

/**
 * A strategy's own equity series: the starting equity plus the realised P&L of its trades closed by each date (its
 * open positions are not marked to market, so its drawdown is the drawdown of realised results).
 */
export function realisedEquity(startCents: number, dates: readonly EquityPoint[], trades: readonly Trade[]): EquityPoint[] {
  const sorted = [...trades].sort((a, b) => a.closedAt - b.closedAt);
  let i = 0;
  let cum = 0;
  return dates.map((p) => {
    while (i < sorted.length && sorted[i].closedAt <= p.time) cum += sorted[i++].pnlCents;
    return { date: p.date, time: p.time, equityCents: startCents + cum };
  });
}
