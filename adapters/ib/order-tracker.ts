import type { Contract, Order } from '@stoqey/ib';
import { toCents, type BrokerEvent, type OrderStatus } from '../../engine/domain/index.ts';
import { contractKey } from '../../engine/domain/index.ts';
import { fromIbOption, type IbContract } from './contracts.ts';
import { OrderFills, legFills, netPrice, type FillGroup, type LegSpec } from './fills.ts';

export interface TrackedOrder {
  clientOrderId: string;
  orderId: number;
  permId?: number;
  contract: IbContract;
  order: Order;
  quantity: number;
  fills: OrderFills;
  accepted: boolean;
  final: boolean;
  /** IB status as last seen. */
  ibStatus: string;
  lastStatusKey: string;
  lastMessage?: string;
  /** Units the store already knows as filled (adopted after a restart): their fills are not reported again. */
  silentUnits: number;
}

/** IB error codes that end an order as rejected. */
const REJECT_CODES = new Set([103, 110, 200, 201, 203, 321, 382, 383, 387]);
const CANCEL_CODES = new Set([202]);

export function mapIbStatus(status: string, filled: number): OrderStatus {
  switch (status) {
    case 'PendingSubmit': case 'ApiPending': return 'pending';
    case 'PreSubmitted': case 'Submitted': case 'PendingCancel': return filled > 0 ? 'partially-filled' : 'accepted';
    case 'Cancelled': case 'ApiCancelled': return 'cancelled';
    case 'Filled': return 'filled';
    case 'Inactive': return 'rejected';
    default: return 'pending';
  }
}

/**
 * Turns IB's order callbacks into `BrokerEvent`s, idempotently: repeated `orderStatus`, replayed executions and
 * commission reports never produce a second event. Orders are keyed by clientOrderId (IB orderRef), with lookups by
 * IB orderId; executions by execId.
 */
export class OrderTracker {
  readonly orders = new Map<string, TrackedOrder>();
  private readonly byOrderId = new Map<number, string>();
  private readonly seenExecs = new Set<string>();
  private readonly commissions = new Map<string, number>();
  private readonly waiting = new Map<string, NodeJS.Timeout>();
  /** Latest execution time seen (IB's text), for "executions since" after a reconnect. */
  lastExecTime = '';
  private readonly emit: (e: BrokerEvent) => void;
  private readonly now: () => number;
  private readonly commissionGraceMs: number;

  constructor(emit: (e: BrokerEvent) => void, now: () => number, commissionGraceMs: number) {
    this.emit = emit;
    this.now = now;
    this.commissionGraceMs = commissionGraceMs;
  }

  track(input: { clientOrderId: string; orderId: number; contract: IbContract; order: Order; quantity: number; legs: LegSpec[]; silentUnits?: number; permId?: number }): TrackedOrder {
    const t: TrackedOrder = {
      clientOrderId: input.clientOrderId, orderId: input.orderId, permId: input.permId, contract: input.contract, order: input.order,
      quantity: input.quantity, fills: new OrderFills(input.legs), accepted: false, final: false, ibStatus: '', lastStatusKey: '',
      silentUnits: input.silentUnits ?? 0,
    };
    this.orders.set(t.clientOrderId, t);
    this.byOrderId.set(t.orderId, t.clientOrderId);
    return t;
  }

  byIbOrderId(orderId: number): TrackedOrder | undefined {
    const id = this.byOrderId.get(orderId);
    return id === undefined ? undefined : this.orders.get(id);
  }

  onOrderStatus(orderId: number, status: string, filled: number, remaining: number, permId?: number): void {
    const t = this.byIbOrderId(orderId);
    if (!t) return;
    if (permId) t.permId = permId;
    const key = `${status}|${filled}|${remaining}`;
    if (key === t.lastStatusKey) return;
    t.lastStatusKey = key;
    t.ibStatus = status;
    if (t.final) return;
    const time = this.now();
    if ((status === 'PreSubmitted' || status === 'Submitted') && !t.accepted) {
      t.accepted = true;
      this.emit({ type: 'accepted', clientOrderId: t.clientOrderId, brokerOrderId: String(t.orderId), time });
    } else if (status === 'Cancelled' || status === 'ApiCancelled') {
      t.final = true;
      this.emit({ type: 'cancelled', clientOrderId: t.clientOrderId, reason: t.lastMessage, time });
    } else if (status === 'Inactive') {
      t.final = true;
      this.emit({ type: 'rejected', clientOrderId: t.clientOrderId, reason: t.lastMessage ?? 'order inactive at IB', time });
    }
  }

  /** Request/order errors with an order id as reqId. */
  onError(orderId: number, code: number, message: string): void {
    const t = this.byIbOrderId(orderId);
    if (!t) return;
    t.lastMessage = `IB ${code}: ${message}`;
    if (t.final) return;
    if (REJECT_CODES.has(code)) {
      t.final = true;
      this.emit({ type: 'rejected', clientOrderId: t.clientOrderId, reason: message, code: `IB_${code}`, time: this.now() });
    } else if (CANCEL_CODES.has(code)) {
      t.final = true;
      this.emit({ type: 'cancelled', clientOrderId: t.clientOrderId, reason: message, time: this.now() });
    }
  }

  onExecution(contract: Contract, exec: { execId?: string; orderId?: number; orderRef?: string; side?: string; shares?: number; price?: number; time?: string }): void {
    if (!exec.execId || this.seenExecs.has(exec.execId)) return;
    if (contract.secType === 'BAG') return; // the combo's own summary execution; legs carry the detail
    const t = (exec.orderRef ? this.orders.get(exec.orderRef) : undefined) ?? (exec.orderId !== undefined ? this.byIbOrderId(exec.orderId) : undefined);
    if (!t) return;
    this.seenExecs.add(exec.execId);
    if (exec.time && exec.time > this.lastExecTime) this.lastExecTime = exec.time;
    t.fills.add({ execId: exec.execId, conId: contract.conId ?? 0, key: contractKey(fromIbOption(contract)), side: exec.side === 'BOT' ? 'buy' : 'sell',
      shares: Number(exec.shares ?? 0), price: Number(exec.price ?? 0) });
    this.flush(t);
  }

  onCommission(report: { execId?: string; commission?: number }): void {
    if (!report.execId || this.commissions.has(report.execId)) return;
    this.commissions.set(report.execId, Number(report.commission ?? 0));
    for (const t of this.orders.values()) this.flush(t);
  }

  /** Emits every complete fill group whose commissions are in (or whose grace period has passed). */
  flush(t: TrackedOrder, force = false): void {
    for (let g = t.fills.peek(); g; g = t.fills.peek()) {
      const missing = g.execs.some((e) => !this.commissions.has(e.execId));
      if (missing && !force) {
        if (!this.waiting.has(g.fillId)) {
          this.waiting.set(g.fillId, setTimeout(() => {
            this.waiting.delete(g!.fillId);
            this.flush(t, true);
          }, this.commissionGraceMs));
        }
        return;
      }
      const timer = this.waiting.get(g.fillId);
      if (timer) clearTimeout(timer);
      this.waiting.delete(g.fillId);
      t.fills.take(g);
      this.emitFill(t, g);
    }
  }

  private emitFill(t: TrackedOrder, g: FillGroup): void {
    const filledTotal = t.fills.groupedUnits;
    const remaining = Math.max(0, t.quantity - filledTotal);
    if (remaining === 0) t.final = true;
    if (filledTotal <= t.silentUnits) return;
    const commission = g.execs.reduce((s, e) => s + (this.commissions.get(e.execId) ?? 0), 0);
    this.emit({ type: 'fill', clientOrderId: t.clientOrderId, fillId: g.fillId, quantity: g.units, netPrice: netPrice(g.execs, g.units),
      legs: legFills(g.execs), commission: toCents(commission), filledTotal, remaining, time: this.now() });
  }

  /** After reconciliation: a tracked order IB no longer lists as open and that is not completely filled ended unseen. */
  endMissing(openOrderIds: Set<number>): void {
    for (const t of this.orders.values()) {
      if (t.final || openOrderIds.has(t.orderId)) continue;
      this.flush(t, true); // report its fills (even without commissions) before it ends
      if (t.fills.completeUnits() >= t.quantity) {
        t.final = true;
        continue;
      }
      t.final = true;
      this.emit({ type: 'cancelled', clientOrderId: t.clientOrderId, reason: 'no longer open at IB after reconnect (cancelled or expired while disconnected)', time: this.now() });
    }
  }

  dispose(): void {
    for (const timer of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
  }
}
