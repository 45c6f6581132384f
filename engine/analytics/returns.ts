/**
 * Return statistics of a daily equity series (docs/backtest.md, "Metrics"): the starting equity is day 0, each
 * New York trading date's last snapshot is one point. 252 trading days a year; the risk-free rate is a decimal per
 * year, taken per day as rf / 252.
 */
export const TRADING_DAYS = 252;

/** r_d = E_d / E_{d−1} − 1 for d = 1…N, with E_0 the starting equity. */
export function dailyReturns(start: number, equity: readonly number[]): number[] {
  const out: number[] = [];
  let prev = start;
  for (const e of equity) {
    out.push(prev === 0 ? 0 : e / prev - 1);
    prev = e;
  }
  return out;
}

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length ? s / xs.length : 0;
}

/** Sample standard deviation (n − 1); null with fewer than two values. */
export function stdev(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

export function annualVolatility(returns: readonly number[]): number | null {
  const sd = stdev(returns);
  return sd === null ? null : sd * Math.sqrt(TRADING_DAYS);
}

/** (mean(r) − rf/252) / sd(r) × √252; null when sd is 0 or undefined. */
export function sharpe(returns: readonly number[], riskFreeRate: number): number | null {
  const sd = stdev(returns);
  if (sd === null || sd === 0) return null;
  return ((mean(returns) - riskFreeRate / TRADING_DAYS) / sd) * Math.sqrt(TRADING_DAYS);
}

/** (mean(r) − rf/252) / DD × √252 with DD = √(Σ min(0, r − rf/252)² / N); null when DD is 0. */
export function sortino(returns: readonly number[], riskFreeRate: number): number | null {
  if (returns.length < 2) return null;
  const daily = riskFreeRate / TRADING_DAYS;
  let s = 0;
  for (const r of returns) s += Math.min(0, r - daily) ** 2;
  const dd = Math.sqrt(s / returns.length);
  if (dd === 0) return null;
  return ((mean(returns) - daily) / dd) * Math.sqrt(TRADING_DAYS);
}

/** (E_N / E_0)^(252 / N) − 1; null without a day or with a non-positive end. */
export function cagr(start: number, end: number, days: number): number | null {
  if (days === 0 || start <= 0 || end <= 0) return null;
  return (end / start) ** (TRADING_DAYS / days) - 1;
}

export interface Drawdown {
  /** max_d (1 − E_d / max_{k≤d} E_k), a fraction; 0 for a series that never falls. */
  max: number;
  /** The longest run of consecutive days below the running peak (the peak may be day 0). */
  longestDays: number;
  /** Per point, 1 − E_d / peak_d (for the chart). */
  series: number[];
}

export function drawdown(start: number, equity: readonly number[]): Drawdown {
  let peak = start;
  let max = 0;
  let run = 0;
  let longest = 0;
  const series: number[] = [];
  for (const e of equity) {
    if (e >= peak) {
      peak = e;
      run = 0;
    } else run += 1;
    const dd = peak > 0 ? 1 - e / peak : 0;
    series.push(dd);
    if (dd > max) max = dd;
    if (run > longest) longest = run;
  }
  return { max, longestDays: longest, series };
}
