import { MINUTE_MS, sessionCloseAt } from '../domain/index.ts';
import type { EpochMs, OrderPurpose } from '../domain/index.ts';
import type { ExecutionPolicy } from './types.ts';

/**
 * An order's schedule: how often it reprices and when it times out. An exit (close, reduce, roll-close) must reach
 * marketable before the regular session closes, or its `day` order expires unfilled: when the policy's schedule
 * (interval × (maxReprices + 1)) would run past `close − exitDeadlineBeforeCloseMin`, the interval is shrunk so every
 * reprice still happens and the timeout (marketable) falls on that cutoff. An exit placed at or after the cutoff goes
 * marketable at once. Entries and roll-opens keep the policy's schedule (an unfilled open just ends; see docs/lifecycle.md).
 */
export const DEFAULT_EXIT_DEADLINE_BEFORE_CLOSE_MIN = 5;

export interface Schedule {
  intervalMs: number;
  deadline: EpochMs;
  /** Placed at or after the cutoff: the exit is sent marketable. */
  marketableNow: boolean;
  /** Set when the schedule was compressed (or skipped) for the close: the cutoff time. */
  cutoff: EpochMs | null;
}

export const isExit = (purpose: OrderPurpose): boolean => purpose === 'close' || purpose === 'reduce' || purpose === 'roll-close';

export function exitCutoff(policy: ExecutionPolicy, now: EpochMs): EpochMs | null {
  const before = policy.exitDeadlineBeforeCloseMin ?? DEFAULT_EXIT_DEADLINE_BEFORE_CLOSE_MIN;
  if (!(before > 0)) return null;
  const close = sessionCloseAt(now);
  return close === null ? null : close - before * MINUTE_MS;
}

export function orderSchedule(policy: ExecutionPolicy, purpose: OrderPurpose, now: EpochMs): Schedule {
  const intervalMs = policy.repriceIntervalSeconds * 1000;
  const steps = policy.maxReprices + 1;
  const normal: Schedule = { intervalMs, deadline: now + intervalMs * steps, marketableNow: false, cutoff: null };
  if (!isExit(purpose)) return normal;
  const cutoff = exitCutoff(policy, now);
  if (cutoff === null || normal.deadline <= cutoff) return normal;
  if (cutoff <= now) return { intervalMs, deadline: now, marketableNow: true, cutoff };
  const compressed = Math.floor((cutoff - now) / steps);
  return { intervalMs: compressed, deadline: now + compressed * steps, marketableNow: false, cutoff };
}
