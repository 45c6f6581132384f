import { addDays, exchangeTime, fromExchangeTime } from './time.ts';
import type { EpochMs } from './time.ts';

/**
 * The NYSE / Cboe full-day holiday calendar, computed from the rules (with Saturday → Friday and Sunday → Monday
 * observance) plus the one-off closures since 2001. The simulated market trades on it and historical replay uses it
 * to tell a holiday from a day missing in the data. Early closes (13:00) are in `sessionCloseMinutes`; the simulated
 * market still trades them as full days.
 */
const ONE_OFF_CLOSURES = new Set(['2001-09-11', '2001-09-12', '2001-09-13', '2001-09-14', '2004-06-11', '2007-01-02', '2012-10-29', '2012-10-30', '2018-12-05', '2025-01-09']);

function ymd(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Weekday of a `YYYY-MM-DD` date (0 = Sunday), calendar arithmetic only. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The n-th (1-based) weekday `wd` of a month, or the last one when n = -1. */
function nthWeekday(y: number, m: number, wd: number, n: number): string {
  if (n > 0) {
    const first = weekdayOf(ymd(y, m, 1));
    return ymd(y, m, 1 + ((wd - first + 7) % 7) + (n - 1) * 7);
  }
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const last = weekdayOf(ymd(y, m, lastDay));
  return ymd(y, m, lastDay - ((last - wd + 7) % 7));
}

function observed(date: string): string {
  const wd = weekdayOf(date);
  return wd === 6 ? addDays(date, -1) : wd === 0 ? addDays(date, 1) : date;
}

/** Easter Sunday (Gregorian, anonymous algorithm). */
function easter(y: number): string {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(y, month, day);
}

const cache = new Map<number, Set<string>>();

/** Full-day holidays of a year from the rules (one-off closures are in `isUsTradingDay`). */
export function usMarketHolidays(y: number): Set<string> {
  let set = cache.get(y);
  if (set) return set;
  const days = [
    // New Year's Day: a Saturday New Year is not observed on the Friday before (NYSE rule).
    weekdayOf(ymd(y, 1, 1)) === 6 ? '' : observed(ymd(y, 1, 1)),
    nthWeekday(y, 1, 1, 3), // Martin Luther King Jr. Day
    nthWeekday(y, 2, 1, 3), // Washington's Birthday
    addDays(easter(y), -2), // Good Friday
    nthWeekday(y, 5, 1, -1), // Memorial Day
    y >= 2022 ? observed(ymd(y, 6, 19)) : '', // Juneteenth
    observed(ymd(y, 7, 4)),
    nthWeekday(y, 9, 1, 1), // Labor Day
    nthWeekday(y, 11, 4, 4), // Thanksgiving
    observed(ymd(y, 12, 25)),
  ];
  set = new Set(days.filter(Boolean));
  cache.set(y, set);
  return set;
}

/** A weekday that is neither a holiday nor a one-off closure. */
export function isUsTradingDay(date: string): boolean {
  const wd = weekdayOf(date);
  return wd >= 1 && wd <= 5 && !usMarketHolidays(Number(date.slice(0, 4))).has(date) && !ONE_OFF_CLOSURES.has(date);
}

/** Trading days strictly between two dates (`YYYY-MM-DD`): the days a daily file should have had between two rows. */
export function tradingDaysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = addDays(from, 1); d < to; d = addDays(d, 1)) if (isUsTradingDay(d)) out.push(d);
  return out;
}

/** Regular session open, minutes since New York midnight (09:30). */
export const SESSION_OPEN_MINUTES = 570;
const FULL_CLOSE = 960;
const EARLY_CLOSE = 780;

/**
 * NYSE / Cboe early closes (13:00 New York) from the rules: the day after Thanksgiving, Christmas Eve on a trading
 * weekday, and 3 July when Independence Day falls on Tuesday to Friday (the weekday before it trades half a day).
 */
export function isUsEarlyClose(date: string): boolean {
  if (!isUsTradingDay(date)) return false;
  const y = Number(date.slice(0, 4));
  if (date === addDays(nthWeekday(y, 11, 4, 4), 1)) return true;
  if (date === ymd(y, 12, 24)) return true;
  if (date === ymd(y, 7, 3)) return weekdayOf(ymd(y, 7, 4)) >= 2 && weekdayOf(ymd(y, 7, 4)) <= 5;
  return false;
}

/** When the regular session of `date` closes, minutes since New York midnight (960, or 780 on a half day); null when it does not trade. */
export function sessionCloseMinutes(date: string): number | null {
  if (!isUsTradingDay(date)) return null;
  return isUsEarlyClose(date) ? EARLY_CLOSE : FULL_CLOSE;
}

/** The close of the regular session `t` falls in (09:30 up to the close of a trading day), or null outside one. */
export function sessionCloseAt(t: EpochMs): EpochMs | null {
  const et = exchangeTime(t);
  const close = sessionCloseMinutes(et.date);
  if (close === null || et.minutes < SESSION_OPEN_MINUTES || et.minutes >= close) return null;
  return fromExchangeTime(et.date, close);
}

/** The next regular session open strictly after `t` (09:30 New York of the next trading day, or of today before 09:30). */
export function nextSessionOpen(t: EpochMs): EpochMs {
  const et = exchangeTime(t);
  if (isUsTradingDay(et.date) && et.minutes < SESSION_OPEN_MINUTES) return fromExchangeTime(et.date, SESSION_OPEN_MINUTES);
  let d = addDays(et.date, 1);
  while (!isUsTradingDay(d)) d = addDays(d, 1);
  return fromExchangeTime(d, SESSION_OPEN_MINUTES);
}
