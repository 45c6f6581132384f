/** The tick kernel: one loop for every mode (start, dry-run, backtest). See docs/architecture.md. */
export { Kernel, type KernelStatus } from './kernel.ts';
export type { KernelDeps } from './state.ts';
export type { RecoveryReport } from './recovery.ts';
export type { AdoptRequest } from './adopt.ts';
export { silentLogger, type AlertRecord, type BrokerStatus, type ControlCommand, type DecisionRecord, type KernelEvent, type KernelLogger, type TickSummary, type TransitionRecord } from './types.ts';
export type { DegradedReason, DegradedReasonKind, DegradedStatus } from './degraded.ts';
export type { EntriesHalted } from './entries-halted.ts';
export type { TradingStatus } from './trading-status.ts';
