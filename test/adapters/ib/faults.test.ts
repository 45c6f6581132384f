import { afterEach, describe, expect, it } from 'vitest';
import { createIbBroker, createIbConnection } from '../../../adapters/ib/index.ts';
import type { BrokerEvent } from '../../../engine/domain/index.ts';
import { startFakeTws, type FakeTws } from '../../fake-tws/index.ts';
import { eventsUntil, ironCondor, setup, until } from './helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const fills = (es: BrokerEvent[]) => es.filter((e): e is Extract<BrokerEvent, { type: 'fill' }> => e.type === 'fill');

async function started(clientId = 7) {
  const ctx = await setup(clientId);
  cleanups.push(() => ctx.fake.close(), () => ctx.broker.close());
  await ctx.broker.connect();
  return ctx;
}

function brokerOn(fake: FakeTws, clientId: number, extra: Parameters<typeof createIbBroker>[1] = {}) {
  const conn = createIbConnection({ host: '127.0.0.1', port: fake.port, clientId, reconnectIntervalMs: 100, requestTimeoutMs: 3000, connectTimeoutMs: 3000 });
  const broker = createIbBroker(conn, { commissionGraceMs: 300, ...extra });
  cleanups.push(() => broker.close());
  return { conn, broker };
}

describe('IB broker faults', () => {
  it('reports a disconnect in the middle of a working order, reconnects, reconciles the fill it missed, and never re-sends the order', async () => {
    const { fake, conn, broker } = await started();
    await broker.place(ironCondor(fake, 'ic-d', 1));
    const events = await eventsUntil(broker, (es) => es.some((e) => e.type === 'accepted'), 'accepted');
    fake.setAccepting(false);
    fake.dropConnection();
    await eventsUntil(broker, (es) => es.some((e) => e.type === 'connection' && e.status === 'disconnected'), 'disconnected', events);
    expect(broker.ready()).toBe(false);
    fake.fill('ic-d'); // fills while tickwise is away: the executions are not delivered
    fake.setAccepting(true);
    await until(() => conn.isUp() && broker.ready(), 'reconnect and reconciliation');
    await eventsUntil(broker, (es) => fills(es).length === 1, 'the missed fill', events);
    await broker.place(ironCondor(fake, 'ic-d', 1)); // the kernel retrying a known order is a no-op
    await new Promise((r) => setTimeout(r, 100));
    events.push(...broker.drainEvents());
    expect(fake.placeOrderCount('ic-d')).toBe(1);
    expect(fills(events)).toHaveLength(1);
    expect(fills(events)[0]).toMatchObject({ clientOrderId: 'ic-d', quantity: 1, remaining: 0 });
    expect(events.filter((e) => e.type === 'accepted')).toHaveLength(1);
    const statuses = events.filter((e) => e.type === 'connection').map((e) => (e as { status: string }).status);
    expect(statuses).toEqual(['connected', 'disconnected', 'connected']);
  });

  it('after a reconnect reports a partial fill and then the cancellation that both happened while it was away', async () => {
    const { fake, conn, broker } = await started(13);
    await broker.place(ironCondor(fake, 'ic-pc', 3));
    await eventsUntil(broker, (es) => es.some((e) => e.type === 'accepted'), 'accepted');
    fake.setAccepting(false);
    fake.dropConnection();
    await until(() => !conn.isUp(), 'the drop');
    fake.fill('ic-pc', 1);
    fake.engine.cancel(13, fake.order('ic-pc').orderId);
    fake.setAccepting(true);
    const events = await eventsUntil(broker, (es) => es.some((e) => e.type === 'cancelled'), 'the cancellation');
    const orderEvents = events.filter((e) => e.type === 'fill' || e.type === 'cancelled');
    expect(orderEvents.map((e) => e.type)).toEqual(['fill', 'cancelled']);
    expect(orderEvents[0]).toMatchObject({ quantity: 1, filledTotal: 1, remaining: 2 });
    expect(fake.placeOrderCount('ic-pc')).toBe(1);
  });

  it('adopts a working order by orderRef after a restart with the same client id, and does not send it again', async () => {
    const { fake, broker } = await started(9);
    await broker.place(ironCondor(fake, 'ic-restart', 2));
    await eventsUntil(broker, (es) => es.some((e) => e.type === 'accepted'), 'accepted');
    await broker.close(); // tickwise stops; the order keeps working at IB
    await until(() => fake.connectedClientIds().length === 0, 'the old session to end');

    const store = { ordersNotFinal: [{ clientOrderId: 'ic-restart', quantity: 2, filled: 0, status: 'accepted' as const }], positions: [] };
    const { broker: again } = brokerOn(fake, 9, { storeView: () => store });
    await again.connect();
    expect(again.lastReconcile()!.adopted).toEqual([{ clientOrderId: 'ic-restart', brokerOrderId: String(fake.order('ic-restart').orderId), status: 'accepted' }]);
    await again.place(ironCondor(fake, 'ic-restart', 2)); // the kernel re-issuing it is a no-op
    expect(fake.placeOrderCount('ic-restart')).toBe(1);
    fake.fill('ic-restart');
    const events = await eventsUntil(again, (es) => fills(es).length === 1, 'the fill of the adopted order');
    expect(fills(events)[0]).toMatchObject({ clientOrderId: 'ic-restart', quantity: 2, remaining: 0 });
    expect((await again.openOrders())).toEqual([]);
  });

  it('reports orders and positions at IB that the store does not know, and leaves them alone', async () => {
    const { fake, broker } = await started(11);
    fake.fillMode({ mode: 'immediate' });
    await broker.place(ironCondor(fake, 'ic-mine', 1));
    await eventsUntil(broker, (es) => fills(es).length === 1, 'fill');
    await broker.close();
    await until(() => fake.connectedClientIds().length === 0, 'the old session to end');
    const { broker: again } = brokerOn(fake, 11, { storeView: () => ({ ordersNotFinal: [{ clientOrderId: 'ghost', quantity: 1 }], positions: [] }) });
    await again.connect();
    const report = again.lastReconcile()!;
    expect(report.unknownPositions).toHaveLength(4);
    expect(report.missingAtBroker).toEqual(['ghost']);
    const events = again.drainEvents();
    expect(events.filter((e) => e.type === 'cancelled').map((e) => (e as { clientOrderId: string }).clientOrderId)).toEqual(['ghost']);
    const positions = await again.positions();
    expect(positions.map((p) => p.quantity).sort()).toEqual([-1, -1, 1, 1]);
    expect(positions[0]!.contract.brokerIds?.conId).toBeGreaterThan(0);
  });

  it('stops with TW_IB_CLIENT_ID_IN_USE when IB answers 326, and the first client keeps its session', async () => {
    const { fake } = await started(5);
    const { broker } = brokerOn(fake, 5);
    await expect(broker.connect()).rejects.toMatchObject({ code: 'TW_IB_CLIENT_ID_IN_USE' });
    expect(fake.connectedClientIds()).toEqual([5]);
  });

  it('reports connected after a reconnect only once reconciliation has succeeded, so no order is refused after it', async () => {
    const { fake, conn, broker } = await started(15);
    broker.drainEvents();
    // A slow TWS: the open orders reconciliation reads arrive 400 ms after they are asked for.
    fake.intercept((f, handle) => {
      if (f[0] !== '16') return false;
      setTimeout(handle, 400);
      return true;
    });
    fake.dropConnection();
    await until(() => !conn.isUp(), 'the drop');
    const seen: { status: string; ready: boolean }[] = [];
    await until(() => {
      for (const e of broker.drainEvents()) if (e.type === 'connection') seen.push({ status: e.status, ready: broker.ready() });
      return seen.some((x) => x.status === 'connected');
    }, 'connected again', 8000);
    expect(seen.map((x) => x.status)).toEqual(['disconnected', 'connected']);
    expect(seen.at(-1)!.ready).toBe(true);
    await broker.place(ironCondor(fake, 'ic-after', 1));
    await until(() => fake.placeOrderCount('ic-after') === 1, 'the order to arrive');
  });

  it('goes degraded on 1100 and back on 1102, and resubscribes nothing lost on 1102', async () => {
    const { fake, broker } = await started();
    broker.drainEvents();
    fake.connectivityLost();
    const events = await eventsUntil(broker, (es) => es.some((e) => e.type === 'connection' && e.status === 'degraded'), 'degraded');
    fake.connectivityRestored(false);
    await eventsUntil(broker, (es) => es.some((e) => e.type === 'connection' && e.status === 'connected'), 'restored', events);
    expect(events.map((e) => (e as { status: string }).status)).toEqual(['degraded', 'connected']);
  });

  it('refuses live ports unless live is set', () => {
    expect(() => createIbConnection({ host: '127.0.0.1', port: 7496, clientId: 1 })).toThrow(expect.objectContaining({ code: 'TW_IB_LIVE_PORT_REFUSED' }));
    expect(() => createIbConnection({ host: '127.0.0.1', port: 4001, clientId: 1 })).toThrow(expect.objectContaining({ code: 'TW_IB_LIVE_PORT_REFUSED' }));
    expect(createIbConnection({ host: '127.0.0.1', port: 4001, clientId: 1, live: true }).options.live).toBe(true);
  });

  it('keeps every burst under 50 messages in any one-second window', async () => {
    const { fake, conn } = await started();
    const before = fake.received.length;
    const ib = conn.ib('burst');
    for (let i = 0; i < 120; i++) ib.reqCurrentTime();
    await until(() => fake.received.length - before >= 120, 'the burst to arrive', 8000);
    expect(fake.maxMessagesInWindow(1000)).toBeLessThanOrEqual(50);
  });
});

describe('IB broker while reconnecting', () => {
  it('backs off and reports TW_IB_CLIENT_ID_IN_USE when its client id is taken during a reconnect, then gets back in', async () => {
    const fake = await startFakeTws();
    cleanups.push(() => fake.close());
    // A slow reconnect cadence, so the intruder below takes the id before our next attempt.
    const conn = createIbConnection({ host: '127.0.0.1', port: fake.port, clientId: 21, reconnectIntervalMs: 400, requestTimeoutMs: 3000 });
    const broker = createIbBroker(conn, { commissionGraceMs: 300 });
    cleanups.push(() => broker.close());
    await broker.connect();
    broker.drainEvents();
    fake.setAccepting(false);
    fake.dropConnection();
    await until(() => !conn.isUp(), 'the drop');
    const intruder = createIbConnection({ host: '127.0.0.1', port: fake.port, clientId: 21, connectTimeoutMs: 3000 });
    cleanups.push(() => intruder.close());
    fake.setAccepting(true);
    await intruder.connect();
    const events = await eventsUntil(broker, (es) => es.some((e) => e.type === 'connection' && (e.detail ?? '').includes('TW_IB_CLIENT_ID_IN_USE')), '326 reported');
    await intruder.close();
    await eventsUntil(broker, (es) => es.some((e) => e.type === 'connection' && e.status === 'connected'), 'back in', events);
    await until(() => broker.ready(), 'reconciled again');
    expect(fake.connectedClientIds()).toEqual([21]);
  });
});
