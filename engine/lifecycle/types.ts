import type { Cents, ContractKey, EpochMs, OptionContract, OrderPurpose, OrderRequest, BrokerEvent, Side } from '../domain/index.ts';

/** One leg of a structure to open: `ratio` contracts of `contract` per combo unit, bought or sold. */
export interface PlannedLeg {
  contract: OptionContract;
  side: Side;
  ratio: number;
}

/** How orders are worked: start price, reprice steps (dollars per unit), interval, count, and what a timeout does. */
export interface ExecutionPolicy {
  startPrice: 'mid' | 'natural';
  /** Dollars per share per combo unit the limit moves toward natural at each reprice. */
  repriceStep: number;
  repriceIntervalSeconds: number;
  maxReprices: number;
  /** Entries and roll-opens only: exits always go marketable after the last reprice. */
  onTimeout: 'cancel' | 'marketable';
  /**
   * Exits (close, reduce, roll-close) reach marketable this many minutes before the regular session's close (16:00,
   * 13:00 on half days): a schedule that would run past it is compressed. 0 turns compression off. Default 5.
   */
  exitDeadlineBeforeCloseMin?: number;
  /**
   * The worst price beyond mid a marketable order (or a reprice) may pay: dollars per share per unit, or a fraction of
   * the combo's bid-ask spread. Absent: `{ ofSpread: 1 }` for orders without a maximum value; defined-risk orders are
   * capped at the structure's maximum value either way (pricing.ts `priceCap`).
   */
  maxSlippage?: number | { ofSpread: number };
}

export interface PositionLineageInput {
  rootId: string;
  parentId: string;
  rollCount: number;
  cumulativePnl: Cents;
}

export interface PositionInput {
  id: string;
  strategy: string;
  structure: string;
  underlying: string;
  configVersion: string;
  legs: PlannedLeg[];
  /** Combo units to open. */
  quantity: number;
  execution: ExecutionPolicy;
  openedAt: EpochMs;
  ivAtEntry?: number;
  lineage?: PositionLineageInput;
}

/** Latest bid/ask (dollars per share) for every leg the position holds or is trading. */
export type LegMarks = Record<ContractKey, { bid: number; ask: number }>;

export type PositionEvent =
  | { type: 'TICK'; now: EpochMs; marks: LegMarks }
  | {
      type: 'DECISION';
      decisionId: string;
      rule: string;
      action: 'close' | 'roll' | 'reduce';
      orderStyle: 'limit' | 'marketable';
      fraction?: number;
      newLegs?: PlannedLeg[];
      configVersion: string;
      escalation?: boolean;
    }
  | { type: 'BROKER'; event: BrokerEvent }
  | { type: 'CANCEL_ENTRY'; reason: string }
  | { type: 'KILL'; flatten: boolean }
  | { type: 'MANUAL'; action: 'close' | 'roll'; newLegs?: PlannedLeg[]; configVersion: string };

/**
 * What the machine sees: the public event plus the latest marks and time the actor wrapper knows (kept outside the
 * persisted snapshot; every TICK refreshes them).
 */
export type MachineEvent = PositionEvent & { marks?: LegMarks; now?: EpochMs };

export type Intent =
  | { type: 'place'; order: OrderRequest }
  | { type: 'cancel'; clientOrderId: string }
  | { type: 'replace'; clientOrderId: string; limitPrice: number | null; style: 'limit' | 'marketable' }
  | { type: 'alert'; severity: 'info' | 'warning' | 'critical'; message: string };

export interface HeldLeg {
  key: ContractKey;
  contract: OptionContract;
  /** Signed contracts: long +, short −. */
  quantity: number;
  /** Average open price, dollars per share (always ≥ 0). */
  avgPrice: number;
}

export interface WorkingOrder {
  clientOrderId: string;
  purpose: OrderPurpose;
  legs: PlannedLeg[];
  /** Combo units ordered. */
  quantity: number;
  /** Combo units filled so far. */
  filled: number;
  /** Net limit per unit (positive debit, negative credit); a marketable order's price cap; null when marketable without a cap. */
  limitPrice: number | null;
  style: 'limit' | 'marketable';
  reprices: number;
  placedAt: EpochMs;
  /** Next reprice (or the timeout, after the last reprice) is due at or after this time. */
  nextRepriceAt: EpochMs;
  /** The order times out at or after this time: placedAt + (maxReprices + 1) × interval. */
  deadline: EpochMs;
  /** How many expired orders of the same exit decision came before this one (absent: none). */
  resendCount?: number;
  /** Set once the order was alerted for waiting at its price cap (the market needed a worse price). */
  capAlerted?: boolean;
  /** Reprice interval of this order, ms: the policy's, or shorter for an exit compressed before the close (absent: the policy's). */
  repriceIntervalMs?: number;
  configVersion: string;
}

export type PositionOutcome =
  | 'closed-by-rule' | 'manual' | 'killed' | 'expired' | 'not-filled' | 'rejected' | 'roll-failed' | 'settled';

export interface PositionLineage {
  rootId: string;
  parentId: string | null;
  rollCount: number;
  /** P&L of the whole chain (earlier positions and leg sets this actor rolled out of), cents. */
  cumulativePnl: Cents;
  /**
   * Credit (+) or debit (−) of every leg set this chain opened and already rolled out of, cents (the current leg set's
   * `creditCents` is not in it: chain credit = cumulativeCredit + creditCents).
   */
  cumulativeCredit: Cents;
}

export interface PendingRoll {
  legs: PlannedLeg[];
  /** Combo units to open once the old legs are closed. */
  quantity: number;
  decisionId: string;
  rule: string;
  configVersion: string;
}

/** An exit whose order expired unfilled: the same decision, waiting to be sent again at `at` (the next session open). */
export interface ExitResend {
  purpose: 'close' | 'reduce';
  /** Combo units still to close (a reduce's remaining units; a close re-sends whatever is held then). */
  quantity: number;
  style: 'limit' | 'marketable';
  at: EpochMs;
  expiredOrderId: string;
  configVersion: string;
  /** The re-sent order's `resendCount`. */
  resendCount: number;
}

/** One order the engine cared about that expired unfilled, and what the position did about it. */
export interface OrderExpiry {
  clientOrderId: string;
  purpose: OrderPurpose;
  decisionId: string | null;
  rule: string | null;
  at: EpochMs;
  /** resent: a new order for the same decision went out at once; waiting: it goes at the next open; the rest end it. */
  then: 'resent' | 'waiting-for-open' | 'roll-abandoned' | 'abandoned' | 'entry-not-filled' | 'roll-failed' | 'partly-filled';
  filled: number;
  quantity: number;
}

export interface AlertRecord {
  severity: 'info' | 'warning' | 'critical';
  message: string;
}

/** A settlement the position received: the broker's settlement event, kept in context. */
export type SettlementRecord = Omit<Extract<BrokerEvent, { type: 'settlement' }>, 'type'>;

/** Everything the machine knows about one position. JSON only: it is persisted in every snapshot. */
export interface PositionContext {
  id: string;
  strategy: string;
  structure: string;
  underlying: string;
  /** The config version the position was opened under. Each order records its own version. */
  configVersion: string;
  execution: ExecutionPolicy;
  /** The structure as planned (or as rolled into): the shape of the current leg set. */
  structureLegs: PlannedLeg[];
  /** Legs held now (signed contracts); legs that went back to zero are removed. */
  legs: HeldLeg[];
  /** Combo units held: the gcd of the held legs' absolute quantities (0 when flat). */
  openQuantity: number;
  /** Units the current entry or roll-open asked for. */
  targetQuantity: number;
  /** Cash of the current leg set, cents: + received, − paid, commissions subtracted. P&L = cashFlow + mark value. */
  cashFlow: Cents;
  /** Commissions of the current leg set, cents. */
  commission: Cents;
  /** Average net fill price per unit of the current leg set's opening (positive debit, negative credit). */
  entryNetPrice: number | null;
  /** Premium of the current leg set's opening fills, cents: + credit received, − debit paid (before commission). */
  creditCents: Cents;
  /** Units the current leg set's opening fills opened (partial fills included; a reduce does not lower it). */
  openedQuantity: number;
  /** Max profit of the current leg set as opened, from its opening fills, cents (null: unbounded, unknown or nothing filled). */
  maxProfitCents: Cents | null;
  /** Max loss of the current leg set as opened, from its opening fills, cents, positive (null: unbounded or nothing filled). */
  maxLossCents: Cents | null;
  /** Breakevens at expiry of the current leg set at its average opening fill price (ascending; empty across expiries). */
  breakevens: number[];
  workingOrder: WorkingOrder | null;
  /** Orders placed so far; the next client order id is `${id}-o${orderSeq + 1}`. */
  orderSeq: number;
  /** Fill ids already applied: a repeated fill report is ignored. */
  seenFillIds: string[];
  lineage: PositionLineage;
  /** Realised P&L of leg sets this actor already rolled out of, cents. */
  rolledPnl: Cents;
  pendingRoll: PendingRoll | null;
  closeRule: string | null;
  closeDecisionId: string | null;
  /** The outcome a closing order will end with when it flattens the position. */
  closeOutcome: PositionOutcome | null;
  outcome: PositionOutcome | null;
  /** Cents, set when closed: rolledPnl + cashFlow. */
  realizedPnl: Cents | null;
  openedAt: EpochMs;
  closedAt: EpochMs | null;
  ivAtEntry: number | null;
  /** Set by a KILL while an order is being cancelled: flatten whatever was filled once the cancel is confirmed. */
  kill: { flatten: boolean } | null;
  cancelReason: string | null;
  settlements: SettlementRecord[];
  /** The exit waiting for the next session open after its order expired (closing.awaitingOpen), else null. */
  exitResend?: ExitResend | null;
  /** Every expiry of one of this position's orders, oldest first (absent in snapshots from before it existed). */
  expiries?: OrderExpiry[];
  /** Every alert this position raised (also emitted as `alert` intents). */
  alerts: AlertRecord[];
  /** Time of the latest event that carried one (TICK now, broker event time). */
  lastEventAt: EpochMs;
}
