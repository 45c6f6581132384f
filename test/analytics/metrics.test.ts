/**
 * The backtest metrics (engine/analytics) against values worked out by hand on a small ledger, and against an
 * independent implementation written here (different formulas for the same definitions: docs/backtest.md) on random
 * ledgers (a seeded, bounded property).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeMetrics, type EquityPoint, type Ledger, type Trade } from '../../engine/analytics/index.ts';

const at = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d, 20, 45);
const day = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const point = (y: number, m: number, d: number, equityCents: number): EquityPoint => ({ date: day(y, m, d), time: at(y, m, d), equityCents });
const trade = (id: string, strategy: string, open: [number, number, number], close: [number, number, number], pnlCents: number, commissionCents: number, exitRule: string, rolls = 0): Trade => ({
  id, strategy, openedAt: at(...open), closedAt: at(...close), openDate: day(...open), closeDate: day(...close), pnlCents, commissionCents, exitRule, rolls,
});

const small: Ledger = {
  startingEquityCents: 1_000_000,
  riskFreeRate: 0,
  equity: [point(2019, 1, 2, 1_010_000), point(2019, 1, 3, 990_000), point(2019, 1, 31, 1_000_000), point(2019, 2, 1, 1_020_000)],
  trades: [
    trade('a-1', 'A', [2019, 1, 2], [2019, 1, 3], 30_000, 260, 'take-profit'),
    trade('a-2', 'A', [2019, 1, 3], [2019, 2, 1], -10_000, 260, 'stop-loss', 1),
    trade('b-1', 'B', [2019, 1, 31], [2019, 2, 1], 5_000, 130, 'take-profit'),
  ],
  closes: [
    { positionId: 'a-1', strategy: 'A', rule: 'take-profit', pnlCents: 30_000, closeDate: '2019-01-03' },
    { positionId: 'a-2', strategy: 'A', rule: 'stop-loss', pnlCents: -10_000, closeDate: '2019-02-01' },
    { positionId: 'b-1', strategy: 'B', rule: 'take-profit', pnlCents: 5_000, closeDate: '2019-02-01' },
  ],
  decisions: [
    { positionId: 'a-1', rule: 'entry:A', action: 'open', outcome: 'applied', preempted: [] },
    { positionId: 'a-1', rule: 'take-profit', action: 'close', outcome: 'applied', preempted: [] },
    { positionId: 'a-2', rule: 'stop-loss', action: 'close', outcome: 'applied', preempted: ['time-exit'] },
    { positionId: 'b-1', rule: 'take-profit', action: 'close', outcome: 'applied', preempted: [] },
    { positionId: 'b-1', rule: 'time-exit', action: 'close', outcome: 'blocked', preempted: [] },
  ],
  rejectedOrders: 1,
  unfilledOrders: 2,
  open: [],
};

describe('backtest metrics on a small ledger worked out by hand', () => {
  const m = computeMetrics(small);

  it('counts trades, wins and losses and sums their realised P&L and commissions', () => {
    expect(m.overall).toMatchObject({ trades: 3, wins: 2, losses: 1, totalPnl: 250, commissions: 6.5, rolls: 1, rejectedOrders: 1, unfilledOrders: 2 });
    expect(m.overall.winRate).toBeCloseTo(2 / 3, 8);
    // 350 won over 100 lost; average win (300 + 50) / 2, average loss −100, expectancy 250 / 3.
    expect(m.overall.profitFactor).toBe(3.5);
    expect(m.overall.avgWin).toBe(175);
    expect(m.overall.avgLoss).toBe(-100);
    expect(m.overall.expectancy).toBe(83.33);
    // Held 1, 29 and 1 calendar days.
    expect(m.overall.avgDaysInTrade).toBeCloseTo(31 / 3, 7);
  });

  it('measures returns from the daily equity: +2% in total, the 1,010,000 → 990,000 fall as the drawdown', () => {
    expect(m.overall.totalReturn).toBe(0.02);
    expect(m.overall.maxDrawdown).toBeCloseTo(20_000 / 1_010_000, 8);
    // 3 January and 31 January are below the 2 January peak; 1 February makes a new one.
    expect(m.overall.maxDrawdownDays).toBe(2);
    expect(m.overall.cagr).toBeCloseTo(1.02 ** (252 / 4) - 1, 6);
    expect(m.overall.calmar).toBeCloseTo((1.02 ** 63 - 1) / (20_000 / 1_010_000), 5);
    // Daily returns: +1%, −1.980198%, +1.010101%, +2%.
    const r = [0.01, 990 / 1010 - 1, 1000 / 990 - 1, 0.02];
    const mu = (r[0] + r[1] + r[2] + r[3]) / 4;
    const sd = Math.sqrt(r.reduce((s, x) => s + (x - mu) ** 2, 0) / 3);
    expect(m.overall.annualVolatility).toBeCloseTo(sd * Math.sqrt(252), 7);
    expect(m.overall.sharpe).toBeCloseTo((mu / sd) * Math.sqrt(252), 6);
    // Only the second day is below zero (rf = 0): downside deviation √(r₂² / 4).
    expect(m.overall.sortino).toBeCloseTo((mu / Math.sqrt(r[1] ** 2 / 4)) * Math.sqrt(252), 6);
  });

  it('counts a day as exposed when a trade was open at its snapshot (3 of 4 days)', () => {
    expect(m.overall.exposure).toBe(0.75);
  });

  it('splits P&L, fires, wins and pre-emptions by exit rule, leaving entries out', () => {
    expect(m.byExitRule).toEqual({
      'stop-loss': { fired: 1, applied: 1, closes: 1, pnl: -100, won: 0, lost: 1, preempted: 0 },
      'take-profit': { fired: 2, applied: 2, closes: 2, pnl: 350, won: 2, lost: 0, preempted: 0 },
      'time-exit': { fired: 1, applied: 0, closes: 0, pnl: 0, won: 0, lost: 0, preempted: 1 },
    });
  });

  it('gives each month its return from the previous month end and the trades it closed', () => {
    expect(m.byMonth).toEqual({
      '2019-01': { return: 0, pnl: 300, trades: 1, wins: 1, endEquity: 10_000 },
      '2019-02': { return: 0.02, pnl: -50, trades: 2, wins: 1, endEquity: 10_200 },
    });
  });

  it('gives each strategy its own trades and a realised equity series', () => {
    expect(Object.keys(m.byStrategy)).toEqual(['A', 'B']);
    expect(m.byStrategy.A).toMatchObject({ trades: 2, wins: 1, losses: 1, totalPnl: 200, profitFactor: 3 });
    // A's realised equity: 10,000 → 10,000 → 10,300 → 10,300 → 10,200: drawdown 100 / 10,300.
    expect(m.byStrategy.A.maxDrawdown).toBeCloseTo(100 / 10_300, 8);
    expect(m.byStrategy.B).toMatchObject({ trades: 1, wins: 1, losses: 0, totalPnl: 50, profitFactor: null, avgLoss: null });
  });

  it('leaves ratios without a denominator null instead of Infinity or NaN', () => {
    const flat = computeMetrics({ ...small, equity: small.equity.map((p) => ({ ...p, equityCents: 1_000_000 })), trades: [], closes: [], decisions: [] });
    expect(flat.overall).toMatchObject({ trades: 0, winRate: null, sharpe: null, sortino: null, calmar: null, profitFactor: null, maxDrawdown: 0, totalReturn: 0 });
    expect(JSON.stringify(flat)).not.toMatch(/NaN|Infinity/);
  });
});

/** The same definitions, computed another way: one pass with running sums. */
function independent(l: Ledger) {
  const e = [l.startingEquityCents, ...l.equity.map((p) => p.equityCents)];
  let sum = 0, sumSq = 0, down = 0, peak = e[0], worst = 0;
  const n = e.length - 1;
  for (let i = 1; i <= n; i++) {
    const r = (e[i] - e[i - 1]) / e[i - 1];
    sum += r;
    sumSq += r * r;
    const ex = r - l.riskFreeRate / 252;
    if (ex < 0) down += ex * ex;
    peak = Math.max(peak, e[i]);
    worst = Math.max(worst, (peak - e[i]) / peak);
  }
  const mean = sum / n;
  const sd = Math.sqrt((sumSq - n * mean * mean) / (n - 1));
  const wins = l.trades.filter((t) => t.pnlCents > 0);
  const losses = l.trades.filter((t) => t.pnlCents < 0);
  const won = wins.reduce((s, t) => s + t.pnlCents, 0);
  const lost = -losses.reduce((s, t) => s + t.pnlCents, 0);
  return {
    totalReturn: e[n] / e[0] - 1,
    annualVolatility: sd * Math.sqrt(252),
    sharpe: ((mean - l.riskFreeRate / 252) / sd) * Math.sqrt(252),
    sortino: down === 0 ? null : ((mean - l.riskFreeRate / 252) / Math.sqrt(down / n)) * Math.sqrt(252),
    maxDrawdown: worst,
    cagr: Math.exp(Math.log(e[n] / e[0]) * (252 / n)) - 1,
    profitFactor: lost === 0 ? null : won / lost,
    totalPnl: (won - lost) / 100,
    winRate: l.trades.length ? wins.length / l.trades.length : null,
  };
}

describe('backtest metrics against an independent implementation', () => {
  const ledger = fc.record({
    moves: fc.array(fc.integer({ min: -30_000, max: 30_000 }), { minLength: 3, maxLength: 60 }),
    pnls: fc.array(fc.integer({ min: -50_000, max: 50_000 }), { maxLength: 20 }),
    rf: fc.constantFrom(0, 0.02, 0.05),
  }).map(({ moves, pnls, rf }): Ledger => {
    let eq = 10_000_000;
    const equity = moves.map((mv, i) => {
      eq += mv;
      return { date: `2019-01-${String((i % 28) + 1).padStart(2, '0')}`, time: Date.UTC(2019, 0, 1) + i * 86_400_000, equityCents: eq };
    });
    const trades = pnls.map((p, i): Trade => ({ id: `t${i}`, strategy: 'S', openedAt: equity[0].time, closedAt: equity[equity.length - 1].time, openDate: equity[0].date, closeDate: equity[equity.length - 1].date, pnlCents: p, commissionCents: 130, exitRule: 'r', rolls: 0 }));
    return { startingEquityCents: 10_000_000, riskFreeRate: rf, equity, trades, closes: [], decisions: [], rejectedOrders: 0, unfilledOrders: 0, open: [] };
  });

  it('agrees on returns, volatility, Sharpe, Sortino, drawdown, CAGR, profit factor and win rate', () => {
    fc.assert(fc.property(ledger, (l) => {
      const got = computeMetrics(l).overall;
      const want = independent(l);
      for (const k of Object.keys(want) as (keyof typeof want)[]) {
        const w = want[k];
        const g = got[k];
        if (w === null || !Number.isFinite(w)) expect(g, k).toBeNull();
        else expect(g, k).toBeCloseTo(w, Math.abs(w) > 100 ? 2 : 6);
      }
    }), { numRuns: 200, seed: 1414 });
  });
});
