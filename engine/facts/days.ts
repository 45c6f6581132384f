/**
 * Memoised calendar helpers for the facts hot path (10,000 positions per tick): `exchangeTime` formats through Intl
 * (microseconds per call) and `Date.parse` is not free either. New York's UTC offset is a whole number of hours, so the
 * New York date is constant within a UTC hour: caching by hour bucket is exact.
 */
import { DAY_MS, HOUR_MS, exchangeTime, type EpochMs } from '../domain/index.ts';

const MAX_ENTRIES = 50_000;
const nyDateByHour = new Map<number, string>();
const dayNumberByDate = new Map<string, number>();

/** `YYYY-MM-DD` in New York for an epoch ms. */
export function nyDate(t: EpochMs): string {
  const hour = Math.floor(t / HOUR_MS);
  let date = nyDateByHour.get(hour);
  if (date === undefined) {
    if (nyDateByHour.size >= MAX_ENTRIES) nyDateByHour.clear();
    date = exchangeTime(hour * HOUR_MS).date;
    nyDateByHour.set(hour, date);
  }
  return date;
}

function dayNumber(date: string): number {
  let n = dayNumberByDate.get(date);
  if (n === undefined) {
    if (dayNumberByDate.size >= MAX_ENTRIES) dayNumberByDate.clear();
    n = Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
    dayNumberByDate.set(date, n);
  }
  return n;
}

/** Whole calendar days from `from` to `to` (`YYYY-MM-DD`), as `daysBetween` in engine/domain/time.ts. */
export function days(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}
