import { describe, expect, it } from 'vitest';
import { fromExchangeTime, MINUTE_MS } from '../../engine/domain/index.ts';
import { scheduleAllows } from '../../engine/entry/index.ts';
import { strategy } from './strategy-fixture.ts';

const at = (date: string, hhmm: string) => fromExchangeTime(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));
const code = (r: ReturnType<typeof scheduleAllows>) => (r === true ? true : r.code);

describe('scheduleAllows', () => {
  const plain = strategy('iron-condor');

  it('allows a weekday in the regular session after the first 15 minutes by default', () => {
    expect(scheduleAllows(plain, at('2019-04-25', '10:30'))).toBe(true);
    expect(scheduleAllows(plain, at('2019-04-25', '09:45'))).toBe(true);
  });

  it('refuses the weekend', () => {
    expect(code(scheduleAllows(plain, at('2019-04-27', '11:00')))).toBe('TW_ENTRY_SCHEDULE_DAY');
  });

  it('refuses before the open, in the first 15 minutes and after the close', () => {
    expect(code(scheduleAllows(plain, at('2019-04-25', '08:00')))).toBe('TW_ENTRY_SCHEDULE_TIME');
    expect(code(scheduleAllows(plain, at('2019-04-25', '09:40')))).toBe('TW_ENTRY_SCHEDULE_TIME');
    expect(code(scheduleAllows(plain, at('2019-04-25', '16:00')))).toBe('TW_ENTRY_SCHEDULE_TIME');
  });

  it('follows the days and window the strategy sets, in New York time across DST', () => {
    const s = strategy('iron-condor', { entry: { maxOpen: 1, schedule: { days: ['mon', 'wed'], from: '10:00', until: '11:00' } } });
    expect(scheduleAllows(s, at('2019-04-29', '10:15'))).toBe(true); // Monday (EDT)
    expect(scheduleAllows(s, at('2019-01-07', '10:15'))).toBe(true); // Monday (EST)
    expect(code(scheduleAllows(s, at('2019-04-30', '10:15')))).toBe('TW_ENTRY_SCHEDULE_DAY');
    expect(code(scheduleAllows(s, at('2019-04-29', '11:00')))).toBe('TW_ENTRY_SCHEDULE_TIME');
  });

  it('waits everyMinutes since the last entry of the strategy', () => {
    const s = strategy('iron-condor', { entry: { maxOpen: 9, schedule: { everyMinutes: 60 } } });
    const now = at('2019-04-25', '12:00');
    const r = scheduleAllows(s, now, now - 45 * MINUTE_MS);
    expect(r).not.toBe(true);
    if (r !== true) {
      expect(r.code).toBe('TW_ENTRY_SCHEDULE_FREQUENCY');
      expect(r.hint).toContain('15 minutes');
    }
    expect(scheduleAllows(s, now, now - 60 * MINUTE_MS)).toBe(true);
    expect(scheduleAllows(s, now)).toBe(true);
  });

  it('reports a malformed time instead of guessing', () => {
    const s = strategy('iron-condor', { entry: { maxOpen: 1, schedule: { from: '9h45' } } });
    expect(code(scheduleAllows(s, at('2019-04-25', '10:00')))).toBe('TW_ENTRY_BAD_SCHEDULE');
  });
});
