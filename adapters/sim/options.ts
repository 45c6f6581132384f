import { fromExchangeTime } from '../../engine/domain/index.ts';
import type { EpochMs } from '../../engine/domain/index.ts';
import { twError } from '../../engine/errors/index.ts';
import type { ScriptStep } from './script.ts';

/** One simulated underlying, as configured. Percentages are fractions (0.06 = 6%). */
export interface SimUnderlyingConfig {
  symbol: string;
  /** Starting price. */
  price: number;
  /** Annual drift of the price process (default 0.06). */
  drift?: number;
  /** At-the-money implied volatility when the VIX sits at its long-run mean (default 0.16). */
  vol?: number;
  /** Sensitivity of this underlying's jumps to a market jump (default 1). */
  beta?: number;
  /** Continuous dividend yield (default 0). */
  divYield?: number;
  /** Contract multiplier (default 100). */
  multiplier?: number;
  /** `physical` (assignment into shares, ETFs) or `cash` (index options). Default `physical`. */
  settlement?: 'physical' | 'cash';
  /** Option root when it differs from the symbol (part of the contract key). */
  root?: string;
  /** Strike step near the money (default: 1 for prices under 1000, else 5, 10 above 2000). */
  strikeStep?: number;
}

export interface SimMarketOptions {
  /** PRNG seed (default 1). Same seed, same options → identical ticks. */
  seed?: number;
  /** First simulated instant (epoch ms); moved to the next session open when outside the regular session. Default 2026-01-05 09:30 New York. */
  start?: EpochMs;
  /** Simulated minutes per tick (default 5). */
  tickMinutes?: number;
  /** Real milliseconds to wait before each tick (default 0 = as fast as possible). */
  speed?: number;
  /** Underlyings (default SPY 450 and QQQ 380). */
  underlyings?: SimUnderlyingConfig[];
  /** Trading sessions to simulate; `next()` returns null afterwards. Default: no end. */
  days?: number;
  /** Scripted moves (see script.ts / docs/sim.md). */
  script?: ScriptStep[];
  /** VIX-like index: start level (16), long-run mean (18), mean reversion per year (4), vol of vol (0.9), correlation with the market (-0.75). */
  vix?: { start?: number; mean?: number; reversion?: number; volOfVol?: number; correlation?: number };
  /** Market jumps per year (default 3). */
  jumpsPerYear?: number;
  /** Correlation of each underlying with the common market factor (default 0.9). */
  marketCorrelation?: number;
  /** Risk-free rate used for quotes (default 0.04). */
  rate?: number;
  /** Weekly expiries listed up to this many calendar days ahead (default 60). */
  weeklyDays?: number;
  /** Monthly (third Friday) expiries listed up to this many calendar days ahead (default 90). */
  monthlyDays?: number;
  /** Strikes listed within ± this fraction of the price (default 0.2). */
  strikeRangePct?: number;
  /** Skip US market holidays (default true). */
  holidays?: boolean;
}

export interface ResolvedUnderlying {
  symbol: string;
  price: number;
  drift: number;
  vol: number;
  beta: number;
  divYield: number;
  multiplier: number;
  settlement: 'physical' | 'cash';
  root?: string;
  strikeStep: number;
}

export interface ResolvedSimOptions {
  seed: number;
  start: EpochMs;
  tickMinutes: number;
  speed: number;
  underlyings: ResolvedUnderlying[];
  days: number | null;
  script: ScriptStep[];
  vix: { start: number; mean: number; reversion: number; volOfVol: number; correlation: number };
  jumpsPerYear: number;
  marketCorrelation: number;
  rate: number;
  weeklyDays: number;
  monthlyDays: number;
  strikeRangePct: number;
  holidays: boolean;
}

export const DEFAULT_UNDERLYINGS: SimUnderlyingConfig[] = [
  { symbol: 'SPY', price: 450, drift: 0.06, vol: 0.16, beta: 1, multiplier: 100, settlement: 'physical' },
  { symbol: 'QQQ', price: 380, drift: 0.08, vol: 0.21, beta: 1.25, multiplier: 100, settlement: 'physical' },
];

function check(option: string, value: unknown, ok: boolean, expected: string): void {
  if (!ok) throw twError('TW_SIM_BAD_OPTION', { option, value: JSON.stringify(value), expected });
}
const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function defaultStrikeStep(price: number): number {
  return price < 1000 ? 1 : price < 2000 ? 5 : 10;
}

function resolveUnderlying(u: SimUnderlyingConfig, i: number): ResolvedUnderlying {
  const at = `underlyings[${i}]`;
  check(`${at}.symbol`, u?.symbol, typeof u?.symbol === 'string' && /^[A-Z][A-Z0-9.]*$/.test(u.symbol), 'an upper-case symbol');
  check(`${at}.price`, u.price, num(u.price) && u.price > 0, 'a positive price');
  const r: ResolvedUnderlying = {
    symbol: u.symbol, price: u.price, drift: u.drift ?? 0.06, vol: u.vol ?? 0.16, beta: u.beta ?? 1, divYield: u.divYield ?? 0,
    multiplier: u.multiplier ?? 100, settlement: u.settlement ?? 'physical', root: u.root, strikeStep: u.strikeStep ?? defaultStrikeStep(u.price),
  };
  check(`${at}.drift`, r.drift, num(r.drift) && Math.abs(r.drift) < 2, 'a fraction per year between -2 and 2');
  check(`${at}.vol`, r.vol, num(r.vol) && r.vol > 0 && r.vol < 3, 'an implied volatility between 0 and 3 (0.16 = 16%)');
  check(`${at}.beta`, r.beta, num(r.beta) && r.beta >= 0, 'a non-negative number');
  check(`${at}.divYield`, r.divYield, num(r.divYield) && r.divYield >= 0 && r.divYield < 0.5, 'a fraction between 0 and 0.5');
  check(`${at}.multiplier`, r.multiplier, Number.isInteger(r.multiplier) && r.multiplier > 0, 'a positive integer');
  check(`${at}.settlement`, r.settlement, r.settlement === 'physical' || r.settlement === 'cash', "'physical' or 'cash'");
  check(`${at}.strikeStep`, r.strikeStep, num(r.strikeStep) && r.strikeStep > 0, 'a positive number');
  return r;
}

/** Validates and fills in defaults, once, at construction. */
export function resolveSimOptions(o: SimMarketOptions = {}): ResolvedSimOptions {
  const r: ResolvedSimOptions = {
    seed: o.seed ?? 1,
    start: o.start ?? fromExchangeTime('2026-01-05', 570),
    tickMinutes: o.tickMinutes ?? 5,
    speed: o.speed ?? 0,
    underlyings: (o.underlyings ?? DEFAULT_UNDERLYINGS).map(resolveUnderlying),
    days: o.days ?? null,
    script: o.script ?? [],
    vix: { start: o.vix?.start ?? 16, mean: o.vix?.mean ?? 18, reversion: o.vix?.reversion ?? 4, volOfVol: o.vix?.volOfVol ?? 0.9, correlation: o.vix?.correlation ?? -0.75 },
    jumpsPerYear: o.jumpsPerYear ?? 3,
    marketCorrelation: o.marketCorrelation ?? 0.9,
    rate: o.rate ?? 0.04,
    weeklyDays: o.weeklyDays ?? 60,
    monthlyDays: o.monthlyDays ?? 90,
    strikeRangePct: o.strikeRangePct ?? 0.2,
    holidays: o.holidays ?? true,
  };
  check('seed', r.seed, num(r.seed), 'a finite number');
  check('start', r.start, num(r.start), 'epoch milliseconds');
  check('tickMinutes', r.tickMinutes, Number.isInteger(r.tickMinutes) && r.tickMinutes >= 1 && r.tickMinutes <= 390, 'a whole number of minutes from 1 to 390');
  check('speed', r.speed, num(r.speed) && r.speed >= 0, 'milliseconds ≥ 0');
  check('underlyings', o.underlyings, r.underlyings.length > 0, 'at least one underlying');
  check('underlyings', o.underlyings, new Set(r.underlyings.map((u) => u.symbol)).size === r.underlyings.length, 'distinct symbols');
  check('days', r.days, r.days === null || (Number.isInteger(r.days) && r.days >= 1), 'a whole number of sessions ≥ 1');
  check('script', o.script, Array.isArray(r.script), 'a list of steps');
  check('vix.start', r.vix.start, num(r.vix.start) && r.vix.start > 0, 'a positive level');
  check('vix.mean', r.vix.mean, num(r.vix.mean) && r.vix.mean > 0, 'a positive level');
  check('vix.reversion', r.vix.reversion, num(r.vix.reversion) && r.vix.reversion >= 0, 'a rate per year ≥ 0');
  check('vix.volOfVol', r.vix.volOfVol, num(r.vix.volOfVol) && r.vix.volOfVol >= 0 && r.vix.volOfVol < 5, 'between 0 and 5');
  check('vix.correlation', r.vix.correlation, num(r.vix.correlation) && Math.abs(r.vix.correlation) <= 1, 'between -1 and 1');
  check('jumpsPerYear', r.jumpsPerYear, num(r.jumpsPerYear) && r.jumpsPerYear >= 0, 'a rate ≥ 0');
  check('marketCorrelation', r.marketCorrelation, num(r.marketCorrelation) && Math.abs(r.marketCorrelation) <= 1, 'between -1 and 1');
  check('rate', r.rate, num(r.rate) && Math.abs(r.rate) < 1, 'a decimal rate (0.04 = 4%)');
  check('weeklyDays', r.weeklyDays, num(r.weeklyDays) && r.weeklyDays >= 0, 'days ≥ 0');
  check('monthlyDays', r.monthlyDays, num(r.monthlyDays) && r.monthlyDays >= 0, 'days ≥ 0');
  check('strikeRangePct', r.strikeRangePct, num(r.strikeRangePct) && r.strikeRangePct > 0 && r.strikeRangePct < 1, 'a fraction between 0 and 1');
  return r;
}
