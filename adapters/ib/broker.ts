import type { Broker } from '../../engine/ports/index.ts';
import type { BrokerEvent, BrokerOpenOrder, BrokerPosition, OrderRequest } from '../../engine/domain/index.ts';
import { twError, type TickwiseError } from '../../engine/errors/index.ts';
import { buildOrder, checkComboRules, roundLimit } from './combo.ts';
import type { IbConnection, IbConnectionState } from './connection.ts';
import { ContractResolver } from './contracts.ts';
import { OrderTracker } from './order-tracker.ts';
import { fetchExecutions, fetchOpenOrders, fetchPositions, reconcileWith, type ReconcileReport, type StoreView } from './reconcile.ts';
import { SerialQueue } from './requests.ts';

export interface IbBrokerOptions {
  /** How long a fill waits for the commission reports of its executions before it is reported without them. Default 2000 ms. */
  commissionGraceMs?: number;
  /** What the store knows (orders not final, positions); read at connect and after every reconnect. */
  storeView?: () => StoreView | Promise<StoreView>;
  /** Delay before retrying a failed reconciliation. Default 2000 ms. */
  resyncRetryMs?: number;
}

export interface IbBroker extends Broker {
  /** True once reconciliation with IB has succeeded since the last (re)connect: only then are orders accepted. */
  ready(): boolean;
  /** Reconciles with IB against what the store knows: adopts orders by orderRef, reports unknown positions. */
  reconcile(store?: StoreView): Promise<ReconcileReport>;
  /** The last reconciliation's report. */
  lastReconcile(): ReconcileReport | null;
}

/**
 * The IB broker: combo orders with the clientOrderId in `orderRef`, events from IB's order callbacks (idempotent),
 * and reconciliation at connect and after every reconnect. Orders are refused (coded, retryable error) while the
 * connection is down or reconciliation has not succeeded, so nothing is queued and nothing is sent twice.
 */
export function createIbBroker(conn: IbConnection, opts: IbBrokerOptions = {}): IbBroker {
  const events: BrokerEvent[] = [];
  const emit = (e: BrokerEvent) => events.push(e);
  const tracker = new OrderTracker(emit, () => conn.now(), opts.commissionGraceMs ?? 2000);
  const resolver = new ContractResolver(conn);
  const openOrdersQueue = new SerialQueue();
  const positionsQueue = new SerialQueue();
  let isReady = false;
  let report: ReconcileReport | null = null;
  let lastConnStatus: 'connected' | 'degraded' | 'disconnected' | null = null;
  let resyncTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const listeners: [string, (...a: any[]) => void][] = [
    ['ib:orderStatus', (orderId: number, status: string, filled: number, remaining: number, _avg: number, permId: number) =>
      tracker.onOrderStatus(orderId, status, Number(filled ?? 0), Number(remaining ?? 0), permId)],
    ['ib:execDetails', (_reqId: number, contract, exec) => tracker.onExecution(contract, exec)],
    ['ib:commissionReport', (r) => tracker.onCommission(r)],
    ['ib:error', (message: string, code: number, reqId: number) => tracker.onError(reqId, code, message)],
    ['state', (state: IbConnectionState, detail?: string) => onState(state, detail)],
    ['attemptFailed', (err: TickwiseError) => {
      // A failed (re)connect attempt, e.g. 326 client id in use: say so, with the code, while backing off.
      if (!broker.ready()) emit({ type: 'connection', status: 'disconnected', detail: `${err.code}: ${err.message}`, time: conn.now() });
      lastConnStatus = 'disconnected';
    }],
    ['ready', ({ reconnect }: { reconnect: boolean }) => {
      if (reconnect) void resync();
    }],
  ];
  for (const [e, fn] of listeners) conn.on(e, fn);
  conn.retain();

  function onState(state: IbConnectionState, detail?: string): void {
    if (state === 'disconnected' || state === 'connecting') isReady = false;
    if (state === 'connecting') return; // a (re)connect attempt: 'disconnected' was already reported, or nothing yet
    // The socket is back, but orders are refused until reconciliation has succeeded: `connected` is reported by
    // reconcile() then, so the kernel never trades (or retries its unsent orders) against a broker that refuses them.
    if (state === 'connected' && !isReady) return;
    reportStatus(state === 'connected' ? 'connected' : state === 'degraded' ? 'degraded' : 'disconnected', detail);
  }

  function reportStatus(status: 'connected' | 'degraded' | 'disconnected', detail?: string): void {
    if (status === lastConnStatus) return;
    lastConnStatus = status;
    emit({ type: 'connection', status, detail, time: conn.now() });
  }

  async function storeView(): Promise<StoreView | undefined> {
    return opts.storeView ? await opts.storeView() : undefined;
  }

  async function resync(): Promise<void> {
    if (closed) return;
    try {
      await broker.reconcile(await storeView());
    } catch (err) {
      conn.options.log?.({ level: 'error', msg: `IB reconciliation failed: ${(err as Error).message}`, component: 'ib' });
      if (!closed && conn.isUp() && !resyncTimer) {
        resyncTimer = setTimeout(() => {
          resyncTimer = null;
          void resync();
        }, opts.resyncRetryMs ?? 2000);
      }
    }
  }

  function assertCanTrade(action: string): void {
    if (!conn.isUp()) throw twError('TW_IB_NOT_CONNECTED', { host: conn.options.host, port: conn.options.port, action });
    if (!isReady) throw twError('TW_IB_NOT_RECONCILED', { state: conn.state });
  }

  const broker: IbBroker = {
    name: 'ib',

    async connect() {
      closed = false;
      await conn.connect();
      await broker.reconcile(await storeView());
    },

    ready: () => isReady && conn.isUp(),

    lastReconcile: () => report,

    async reconcile(store?: StoreView) {
      isReady = false;
      // Open orders first (adoption by orderRef), then executions since the last one seen (fills missed while away;
      // known orders take them live, adopted ones on replay), then positions.
      const open = await openOrdersQueue.run(() => fetchOpenOrders(conn));
      const executions = await fetchExecutions(conn, tracker.lastExecTime);
      const positions = await positionsQueue.run(() => fetchPositions(conn));
      report = reconcileWith({ tracker, resolver, open, executions, positions, store, emit, now: () => conn.now() });
      isReady = conn.isUp();
      if (isReady) reportStatus(conn.state === 'degraded' ? 'degraded' : 'connected', 'reconciled');
      conn.options.log?.({ level: 'info', msg: 'IB reconciliation done', component: 'ib', adopted: report.adopted.length,
        unknownPositions: report.unknownPositions.length, missingAtBroker: report.missingAtBroker.length });
      return report;
    },

    async place(order: OrderRequest) {
      assertCanTrade(`placeOrder ${order.clientOrderId}`);
      // Idempotent: an order already placed or adopted (by orderRef) is never sent again.
      if (tracker.orders.has(order.clientOrderId)) return;
      const conIds: number[] = [];
      for (const leg of order.legs) conIds.push(await resolver.option(leg.contract));
      const built = buildOrder(order, conIds);
      assertCanTrade(`placeOrder ${order.clientOrderId}`);
      if (tracker.orders.has(order.clientOrderId)) return;
      const ib = conn.ib(`placeOrder ${order.clientOrderId}`);
      const orderId = conn.nextOrderId();
      tracker.track({ clientOrderId: order.clientOrderId, orderId, contract: built.contract, order: built.order, quantity: order.quantity, legs: built.legs });
      ib.placeOrder(orderId, built.contract, built.order);
    },

    async cancel(clientOrderId: string) {
      const t = tracker.orders.get(clientOrderId);
      if (!t) throw twError('TW_IB_UNKNOWN_ORDER', { clientOrderId });
      if (t.final) return;
      conn.ib(`cancelOrder ${clientOrderId}`).cancelOrder(t.orderId);
    },

    async replace(clientOrderId, change) {
      const t = tracker.orders.get(clientOrderId);
      if (!t) throw twError('TW_IB_UNKNOWN_ORDER', { clientOrderId });
      if (t.final) return;
      assertCanTrade(`modify ${clientOrderId}`);
      const single = t.contract.secType !== 'BAG';
      const lmtPrice = change.limitPrice === null ? undefined : roundLimit(single ? Math.abs(change.limitPrice) : change.limitPrice);
      const order = { ...t.order, orderType: change.limitPrice === null ? 'MKT' : 'LMT', lmtPrice } as typeof t.order;
      checkComboRules(clientOrderId, { contract: t.contract, order });
      // IB modifies a working order when the same order id is placed again with new terms.
      conn.ib(`modify ${clientOrderId}`).placeOrder(t.orderId, t.contract, order);
      t.order = order;
    },

    drainEvents() {
      return events.splice(0, events.length);
    },

    async positions(): Promise<BrokerPosition[]> {
      const all = await positionsQueue.run(() => fetchPositions(conn));
      return all.options;
    },

    async openOrders(): Promise<BrokerOpenOrder[]> {
      const open = await openOrdersQueue.run(() => fetchOpenOrders(conn));
      return open.map((o) => o.view);
    },

    async close() {
      closed = true;
      if (resyncTimer) clearTimeout(resyncTimer);
      for (const [e, fn] of listeners) conn.off(e, fn);
      tracker.dispose();
      await conn.release();
    },
  };
  return broker;
}
