import type { Contract, Order } from '@stoqey/ib';
import { contractKey, type BrokerEvent, type BrokerOpenOrder, type BrokerPosition, type ContractKey, type OrderStatus } from '../../engine/domain/index.ts';
import type { IbConnection } from './connection.ts';
import { fromIbOption, type ContractResolver, type IbContract } from './contracts.ts';
import type { LegSpec } from './fills.ts';
import { mapIbStatus, type OrderTracker } from './order-tracker.ts';
import { collect } from './requests.ts';

/** What the store knows, for startup reconciliation. */
export interface StoreView {
  /** Orders written to the store and not final (their clientOrderId is IB's orderRef). */
  ordersNotFinal: { clientOrderId: string; quantity?: number; filled?: number; status?: OrderStatus }[];
  /** Open positions tickwise manages, per leg (signed contracts). */
  positions: { key: ContractKey; quantity: number }[];
}

export interface ReconcileReport {
  /** Orders open at IB (or with executions today) matched to the store by orderRef and now tracked. */
  adopted: { clientOrderId: string; brokerOrderId: string; status: OrderStatus }[];
  /** Orders open at IB that tickwise does not know (no orderRef, or an orderRef not in the store): left alone. */
  unknownOrders: BrokerOpenOrder[];
  /** Store orders IB does not know (a `cancelled` event was emitted for each). */
  missingAtBroker: string[];
  /** IB option positions the store does not manage. */
  unknownPositions: BrokerPosition[];
  /** Legs both sides know, with different quantities. */
  positionMismatches: { key: ContractKey; store: number; broker: number }[];
  /** Non-option positions (stock, futures…), reported only. */
  otherPositions: { symbol: string; secType: string; quantity: number }[];
}

export interface OpenOrderInfo {
  orderId: number;
  contract: IbContract;
  order: Order;
  status: string;
  filled: number;
  remaining: number;
  view: BrokerOpenOrder;
}

/** reqAllOpenOrders → every open order at this TWS with its latest status. */
export async function fetchOpenOrders(conn: IbConnection): Promise<OpenOrderInfo[]> {
  const statuses = new Map<number, { status: string; filled: number; remaining: number }>();
  const raw = await collect<{ orderId: number; contract: IbContract; order: Order; status: string }>(conn, {
    name: 'reqAllOpenOrders', withReqId: false,
    send: () => conn.ib('reqAllOpenOrders').reqAllOpenOrders(),
    item: ['openOrder', (_r, orderId: number, contract: IbContract, order: Order, state: { status?: string }) =>
      ({ orderId, contract: plain(contract), order: plain(order), status: String(state?.status ?? '') })],
    end: ['openOrderEnd', () => true],
    also: [['orderStatus', (orderId: number, status: string, filled: number, remaining: number) =>
      statuses.set(orderId, { status, filled: Number(filled ?? 0), remaining: Number(remaining ?? 0) })]],
  });
  const byId = new Map(raw.map((o) => [o.orderId, o]));
  return [...byId.values()].map((o) => {
    const s = statuses.get(o.orderId);
    const status = s?.status ?? o.status;
    const filled = s?.filled ?? 0;
    const remaining = s?.remaining ?? Number(o.order.totalQuantity ?? 0) - filled;
    const single = o.contract.secType !== 'BAG';
    const lmt = o.order.lmtPrice ?? null;
    const limitPrice = lmt === null ? null : single && o.order.action === 'SELL' ? -lmt : lmt;
    return { ...o, status, filled, remaining,
      view: { clientOrderId: o.order.orderRef || null, brokerOrderId: String(o.orderId), status: mapIbStatus(status, filled), filled, remaining, limitPrice } };
  });
}

/**
 * reqExecutions since `time` (the broker's listeners see them too). Only a time in IB's filter format
 * `yyyymmdd-hh:mm:ss` is passed on; anything else asks for the whole day, which is safe because executions are
 * deduplicated by execId.
 */
export function fetchExecutions(conn: IbConnection, since: string): Promise<{ contract: Contract; exec: any }[]> {
  const time = /^\d{8}-\d\d:\d\d:\d\d$/.test(since) ? since : '';
  return collect(conn, {
    name: 'reqExecutions', withReqId: true,
    send: (reqId) => conn.ib('reqExecutions').reqExecutions(reqId, { clientId: conn.options.clientId, time } as any),
    item: ['execDetails', (reqId, id: number, contract: Contract, exec: any) => (id === reqId ? { contract: plain(contract), exec: plain(exec) } : undefined)],
    end: ['execDetailsEnd', (reqId, id: number) => id === reqId],
  });
}

export interface PositionsSnapshot {
  options: BrokerPosition[];
  other: { symbol: string; secType: string; quantity: number }[];
}

/** reqPositions → every position of the account(s), then cancelPositions. */
export async function fetchPositions(conn: IbConnection): Promise<PositionsSnapshot> {
  const raw = await collect<{ contract: IbContract; pos: number; avgCost: number }>(conn, {
    name: 'reqPositions', withReqId: false,
    send: () => conn.ib('reqPositions').reqPositions(),
    item: ['position', (_r, _account: string, contract: IbContract, pos: number, avgCost: number) => ({ contract: plain(contract), pos: Number(pos), avgCost: Number(avgCost) })],
    end: ['positionEnd', () => true],
  });
  try {
    conn.ib('cancelPositions').cancelPositions();
  } catch {
    // connection gone; nothing to cancel
  }
  const out: PositionsSnapshot = { options: [], other: [] };
  for (const p of raw) {
    if (p.pos === 0) continue;
    if (p.contract.secType === 'OPT') {
      const contract = fromIbOption(p.contract);
      out.options.push({ key: contractKey(contract), contract, quantity: p.pos, averageCost: p.avgCost / contract.multiplier });
    } else out.other.push({ symbol: String(p.contract.symbol), secType: String(p.contract.secType), quantity: p.pos });
  }
  return out;
}

/**
 * Compares IB with the store: adopts open orders whose orderRef the store knows (any orderRef when there is no store
 * view), then store orders with executions today, reports what tickwise does not manage, and ends tracked orders IB
 * no longer lists. Executions already fetched are replayed into the tracker (duplicates are ignored by execId).
 */
export function reconcileWith(input: {
  tracker: OrderTracker; resolver: ContractResolver; open: OpenOrderInfo[]; executions: { contract: Contract; exec: any }[];
  positions: PositionsSnapshot; store?: StoreView; emit: (e: BrokerEvent) => void; now: () => number;
}): ReconcileReport {
  const { tracker, open, executions, positions, store } = input;
  const storeOrders = new Map((store?.ordersNotFinal ?? []).map((o) => [o.clientOrderId, o]));
  const report: ReconcileReport = { adopted: [], unknownOrders: [], missingAtBroker: [], unknownPositions: [], positionMismatches: [], otherPositions: positions.other };

  for (const o of open) {
    const ref = o.order.orderRef;
    if (ref && tracker.orders.has(ref)) continue;
    if (!ref || (store && !storeOrders.has(ref))) {
      report.unknownOrders.push(o.view);
      continue;
    }
    const entry = storeOrders.get(ref);
    const legs: LegSpec[] = o.contract.secType === 'BAG'
      ? (o.contract.comboLegs ?? []).map((l) => ({ conId: Number(l.conId), ratio: Number(l.ratio) || 1 }))
      : [{ conId: Number(o.contract.conId), ratio: 1 }];
    const t = tracker.track({ clientOrderId: ref, orderId: o.orderId, contract: o.contract, order: o.order,
      quantity: Number(o.order.totalQuantity ?? entry?.quantity ?? 0), legs, silentUnits: entry?.filled ?? 0 });
    t.accepted = entry !== undefined && entry.status !== undefined && entry.status !== 'pending';
    tracker.onOrderStatus(o.orderId, o.status, o.filled, o.remaining);
    report.adopted.push({ clientOrderId: ref, brokerOrderId: String(o.orderId), status: mapIbStatus(o.status, o.filled) });
  }

  // Store orders that are no longer open but executed today (filled while tickwise was away).
  for (const [ref, entry] of storeOrders) {
    if (tracker.orders.has(ref)) continue;
    const mine = executions.filter((x) => x.exec.orderRef === ref && x.contract.secType !== 'BAG');
    if (mine.length === 0) continue;
    const shares = new Map<number, number>();
    for (const x of mine) shares.set(Number(x.contract.conId), (shares.get(Number(x.contract.conId)) ?? 0) + Number(x.exec.shares));
    const quantity = entry.quantity ?? gcdAll([...shares.values()]);
    const legs = [...shares].map(([conId, n]) => ({ conId, ratio: Math.max(1, Math.round(n / quantity)) }));
    tracker.track({ clientOrderId: ref, orderId: Number(mine[0]!.exec.orderId), contract: { symbol: mine[0]!.contract.symbol, secType: 'BAG' as Contract['secType'] },
      order: { orderRef: ref } as Order, quantity, legs, silentUnits: entry.filled ?? 0 }).accepted = true;
    report.adopted.push({ clientOrderId: ref, brokerOrderId: String(mine[0]!.exec.orderId), status: 'filled' });
  }
  for (const x of executions) tracker.onExecution(x.contract, x.exec);

  tracker.endMissing(new Set(open.map((o) => o.orderId)));
  for (const [ref, entry] of storeOrders) {
    if (tracker.orders.has(ref)) continue;
    report.missingAtBroker.push(ref);
    // A `pending` order was written but never acknowledged: it never left, and the engine sends it again under the
    // same id after its own recovery. Cancelling it here would end the order the engine is about to send.
    if (entry.status === 'pending') continue;
    input.emit({ type: 'cancelled', clientOrderId: ref, reason: 'not known to IB: never received, or ended before today', time: input.now() });
  }

  if (store) {
    const storePos = new Map(store.positions.map((p) => [p.key, p.quantity]));
    for (const p of positions.options) {
      const q = storePos.get(p.key);
      if (q === undefined) report.unknownPositions.push(p);
      else if (q !== p.quantity) report.positionMismatches.push({ key: p.key, store: q, broker: p.quantity });
    }
  }
  return report;
}

function gcdAll(xs: number[]): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  return xs.reduce((g, x) => gcd(g, x), 0) || 1;
}

/** Library objects as plain data (never keep class instances: getters are lost when spread). */
function plain<T>(x: T): T {
  return x && typeof x === 'object' ? (JSON.parse(JSON.stringify(x)) as T) : x;
}
