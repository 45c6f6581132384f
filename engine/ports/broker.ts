import type { BrokerEvent, BrokerOpenOrder, BrokerPosition, OrderRequest } from '../domain/order.ts';
import type { MarketTick } from '../domain/market.ts';

/**
 * Where orders go. Calls never resolve with an outcome: acknowledgements, fills, rejections, cancellations and
 * settlements come back as `BrokerEvent`s, which the kernel collects with `drainEvents()` once per tick, so every
 * mode processes them in the same, deterministic place. A call rejects (throws) only when the request could not be
 * handed over at all; an uncertain outcome (timeout, disconnect) is reported as a `connection` event, never as a
 * rejection, and is resolved by reconciliation.
 */
export interface Broker {
  readonly name: string;
  connect(): Promise<void>;
  place(order: OrderRequest): Promise<void>;
  cancel(clientOrderId: string): Promise<void>;
  /** Changes a working order's price (a cancel/replace at the broker where it has no modify). */
  replace(clientOrderId: string, change: { limitPrice: number | null; style: OrderRequest['style'] }): Promise<void>;
  /** Simulated brokers match working orders and settle expiries against each tick; live brokers ignore it. */
  observe?(tick: MarketTick): void;
  /** Events received since the last call, oldest first. */
  drainEvents(): BrokerEvent[];
  /** For reconciliation at start and after reconnects. */
  positions(): Promise<BrokerPosition[]>;
  openOrders(): Promise<BrokerOpenOrder[]>;
  close(): Promise<void>;
  /**
   * In-process brokers (the paper broker) return their whole state as JSON; the kernel stores it in the same
   * transaction as the tick, so after a crash broker and engine resume from the same committed moment. A real broker
   * keeps its state itself and is reconciled through `positions()` / `openOrders()` instead.
   */
  checkpoint?(): unknown;
  /** Restores what `checkpoint()` returned (called before `connect()` on a restart). */
  restore?(state: unknown): void;
}
