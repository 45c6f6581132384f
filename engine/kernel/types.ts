import type { Cents } from '../domain/money.ts';
import type { EpochMs } from '../domain/time.ts';
import type { TradingState } from '../config/types.ts';
import type { AlertRow, DecisionRow, TransitionRow } from '../store/index.ts';
import type { GateState } from '../risk/index.ts';
import type { DegradedStatus } from './degraded.ts';
import type { EntriesHalted } from './entries-halted.ts';

/** The logger the kernel writes to: pino's method shape (object first, message second). */
export interface KernelLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: KernelLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** What one committed tick did, for the terminal status line, the API and the live stream. */
export interface TickSummary {
  seq: number;
  time: EpochMs;
  configVersion: string;
  /** What applies now (DEGRADED over ACTIVE while market data is bad); the fields below say why (trading-status.ts). */
  tradingState: GateState;
  latchedTradingState: TradingState;
  degraded: DegradedStatus | null;
  entriesHalted: EntriesHalted | null;
  brokerStatus: BrokerStatus;
  openPositions: number;
  entered: number;
  closed: number;
  decisions: number;
  orders: number;
  fills: number;
  equity: Cents;
  /** Realised plus unrealised P&L of the whole book since the start, in cents. */
  pnl: Cents;
}

export type BrokerStatus = 'connected' | 'degraded' | 'disconnected';

/** Operator commands. They are queued and applied at the start of the next tick, never inside one. */
export type ControlCommand =
  | { type: 'set-trading-state'; state: TradingState; reason: string }
  | { type: 'kill'; flatten: boolean; reason: string }
  | { type: 'hold'; positionId: string }
  | { type: 'release'; positionId: string }
  | { type: 'close'; positionId: string; orderStyle: 'limit' | 'marketable' }
  | { type: 'roll'; positionId: string };

/** Events the kernel publishes after each commit (the live stream, the terminal, tests). */
export type KernelEvent =
  | { type: 'tick'; summary: TickSummary }
  | { type: 'decision'; decision: DecisionRecord }
  | { type: 'transition'; transition: TransitionRecord }
  | { type: 'alert'; alert: AlertRecord }
  | { type: 'order'; order: { clientOrderId: string; positionId: string; purpose: string; status: string } }
  | { type: 'reload'; version: string; ok: boolean; detail: unknown };

/** A decision as published: the stored row plus why it was blocked or ignored. */
export type DecisionRecord = DecisionRow & { reason?: string };

/** A transition as published: exactly the stored row. */
export type TransitionRecord = TransitionRow;

/** An alert as published: the stored row with its severity narrowed. */
export type AlertRecord = Omit<AlertRow, 'severity'> & { severity: 'info' | 'warning' | 'critical' };
