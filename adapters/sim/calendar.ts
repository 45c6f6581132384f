import { addDays, fromExchangeTime, isUsTradingDay, weekdayOf } from '../../engine/domain/index.ts';
import type { EpochMs } from '../../engine/domain/index.ts';

/** Regular session in minutes since New York midnight: 09:30–16:00. */
export const SESSION_OPEN_MIN = 570;
export const SESSION_CLOSE_MIN = 960;

/** A trading day of the simulation: a weekday, and (with `holidays`) not a US market holiday or closure. */
export function isTradingDay(date: string, holidays: boolean): boolean {
  if (holidays) return isUsTradingDay(date);
  const wd = weekdayOf(date);
  return wd !== 0 && wd !== 6;
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
