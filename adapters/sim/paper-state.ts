import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BrokerEvent, Cents, ContractKey, EpochMs, OptionContract, OrderRequest, OrderStatus } from '../../engine/domain/index.ts';
import { twError } from '../../engine/errors/index.ts';

/** A working order as the paper broker keeps it. */
export interface WorkingOrder {
  request: OrderRequest;
  brokerOrderId: string;
  status: 'accepted' | 'partially-filled';
  filled: number;
  remaining: number;
  /** The order may fill on the observe that brings `tickCount` to this value or beyond. */
  eligibleAt: number;
  /** For `day` orders: 16:00 New York of the day it was accepted. */
  dayEnd: EpochMs | null;
  /** With `fillTiming: 'snapshot'`: a day order does not expire before `tickCount` reaches this (the next snapshot is its session too). */
  dayEndTick?: number;
}

export interface PaperPosition {
  contract: OptionContract;
  /** Signed contracts. */
  quantity: number;
  /** Signed cost basis in cents (paid +, received −), for the average cost. */
  costCents: Cents;
}

/** Everything the paper broker must find again after a restart. JSON, written atomically on every change. */
export interface PaperState {
  version: 1;
  tickCount: number;
  orderSeq: number;
  fillSeq: number;
  cashCents: Cents;
  positions: Record<ContractKey, PaperPosition>;
  shares: Record<string, number>;
  /** Working orders, in the order they were accepted (matching priority). */
  orders: WorkingOrder[];
  /** Final status of every order that is no longer working, by client order id (idempotency and cancel/replace answers). */
  finished: Record<string, OrderStatus>;
  /** Events not yet drained. */
  events: BrokerEvent[];
  /** Last observed tick time and underlying prices (settlement uses the last price at or before an expiry's close). */
  lastTime: EpochMs | null;
  lastPrices: Record<string, number>;
}

export function emptyState(startingCashCents: Cents): PaperState {
  return {
    version: 1, tickCount: 0, orderSeq: 0, fillSeq: 0, cashCents: startingCashCents, positions: {}, shares: {},
    orders: [], finished: {}, events: [], lastTime: null, lastPrices: {},
  };
}

/** Reads a state file; null when there is none. A file that exists but cannot be used is an error, never ignored. */
export function loadState(path: string): PaperState | null {
  if (!existsSync(path)) return null;
  let parsed: PaperState;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as PaperState;
  } catch (cause) {
    throw twError('TW_SIM_STATE_FILE', { path, problem: 'it is not valid JSON' }, { cause });
  }
  if (!parsed || parsed.version !== 1) throw twError('TW_SIM_STATE_FILE', { path, problem: `format version ${JSON.stringify(parsed?.version)} is not 1` });
  for (const field of ['positions', 'shares', 'finished', 'lastPrices'] as const) {
    if (typeof parsed[field] !== 'object' || parsed[field] === null) throw twError('TW_SIM_STATE_FILE', { path, problem: `field ${field} is missing` });
  }
  for (const field of ['orders', 'events'] as const) {
    if (!Array.isArray(parsed[field])) throw twError('TW_SIM_STATE_FILE', { path, problem: `field ${field} is missing` });
  }
  return parsed;
}

/** Writes the state to a temporary file next to `path`, then renames it over `path` (atomic on POSIX). */
export function saveState(path: string, state: PaperState): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, path);
}
