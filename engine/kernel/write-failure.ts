/**
 * A tick whose commit the disk refused (TW_STORE_DISK_FULL, TW_STORE_WRITE_FAILED). The store rolled it back whole;
 * the kernel keeps the tick's work exactly as it was built (the batch, the broker calls, the events) and commits that
 * same batch again before it takes any new tick. Machines and actors that already advanced in memory for the tick
 * therefore stay consistent with what is finally committed: nothing is recomputed and no broker event is lost, and
 * the tick's broker calls are made only after its commit succeeds (run-tick.ts `finishTick`).
 *
 * Each failure waits longer (exponential backoff, capped). The first failure raises a critical alert at once (a
 * kernel event: the status line and the API show it) and stores it with the tick once writing works again; after
 * `haltAfter` consecutive failures the trading state is switched to HALTED (applied, stored and with its cancels,
 * at the first tick after the store writes again; nothing reaches the broker in between anyway).
 */
import { isTickwiseError, type TickwiseError } from '../errors/index.ts';
import type { MarketTick } from '../domain/index.ts';
import type { FactsSnapshot } from '../facts/index.ts';
import { RETRYABLE_WRITE_CODES } from '../store/index.ts';
import type { KernelState } from './state.ts';
import type { TickWork } from './tick-work.ts';
import type { AlertRecord } from './types.ts';

export interface WriteRetryOptions {
  /** Wait after the first failed commit, ms (default 1,000). */
  baseDelayMs?: number;
  /** The longest wait between attempts, ms (default 60,000). */
  maxDelayMs?: number;
  /** Consecutive failed commits after which the trading state becomes HALTED (default 5). */
  haltAfter?: number;
}

export const DEFAULT_WRITE_RETRY: Required<WriteRetryOptions> = { baseDelayMs: 1000, maxDelayMs: 60_000, haltAfter: 5 };

/** What the status line and the API show while the store cannot write. */
export interface WriteFailureStatus {
  code: string;
  message: string;
  hint: string;
  /** Consecutive failed commits of the stalled tick. */
  failures: number;
  /** The stalled tick: its sequence number and exchange time. */
  seq: number;
  tickTime: number;
  /** The wait before the next attempt, ms. */
  nextRetryMs: number;
  /** HALTED was requested (after `haltAfter` failures). */
  halted: boolean;
}

/** The tick kept for a new commit attempt. */
export interface StalledTick {
  w: TickWork;
  facts: FactsSnapshot;
  tick: MarketTick;
  keys: Set<string>;
}

export function isRetryableWrite(e: unknown): e is TickwiseError {
  return isTickwiseError(e) && RETRYABLE_WRITE_CODES.has(e.code);
}

/** Wait before attempt `failures + 1`: base · 2^(failures − 1), capped at max. */
export function backoffMs(options: Required<WriteRetryOptions>, failures: number): number {
  return Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, failures - 1));
}

function storeAlert(time: number, message: string): AlertRecord {
  return { time, severity: 'critical', source: 'store', positionId: null, message };
}

/**
 * Records one failed commit of the stalled tick: status, log, and on the first failure and on halting a critical
 * alert, published at once (k.immediate) and added to the kept batch so it is stored with the tick.
 */
export function recordWriteFailure(k: KernelState, stalled: StalledTick, err: TickwiseError): void {
  const prev = k.writeFailure;
  const failures = (prev?.failures ?? 0) + 1;
  const opts = k.writeRetry;
  const halted = (prev?.halted ?? false) || failures >= opts.haltAfter;
  const status: WriteFailureStatus = {
    code: err.code, message: err.message, hint: err.hint, failures, seq: stalled.w.seq, tickTime: stalled.w.time,
    nextRetryMs: backoffMs(opts, failures), halted,
  };
  k.writeFailure = status;
  k.log.error({ code: err.code, failures, seq: status.seq, retryInMs: status.nextRetryMs, err: err.message }, 'tick commit failed; no broker call is made until it is written');
  const alerts: AlertRecord[] = [];
  if (failures === 1) {
    alerts.push(storeAlert(stalled.w.time, `[${err.code}] ${err.message}. Nothing of tick ${status.seq} reached the broker; retrying its commit with backoff (HALTED after ${opts.haltAfter} failures). ${err.hint}`));
  }
  if (halted && !prev?.halted) {
    const reason = `the store could not write tick ${status.seq} ${failures} times in a row (${err.code})`;
    k.controls.unshift({ type: 'set-trading-state', state: 'HALTED', reason });
    alerts.push(storeAlert(stalled.w.time, `trading state → HALTED: ${reason}; applied at the first tick after the store writes again`));
  }
  const batch = k.pendingBatch;
  for (const a of alerts) {
    if (batch) batch.alerts = [...(batch.alerts ?? []), a];
    k.immediate.push({ type: 'alert', alert: a });
  }
}

/** The alert stored with the stalled tick's successful commit (null when no commit failed). */
export function recoveredAlert(k: KernelState, w: TickWork): AlertRecord | null {
  const f = k.writeFailure;
  if (!f) return null;
  return { time: w.time, severity: 'warning', source: 'store', positionId: null, message: `the store writes again: tick ${f.seq} committed after ${f.failures} failed attempt(s)` };
}

/** The stalled tick is committed: the failure is over. */
export function clearWriteFailure(k: KernelState): void {
  if (k.writeFailure) k.log.warn({ seq: k.writeFailure.seq, failures: k.writeFailure.failures }, 'the store writes again');
  k.writeFailure = null;
  k.stalled = null;
}
