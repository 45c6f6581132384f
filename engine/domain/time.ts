/**
 * Time is epoch milliseconds (`EpochMs`) everywhere. Market calendars are in exchange time (America/New_York);
 * these helpers convert without reading the wall clock.
 */
export type EpochMs = number;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const nyParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York', hourCycle: 'h23',
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short',
});

export interface ExchangeTime {
  /** `YYYY-MM-DD` in New York. */
  date: string;
  /** Minutes since New York midnight. */
  minutes: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export function exchangeTime(t: EpochMs): ExchangeTime {
  const p: Record<string, string> = {};
  for (const part of nyParts.formatToParts(new Date(t))) p[part.type] = part.value;
  return { date: `${p.year}-${p.month}-${p.day}`, minutes: Number(p.hour) * 60 + Number(p.minute), weekday: WEEKDAYS[p.weekday] };
}

/** Whole calendar days from the date `from` (`YYYY-MM-DD`) to the date `to`; negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

const fromExchangeCache = new Map<string, EpochMs>();

/** Epoch ms of a New York wall time (`date` `YYYY-MM-DD`, minutes since midnight), DST-aware. Memoised: it is pure. */
export function fromExchangeTime(date: string, minutes: number): EpochMs {
  const key = `${date}|${minutes}`;
  let t = fromExchangeCache.get(key);
  if (t === undefined) {
    if (fromExchangeCache.size > 100_000) fromExchangeCache.clear();
    t = computeFromExchangeTime(date, minutes);
    fromExchangeCache.set(key, t);
  }
  return t;
}

function computeFromExchangeTime(date: string, minutes: number): EpochMs {
  const guess = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE_MS;
  // New York is UTC-5 or UTC-4: try both offsets and keep the one that maps back.
  for (const offsetHours of [5, 4]) {
    const t = guess + offsetHours * HOUR_MS;
    const et = exchangeTime(t);
    if (et.date === date && et.minutes === minutes) return t;
  }
  return guess + 5 * HOUR_MS;
}

/** Regular US options session: 09:30–16:00 New York, Monday to Friday (holidays are the feed's business). */
export function isRegularSession(t: EpochMs): boolean {
  const et = exchangeTime(t);
  return et.weekday >= 1 && et.weekday <= 5 && et.minutes >= 570 && et.minutes < 960;
}
