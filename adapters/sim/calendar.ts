import { addDays, fromExchangeTime } from '../../engine/domain/index.ts';
import type { EpochMs } from '../../engine/domain/index.ts';

/** Regular session in minutes since New York midnight: 09:30–16:00. */
export const SESSION_OPEN_MIN = 570;
export const SESSION_CLOSE_MIN = 960;

/** Weekday of a `YYYY-MM-DD` date (0 = Sunday), calendar arithmetic only. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** The `n`th (1-based) `weekday` of a month, or the last one when `n` is -1. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = weekdayOf(ymd(year, month, 1));
    return ymd(year, month, 1 + ((weekday - first + 7) % 7) + (n - 1) * 7);
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = weekdayOf(ymd(year, month, lastDay));
  return ymd(year, month, lastDay - ((last - weekday + 7) % 7));
}

/** Easter Sunday (anonymous Gregorian algorithm). */
function easter(year: number): string {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100;
  const d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

/** A fixed-date holiday moves to Friday when it falls on Saturday and to Monday on Sunday. */
function observed(date: string): string {
  const wd = weekdayOf(date);
  return wd === 6 ? addDays(date, -1) : wd === 0 ? addDays(date, 1) : date;
}

const holidayCache = new Map<number, Set<string>>();

/** NYSE full-day holidays of a year (rule-based: New Year, MLK, Presidents, Good Friday, Memorial, Juneteenth, July 4, Labor, Thanksgiving, Christmas). */
export function usMarketHolidays(year: number): Set<string> {
  let set = holidayCache.get(year);
  if (set) return set;
  set = new Set([
    observed(ymd(year, 1, 1)),
    nthWeekday(year, 1, 1, 3),
    nthWeekday(year, 2, 1, 3),
    addDays(easter(year), -2),
    nthWeekday(year, 5, 1, -1),
    observed(ymd(year, 6, 19)),
    observed(ymd(year, 7, 4)),
    nthWeekday(year, 9, 1, 1),
    nthWeekday(year, 11, 4, 4),
    observed(ymd(year, 12, 25)),
  ]);
  // New Year's Day on a Saturday is not observed on the previous Friday (NYSE rule).
  set.delete(`${year - 1}-12-31`);
  holidayCache.set(year, set);
  return set;
}

export function isTradingDay(date: string, holidays: boolean): boolean {
  const wd = weekdayOf(date);
  if (wd === 0 || wd === 6) return false;
  return !holidays || !usMarketHolidays(Number(date.slice(0, 4))).has(date);
}

/** The first trading day on or after `date`. */
export function nextTradingDay(date: string, holidays: boolean): string {
  let d = date;
  while (!isTradingDay(d, holidays)) d = addDays(d, 1);
  return d;
}

/** Epoch ms of 16:00 New York on an expiry date: when its options stop trading and settle. */
const closeCache = new Map<string, EpochMs>();
export function expiryClose(expiry: string): EpochMs {
  let t = closeCache.get(expiry);
  if (t === undefined) {
    t = fromExchangeTime(expiry, SESSION_CLOSE_MIN);
    closeCache.set(expiry, t);
  }
  return t;
}

export interface ListedExpiry {
  expiry: string;
  monthly: boolean;
}

/**
 * Expiries listed on `today`: every Friday up to `weeklyDays` calendar days ahead and every third Friday up to
 * `monthlyDays` ahead; a Friday holiday moves the expiry to the trading day before. `today` itself is included (its
 * options trade until 16:00).
 */
export function listExpiries(today: string, weeklyDays: number, monthlyDays: number, holidays: boolean): ListedExpiry[] {
  const out: ListedExpiry[] = [];
  let friday = addDays(today, (5 - weekdayOf(today) + 7) % 7);
  const horizon = Math.max(weeklyDays, monthlyDays);
  for (let ahead = (5 - weekdayOf(today) + 7) % 7; ahead <= horizon; ahead += 7, friday = addDays(friday, 7)) {
    const day = Number(friday.slice(8, 10));
    const monthly = day >= 15 && day <= 21;
    if (!(ahead <= weeklyDays || (monthly && ahead <= monthlyDays))) continue;
    let expiry = friday;
    while (!isTradingDay(expiry, holidays)) expiry = addDays(expiry, -1);
    if (expiry < today) continue;
    out.push({ expiry, monthly });
  }
  return out;
}
