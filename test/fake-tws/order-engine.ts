import type { FakeChain, FakeContract, FakeQuote } from './chain.ts';
import type { PlacedOrder } from './client-messages.ts';
import type { FakeExecution, FakeOpenOrder } from './messages.ts';
import type { Field } from './wire.ts';
import * as msg from './messages.ts';

/** How the fake treats a new order: stay working, fill at once, fill part, reject, or fill when the limit is marketable. */
export type FillMode =
  | { mode: 'working' }
  | { mode: 'immediate' }
  | { mode: 'partial'; units: number }
  | { mode: 'reject'; reason?: string }
  | { mode: 'marketable' };

export interface FakeOrder extends FakeOpenOrder {
  avgFillPrice: number;
  lastFillPrice: number;
  execSeq: number;
}

const FINAL = new Set(['Filled', 'Cancelled', 'ApiCancelled', 'Inactive']);

/** Sends fields to whichever session currently holds a client id (nothing is sent while that client is away). */
export type Deliver = (clientId: number, fields: Field[]) => void;

/**
 * The fake's order book: orders survive disconnects (like TWS), fills produce per-leg EXECUTION_DATA and
 * COMMISSION_REPORT, positions follow fills. Every ORDER_STATUS is sent `repeatStatus` times.
 */
export class OrderEngine {
  readonly orders = new Map<number, FakeOrder>();
  readonly executions: FakeExecution[] = [];
  /** Signed contracts per conId. */
  readonly positions = new Map<number, { pos: number; avgCost: number }>();
  /** Every PLACE_ORDER received, in order (modifications included). */
  readonly placed: PlacedOrder[] = [];
  fill: FillMode = { mode: 'working' };
  repeatStatus = 1;
  commissionPerContract = 0.65;
  /** When false, fills go out without their COMMISSION_REPORTs (to exercise the client's grace period). */
  sendCommissions = true;
  account = 'DU1234567';
  private nextPermId = 900_000_001;
  private readonly chain: FakeChain;
  private readonly deliver: Deliver;
  private readonly now: () => number;
  /** The quote the fake shows for a contract (model quote with the test's overrides): fills price against it. */
  private readonly quoteOf: (c: FakeContract) => FakeQuote;

  constructor(chain: FakeChain, deliver: Deliver, now: () => number, quoteOf?: (c: FakeContract) => FakeQuote) {
    this.chain = chain;
    this.deliver = deliver;
    this.now = now;
    this.quoteOf = quoteOf ?? ((c) => chain.modelQuote(c));
  }

  /** Starts from another engine's book (a restarted TWS keeps its orders, executions and positions). */
  takeBook(other: OrderEngine): void {
    for (const [id, o] of other.orders) this.orders.set(id, o);
    this.executions.push(...other.executions);
    for (const [conId, p] of other.positions) this.positions.set(conId, { ...p });
    this.placed.push(...other.placed);
    this.nextPermId = Math.max(this.nextPermId, other.nextPermId);
    this.account = other.account;
  }

  place(clientId: number, p: PlacedOrder): void {
    this.placed.push(p);
    const existing = this.orders.get(p.orderId);
    if (existing) {
      if (FINAL.has(existing.status)) {
        this.deliver(clientId, msg.errMsg(p.orderId, 103, `Duplicate order id ${p.orderId}`));
        return;
      }
      existing.lmtPrice = p.lmtPrice;
      existing.totalQuantity = p.totalQuantity;
      this.sendStatus(existing);
      if (this.fill.mode === 'marketable') this.tryMarketable(existing);
      return;
    }
    const single = p.secType === 'OPT' ? this.chain.get(p.conId) : undefined;
    const o: FakeOrder = {
      orderId: p.orderId, clientId, permId: this.nextPermId++, account: this.account, symbol: p.symbol, action: p.action,
      totalQuantity: p.totalQuantity, orderType: p.orderType, lmtPrice: p.lmtPrice, tif: p.tif || 'DAY', orderRef: p.orderRef,
      single, legs: single ? [{ conId: single.conId, ratio: 1, action: 'BUY' }] : p.legs, legPrices: p.legPrices, smartComboRoutingParams: p.smartComboRoutingParams, status: 'PreSubmitted', filled: 0,
      avgFillPrice: 0, lastFillPrice: 0, execSeq: 0,
    };
    this.orders.set(o.orderId, o);
    const problem = this.comboProblem(p) ?? (this.fill.mode === 'reject' ? (this.fill.reason ?? 'rejected by the fake TWS') : null);
    if (problem) {
      this.deliver(clientId, msg.errMsg(o.orderId, 201, `Order rejected - reason:${problem}`));
      o.status = 'Cancelled';
      this.sendStatus(o);
      return;
    }
    this.deliver(clientId, msg.openOrder(o));
    o.status = 'Submitted';
    this.sendStatus(o);
    if (this.fill.mode === 'immediate') this.fillUnits(o, o.totalQuantity);
    else if (this.fill.mode === 'partial') this.fillUnits(o, Math.min(this.fill.units, o.totalQuantity));
    else if (this.fill.mode === 'marketable') this.tryMarketable(o);
  }

  /** IB's combo rules: per-leg prices only on 2-leg NonGuaranteed combos; 3+ legs: no leg prices, not NonGuaranteed. */
  private comboProblem(p: PlacedOrder): string | null {
    if (p.secType === 'OPT') return this.chain.get(p.conId) ? null : `unknown conId ${p.conId}`;
    if (p.secType !== 'BAG') return `the fake trades OPT and BAG orders, not ${p.secType}`;
    if (p.legs.length === 0) return 'combo order without legs';
    for (const l of p.legs) if (!this.chain.get(l.conId)) return `unknown leg conId ${l.conId}`;
    const nonGuaranteed = p.smartComboRoutingParams.some((t) => t.tag === 'NonGuaranteed' && t.value === '1');
    const legPrices = p.legPrices.some((x) => x !== null);
    if (p.legs.length > 2 && (nonGuaranteed || legPrices)) return 'per-leg prices and NonGuaranteed are not allowed on combos of more than 2 legs';
    if (legPrices && !nonGuaranteed) return 'per-leg prices require a NonGuaranteed combo';
    return null;
  }

  cancel(clientId: number, orderId: number): void {
    const o = this.orders.get(orderId);
    if (!o || FINAL.has(o.status)) {
      this.deliver(clientId, msg.errMsg(orderId, 10147, `OrderId ${orderId} that needs to be cancelled is not found.`));
      return;
    }
    o.status = 'Cancelled';
    this.sendStatus(o);
  }

  /** Fills `units` combo units of a working order at its limit (or `netPrice`), one execution per leg. */
  fillUnits(o: FakeOrder, units: number, netPrice?: number): void {
    if (FINAL.has(o.status) || units <= 0) return;
    units = Math.min(units, o.totalQuantity - o.filled);
    const net = netPrice ?? o.lmtPrice ?? 0;
    const legPrices = this.legPricesFor(o, net);
    const sign = o.action === 'BUY' ? 1 : -1;
    const execs: FakeExecution[] = [];
    o.execSeq++;
    const time = execTime(this.now());
    o.legs.forEach((leg, i) => {
      const c = this.chain.get(leg.conId)!;
      const buys = (leg.action === 'BUY') === (sign > 0);
      const shares = leg.ratio * units;
      const e: FakeExecution = {
        execId: `0000${o.permId.toString(16)}.${String(o.execSeq).padStart(2, '0')}.${String(i + 1).padStart(2, '0')}.01`,
        orderId: o.orderId, contract: c, time, account: o.account, side: buys ? 'BOT' : 'SLD', shares, price: legPrices[i],
        permId: o.permId, clientId: o.clientId, cumQty: shares, avgPrice: legPrices[i], orderRef: o.orderRef,
        commission: Math.round(shares * this.commissionPerContract * 100) / 100,
      };
      execs.push(e);
      this.applyPosition(c, buys ? shares : -shares, legPrices[i]);
    });
    this.executions.push(...execs);
    o.avgFillPrice = net;
    o.lastFillPrice = net;
    o.filled += units;
    o.status = o.filled >= o.totalQuantity ? 'Filled' : 'Submitted';
    for (const e of execs) this.deliver(o.clientId, msg.executionData(-1, e));
    this.sendStatus(o);
    if (this.sendCommissions) for (const e of execs) this.deliver(o.clientId, msg.commissionReport(e.execId, e.commission));
  }

  /** Per-leg prices that add up to the net price: model mids, with the first leg absorbing the difference. */
  private legPricesFor(o: FakeOrder, net: number): number[] {
    const mids = o.legs.map((l) => {
      const q = this.quoteOf(this.chain.get(l.conId)!);
      return Math.round(((q.bid + q.ask) / 2) * 100) / 100;
    });
    const sign = (l: { action: string }) => (l.action === 'BUY' ? 1 : -1);
    const sum = o.legs.reduce((s, l, i) => s + sign(l) * l.ratio * mids[i], 0);
    const first = o.legs[0];
    mids[0] = Math.round((mids[0] + (net - sum) / (sign(first) * first.ratio)) * 100) / 100;
    return mids;
  }

  /** For the standalone fake: a BUY combo fills when its limit reaches the net mid of the legs. */
  tryMarketable(o: FakeOrder): void {
    if (FINAL.has(o.status) || o.lmtPrice === null) return;
    const netMid = o.legs.reduce((s, l) => {
      const q = this.quoteOf(this.chain.get(l.conId)!);
      return s + (l.action === 'BUY' ? 1 : -1) * l.ratio * ((q.bid + q.ask) / 2);
    }, 0);
    const sign = o.action === 'BUY' ? 1 : -1;
    if (sign * o.lmtPrice >= sign * netMid - 1e-9) this.fillUnits(o, o.totalQuantity - o.filled);
  }

  sendStatus(o: FakeOrder): void {
    for (let i = 0; i < this.repeatStatus; i++) {
      this.deliver(o.clientId, msg.orderStatus({ orderId: o.orderId, status: o.status, filled: o.filled, remaining: o.totalQuantity - o.filled,
        avgFillPrice: o.avgFillPrice, permId: o.permId, lastFillPrice: o.lastFillPrice, clientId: o.clientId }));
    }
  }

  private applyPosition(c: FakeContract, delta: number, price: number): void {
    const p = this.positions.get(c.conId) ?? { pos: 0, avgCost: 0 };
    const cost = price * c.multiplier;
    const next = p.pos + delta;
    p.avgCost = next === 0 ? 0 : Math.sign(next) === Math.sign(delta) && Math.abs(next) > Math.abs(p.pos)
      ? (p.avgCost * Math.abs(p.pos) + cost * Math.abs(delta)) / Math.abs(next) : p.avgCost;
    p.pos = next;
    if (p.pos === 0) this.positions.delete(c.conId);
    else this.positions.set(c.conId, p);
  }

  isWorking(o: FakeOrder): boolean {
    return !FINAL.has(o.status);
  }
}

/** Execution times as the fake writes them: `YYYYMMDD-HH:MM:SS` (UTC). */
export function execTime(t: number): string {
  const iso = new Date(t).toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19)}`;
}
