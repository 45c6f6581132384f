/**
 * Row types of the store, camelCase in TypeScript (snake_case in SQL, see `tables.ts`). Money is integer cents,
 * times are epoch ms, `*Pct` are fractions. Everything read back is plain JSON (no BigInt, no DuckDB wrappers).
 */
import type { EpochMs, LegFill, MarketTick, OptionContract, OrderLeg, OrderStatus } from '../domain/index.ts';

export type PositionState = 'entry' | 'managed' | 'rolling' | 'closing' | 'closed';

export interface PositionRow {
  id: string;
  strategy: string;
  structure: string;
  underlying: string;
  /** Top-level lifecycle state; `phase` is the machine's substate (e.g. `entry.working`). */
  state: PositionState;
  phase: string | null;
  openedAt: EpochMs | null;
  closedAt: EpochMs | null;
  configVersion: string;
  /** Config version the position is pinned to, when a reload must not change its rules. */
  pinnedVersion: string | null;
  /** +credit received / −debit paid by the current leg set's opening fills, net, all contracts, before commission. */
  creditCents: number;
  maxProfitCents: number | null;
  maxLossCents: number | null;
  /** Cash in (+) and out (−) so far, commissions already subtracted: the whole position (leg sets rolled out of included). */
  cashFlowCents: number;
  /**
   * Cash of the current leg set only (its opening, reduces, settlements, commissions): the current-structure P&L
   * basis. Absent or null: `cashFlowCents` (a position that was never rolled).
   */
  structureCashFlowCents?: number | null;
  /** Net opening premium of every leg set of the roll chain (+ credit, − debit): the chain basis. Absent or null: `creditCents`. */
  chainCreditCents?: number | null;
  commissionCents: number;
  ivAtEntry: number | null;
  peakPnlPct: number | null;
  contracts: number;
  rootId: string;
  parentId: string | null;
  rollCount: number;
  /** Realised P&L of the earlier positions of the roll chain. */
  cumulativePnlCents: number;
  outcome: string | null;
  closeRule: string | null;
  realizedPnlCents: number | null;
  /** Operator hold: rules do not act on the position while set. */
  hold: boolean;
}

export interface LegRow {
  positionId: string;
  key: string;
  contract: OptionContract;
  /** Signed contracts: long +, short −. */
  quantity: number;
  /** Average entry price, dollars per share. */
  avgPrice: number | null;
}

export interface OrderRow {
  clientOrderId: string;
  positionId: string;
  purpose: string;
  legs: OrderLeg[];
  quantity: number;
  style: string;
  limitPrice: number | null;
  timeInForce: string;
  status: OrderStatus;
  brokerOrderId: string | null;
  filled: number;
  configVersion: string;
  createdAt: EpochMs;
  updatedAt: EpochMs;
}

export interface OrderEventRow {
  clientOrderId: string;
  status: OrderStatus;
  time: EpochMs;
  detail: string | null;
}

export interface FillRow {
  fillId: string;
  clientOrderId: string;
  positionId: string;
  quantity: number;
  netPrice: number;
  legs: LegFill[];
  commissionCents: number;
  time: EpochMs;
}

export interface DecisionRow {
  id: string;
  tickTime: EpochMs;
  tickSeq: number;
  /** null for portfolio-scope decisions. */
  positionId: string | null;
  rule: string;
  action: string;
  priority: number;
  severity: string | null;
  /** The facts the rule saw. */
  facts: Record<string, unknown>;
  /** Names of the rules this decision pre-empted. */
  preempted: string[];
  trace: unknown;
  configVersion: string;
  /** e.g. `applied`, `blocked`, `ignored`. */
  outcome: string;
}

export interface TransitionRow {
  positionId: string;
  from: string;
  to: string;
  event: string;
  decisionId: string | null;
  tickTime: EpochMs;
  configVersion: string;
}

export interface SnapshotRow {
  positionId: string;
  snapshot: unknown;
  tickTime: EpochMs;
}

export interface EquityRow {
  time: EpochMs;
  equityCents: number;
  cashCents: number;
  dailyPnlPct: number | null;
  drawdownPct: number | null;
}

export interface AlertRow {
  time: EpochMs;
  severity: string;
  source: string;
  positionId: string | null;
  message: string;
  /** The stable id (1, 2, …), given when the row is written (alert-rows.ts); absent on rows not stored yet. */
  id?: number;
  /** Read rows only: when the alert was first acknowledged (`POST /api/alerts/{id}/ack`), or null. */
  acknowledgedAt?: number | null;
  /** Read rows only: who gave the first acknowledgement and its note (null when none was given). */
  acknowledgedBy?: string | null;
  acknowledgementNote?: string | null;
}

/** One alert's delivery to one channel (the notification outbox, docs/alerts.md). */
export interface AlertDeliveryRow {
  /** `<alert id>:<channel>`: sent to the receiver (`Idempotency-Key`, the email Message-ID) so it can drop repeats. */
  idempotencyKey: string;
  alertId: number;
  channel: string;
  status: 'pending' | 'sent' | 'failed' | 'suppressed';
  attempts: number;
  nextAttemptAt: EpochMs | null;
  lastError: string | null;
  /** The dedupe key (`<severity>|<source>|<position>|<message>`), or null. */
  dedupeKey: string | null;
  /** How many alerts with the same key were suppressed into this message (dedupe). */
  repeats: number;
  createdAt: EpochMs;
  sentAt: EpochMs | null;
}

export interface AlertAckRow {
  alertId: number;
  ackedAt: EpochMs;
  ackedBy: string | null;
  note: string | null;
}

export interface QuoteRow {
  key: string;
  underlying: string;
  expiry: string;
  right: string;
  strike: number;
  multiplier: number;
  bid: number | null;
  ask: number | null;
  mid: number | null;
  iv: number | null;
  delta: number | null;
  gamma: number | null;
  thetaPerDay: number | null;
  vegaPerPoint: number | null;
  time: EpochMs;
}

export interface ConfigVersionRow {
  version: string;
  loadedAt: EpochMs;
  files: unknown;
  summary: unknown;
}

export interface ReloadRow {
  time: EpochMs;
  version: string | null;
  ok: boolean;
  diff: unknown;
  errors: unknown;
}

export type MetaValue = string | number | boolean | null | Record<string, unknown> | unknown[];

/** Everything one tick produced besides the market data (written by `commitTick`, in one transaction). */
export interface TickBatch {
  seq: number;
  time: EpochMs;
  configVersion: string;
  /** Full position rows, inserted or replaced. */
  positions?: PositionRow[];
  /** New peakPnlPct per position (from the facts), applied after `positions`. */
  peaks?: { positionId: string; peakPnlPct: number }[];
  /** The complete leg set of each listed position: its old legs are deleted first (an empty list removes them all). */
  legs?: { positionId: string; legs: LegRow[] }[];
  /** New or updated orders, inserted or replaced by client order id. */
  orders?: OrderRow[];
  orderEvents?: OrderEventRow[];
  /** Fills; a fill id already stored is ignored (brokers repeat fills). */
  fills?: FillRow[];
  decisions?: DecisionRow[];
  transitions?: TransitionRow[];
  /** Changed machine snapshots only. */
  snapshots?: SnapshotRow[];
  equity?: EquityRow;
  /**
   * A batch that covers several ticks (the kernel's `commitEvery` on an in-memory store): every tick row and equity
   * point, in order. When set they replace the single `seq`/`time` tick row and `equity`.
   */
  ticks?: { seq: number; time: EpochMs; configVersion: string }[];
  equityRows?: EquityRow[];
  alerts?: AlertRow[];
  meta?: Record<string, MetaValue>;
  configVersions?: ConfigVersionRow[];
  reloads?: ReloadRow[];
}

/** Options for `ingestMarket`. */
export interface IngestOptions {
  /** Keep only quotes whose key is in this set (e.g. the legs held plus the chain slice entries need). */
  onlyKeys?: ReadonlySet<string>;
}

export type { MarketTick };

/** What a restart needs to resume exactly where the last committed tick left off. */
export interface LoadedState {
  schemaVersion: number;
  meta: Record<string, MetaValue>;
  tradingState: string | null;
  lastTickSeq: number | null;
  lastTickTime: EpochMs | null;
  equityPeakCents: number | null;
  lastEquity: EquityRow | null;
  openPositions: { position: PositionRow; legs: LegRow[] }[];
  snapshots: Map<string, unknown>;
  /** Orders whose status is pending, accepted or partially-filled: reconcile them with the broker by client order id. */
  ordersNotFinal: OrderRow[];
  consecutiveLosses: number;
}

export interface Page {
  limit?: number;
  offset?: number;
}

export interface DecisionFilter extends Page {
  positionId?: string;
  rule?: string;
  from?: EpochMs;
  to?: EpochMs;
}
