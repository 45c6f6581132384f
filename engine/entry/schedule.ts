/**
 * Entry schedule: which days, which New York time window, and how often a strategy may open a position.
 * Default: Monday to Friday, 09:45–16:00 New York (the regular session without its first 15 minutes), no frequency
 * limit. Pure: `now` is handed in.
 */
import { exchangeTime, MINUTE_MS, type EpochMs } from '../domain/index.ts';
import type { StrategyConfig, ResolvedStrategy, Weekday } from '../config/types.ts';
import { reason } from './reasons.ts';
import type { EntryReason } from './types.ts';

export const DEFAULT_ENTRY_DAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
export const DEFAULT_ENTRY_FROM = '09:45';
export const DEFAULT_ENTRY_UNTIL = '16:00';

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

type ScheduleStrategy = Pick<StrategyConfig | ResolvedStrategy, 'name' | 'entry'>;

/** Minutes since midnight of an `HH:MM` string, or null when malformed. */
export function parseHhmm(value: string): number | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** `true` when the strategy may enter at `now`; otherwise the reason (day, time window or frequency). */
export function scheduleAllows(strategy: ScheduleStrategy, now: EpochMs, lastEntryAt?: EpochMs): true | EntryReason {
  const s = strategy.entry.schedule ?? {};
  const name = strategy.name;
  const et = exchangeTime(now);
  const days = s.days && s.days.length > 0 ? s.days : DEFAULT_ENTRY_DAYS;
  const day = DAY_NAMES[et.weekday];
  if (!(days as readonly string[]).includes(day)) return reason('TW_ENTRY_SCHEDULE_DAY', { strategy: name, day, days: days.join(', ') });

  const fromText = s.from ?? DEFAULT_ENTRY_FROM;
  const untilText = s.until ?? DEFAULT_ENTRY_UNTIL;
  const from = parseHhmm(fromText);
  const until = parseHhmm(untilText);
  if (from === null) return reason('TW_ENTRY_BAD_SCHEDULE', { strategy: name, value: fromText });
  if (until === null) return reason('TW_ENTRY_BAD_SCHEDULE', { strategy: name, value: untilText });
  if (et.minutes < from || et.minutes >= until) {
    return reason('TW_ENTRY_SCHEDULE_TIME', { strategy: name, time: hhmm(et.minutes), from: fromText, until: untilText });
  }

  if (s.everyMinutes !== undefined && s.everyMinutes > 0 && lastEntryAt !== undefined) {
    const elapsed = now - lastEntryAt;
    const needed = s.everyMinutes * MINUTE_MS;
    if (elapsed < needed) {
      return reason('TW_ENTRY_SCHEDULE_FREQUENCY', {
        strategy: name, minutesAgo: Math.floor(elapsed / MINUTE_MS), everyMinutes: s.everyMinutes,
        minutesLeft: Math.ceil((needed - elapsed) / MINUTE_MS),
      });
    }
  }
  return true;
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
