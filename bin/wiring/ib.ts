/**
 * `tickwise start --broker ib`: the IB feed and broker on one shared TWS / IB Gateway connection, reconciled against
 * what the store knows (its non-final orders and the legs its open positions hold), so orders tickwise did not send
 * are only reported, never adopted or touched.
 */
import type pino from 'pino';
import { createIbBroker, createIbConnection, createIbFeed, type IbBroker, type IbFeed, type StoreView } from '../../adapters/ib/index.ts';
import type { Store } from '../../engine/store/index.ts';

export interface IbWiring {
  /** TWS / IB Gateway host. Default (CLI): 127.0.0.1. */
  host: string;
  /** TWS paper 7497 (CLI default), TWS live 7496, Gateway paper 4002, Gateway live 4001. */
  port: number;
  /** The API client id: keep the same one for the same tickwise instance (orders are found under it after a restart). */
  clientId: number;
  /** Required for the live ports (7496, 4001): they are refused with TW_IB_LIVE_PORT_REFUSED otherwise. */
  live: boolean;
  /** Market-data lines the account may hold. Default 100. */
  lineLimit?: number;
  /** The feed delivers a tick every this many ms. Default 1000. */
  tickIntervalMs?: number;
  store: Store;
  log?: pino.Logger;
  /** Wall clock for tick and event times (tests shift it into market hours). Default Date.now. */
  now?: () => number;
  /** Delay between reconnect attempts, ms. Default 2000. */
  reconnectIntervalMs?: number;
  /** How long a fill waits for its commission reports, ms. Default 2000. */
  commissionGraceMs?: number;
}

/** The IB market feed and broker for the kernel. Throws TW_IB_LIVE_PORT_REFUSED / TW_IB_BAD_OPTION before connecting. */
export function ibAdapters(w: IbWiring): { feed: IbFeed; broker: IbBroker } {
  const log = w.log;
  const conn = createIbConnection({
    host: w.host, port: w.port, clientId: w.clientId, live: w.live,
    ...(w.now ? { now: w.now } : {}),
    ...(w.reconnectIntervalMs !== undefined ? { reconnectIntervalMs: w.reconnectIntervalMs } : {}),
    ...(log ? { log: ({ level, msg, ...rest }) => log[level](rest, msg) } : {}),
  });
  const feed = createIbFeed(conn, { tickIntervalMs: w.tickIntervalMs ?? 1000, lineLimit: w.lineLimit ?? 100 });
  const broker = createIbBroker(conn, {
    storeView: () => storeView(w.store),
    ...(w.commissionGraceMs !== undefined ? { commissionGraceMs: w.commissionGraceMs } : {}),
  });
  return { feed, broker };
}

const PAGE = 1000;

/**
 * What the store has committed: orders not final (pending, accepted, partially filled) and the signed contracts its
 * open positions hold per leg. Read on the store's read connection, so a reconnect in the middle of a tick sees the
 * last committed tick and never touches the tick's open transaction.
 */
export async function storeView(store: Store): Promise<StoreView> {
  const ordersNotFinal: StoreView['ordersNotFinal'] = [];
  const held = new Map<string, number>();
  for (let offset = 0; ; offset += PAGE) {
    const positions = await store.reads.positions({ open: true, limit: PAGE, offset });
    for (const p of positions) {
      for (const o of await store.reads.orders(p.id)) {
        if (o.status === 'pending' || o.status === 'accepted' || o.status === 'partially-filled') {
          ordersNotFinal.push({ clientOrderId: o.clientOrderId, quantity: o.quantity, filled: o.filled, status: o.status });
        }
      }
      const detail = await store.reads.position(p.id);
      for (const l of detail?.legs ?? []) if (l.quantity !== 0) held.set(l.key, (held.get(l.key) ?? 0) + l.quantity);
    }
    if (positions.length < PAGE) break;
  }
  return { ordersNotFinal, positions: [...held].filter(([, q]) => q !== 0).map(([key, quantity]) => ({ key, quantity })) };
}
