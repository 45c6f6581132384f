/** Scenario times: New York wall time (`YYYY-MM-DD HH:MM`, a date alone = 10:00) or a step (`+30m`, `+2h`, `-1d`). */
import { addDays, exchangeTime, fromExchangeTime, MINUTE_MS, type EpochMs } from '../../engine/domain/index.ts';

const ABSOLUTE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/;
const STEP = /^([+-]?)(\d+)(m|h|d)$/;

export const DEFAULT_TIME_OF_DAY_MIN = 10 * 60;

/** Epoch ms of an absolute scenario time, or null when it is not a real date and time. */
export function parseAbsolute(text: string): EpochMs | null {
  const m = ABSOLUTE.exec(text);
  if (!m) return null;
  const [, y, mo, d, hh, mm] = m;
  const date = `${y}-${mo}-${d}`;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || addDays(date, 0) !== date) return null;
  const minutes = hh === undefined ? DEFAULT_TIME_OF_DAY_MIN : Number(hh) * 60 + Number(mm);
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59)) return null;
  return fromExchangeTime(date, minutes);
}

export function isStep(text: string): boolean {
  return STEP.test(text);
}

/** `base` moved by a step. Days move the New York date and keep the wall time (DST-safe); minutes and hours are exact. */
export function applyStep(base: EpochMs, step: string): EpochMs | null {
  const m = STEP.exec(step);
  if (!m) return null;
  const n = Number(m[2]) * (m[1] === '-' ? -1 : 1);
  if (m[3] === 'm') return base + n * MINUTE_MS;
  if (m[3] === 'h') return base + n * 60 * MINUTE_MS;
  const et = exchangeTime(base);
  return fromExchangeTime(addDays(et.date, n), et.minutes);
}

/** Absolute or relative to `base`. */
export function resolveTime(text: string, base: EpochMs): EpochMs | null {
  return isStep(text) ? applyStep(base, text) : parseAbsolute(text);
}

/** `YYYY-MM-DD HH:MM` New York: how every time is printed. */
export function formatTime(t: EpochMs): string {
  const et = exchangeTime(t);
  return `${et.date} ${String(Math.floor(et.minutes / 60)).padStart(2, '0')}:${String(et.minutes % 60).padStart(2, '0')}`;
}
