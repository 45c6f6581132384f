import { fromExchangeTime } from '../../engine/domain/index.ts';
import type { EpochMs } from '../../engine/domain/index.ts';
import type { PositionActor, PositionEvent } from '../../engine/lifecycle/index.ts';
import { MARKS } from './fixtures.ts';

/** New York wall time on a date, as epoch ms ('2026-03-02' is a Monday; the fixtures' T0 is 10:00 on it). */
export const ny = (date: string, hhmm: string): EpochMs => fromExchangeTime(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)));

export const tickAt = (now: EpochMs): PositionEvent => ({ type: 'TICK', now, marks: MARKS });

/** The working order's expiry, reported by the broker at `time`. */
export function expiredAt(actor: PositionActor, time: EpochMs): PositionEvent {
  const id = actor.context().workingOrder?.clientOrderId ?? 'none';
  return { type: 'BROKER', event: { type: 'expired', clientOrderId: id, time } };
}
