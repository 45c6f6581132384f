/**
 * Every source of critical alerts ends in the alerts table (and so in /api/alerts), exactly once: broker calls that
 * fail after the commit (place, cancel, replace), the broker going away, recovery's findings, the kill switch. The
 * kernel runs on the shipped config, the simulated market and the paper broker with a DuckDB file; a wrapper makes
 * the broker's calls fail the way a real broker's do (coded errors) and injects connection events.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPaperBroker, createSimMarket } from '../../adapters/sim/index.ts';
import { buildApi } from '../../adapters/http/index.ts';
import type { BrokerEvent } from '../../engine/domain/index.ts';
import { twError } from '../../engine/errors/index.ts';
import { Kernel } from '../../engine/kernel/index.ts';
import type { Broker } from '../../engine/ports/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore, type Store } from '../../engine/store/index.ts';
import { atPnlPct, condorRequest, firstSimTick, shippedConfig } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'tw-alerts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let stores: Store[] = [];
afterEach(async () => {
  for (const s of stores) await s.close().catch(() => undefined);
  stores = [];
});

const notConnected = () => twError('TW_IB_NOT_CONNECTED', { host: '127.0.0.1', port: 7497, action: 'test' });

/** The paper broker, with calls that fail while a fault is set, connection events on demand, and a count of places. */
function faulty(inner: Broker) {
  const faults: { place?: Error; cancel?: Error; replace?: Error } = {};
  const injected: BrokerEvent[] = [];
  const placed: string[] = [];
  const broker: Broker = Object.assign(Object.create(inner) as Broker, {
    place: async (o: Parameters<Broker['place']>[0]) => {
      if (faults.place) throw faults.place;
      placed.push(o.clientOrderId);
      return inner.place(o);
    },
    cancel: async (id: string) => {
      if (faults.cancel) throw faults.cancel;
      return inner.cancel(id);
    },
    replace: async (id: string, c: Parameters<Broker['replace']>[1]) => {
      if (faults.replace) throw faults.replace;
      return inner.replace(id, c);
    },
    drainEvents: () => [...injected.splice(0), ...inner.drainEvents()],
  });
  const connection = (status: 'connected' | 'disconnected') => injected.push({ type: 'connection', status, detail: 'test', time: 0 });
  return { broker, faults, placed, connection };
}

async function engine(db: string, opts: { commitEvery?: number; restart?: boolean } = {}) {
  const config = await shippedConfig();
  const store = await openStore(db);
  stores.push(store);
  const paper = createPaperBroker({ startingCashCents: config.settings.startingEquity * 100 });
  const f = faulty(paper);
  const kernel = new Kernel({ config, store, feed: createSimMarket({ seed: 7, rate: config.settings.riskFreeRate }), broker: f.broker, clock: new ManualClock(0), commitEvery: opts.commitEvery });
  const report = await kernel.start();
  if (!opts.restart) {
    // A winner whose take-profit close goes out on the first ticks; no new entries.
    const t0 = firstSimTick();
    kernel.control({ type: 'set-trading-state', state: 'REDUCING', reason: 'test' });
    kernel.adopt([{ ...atPnlPct(condorRequest(t0, { delta: 0.1 }), t0, 0.55), id: 'winner' }]);
  }
  return { kernel, store, paper, report, ...f };
}

type Alert = { severity: string; source: string; message: string };
const alerts = async (store: Store, like: string) => (await store.reads.alerts({ limit: 1000 })).filter((a) => a.message.startsWith(like)) as Alert[];
const closeOrder = async (store: Store) => (await store.db.all<{ id: string; status: string }>(`SELECT client_order_id AS id, status FROM orders WHERE purpose = 'close'`))[0];

async function stepUntil(kernel: Kernel, done: () => boolean | Promise<boolean>, what: string, max = 12): Promise<void> {
  for (let i = 0; i < max; i++) {
    await kernel.step();
    if (await done()) return;
  }
  throw new Error(`${what} did not happen within ${max} ticks`);
}

describe('critical alerts are stored', () => {
  it('stores a failed place at once as one critical alert, retries without alerting again, and places the order exactly once when the broker takes it', async () => {
    const e = await engine(join(dir, 'place.duckdb'));
    e.faults.place = notConnected();
    await stepUntil(e.kernel, async () => (await closeOrder(e.store)) !== undefined, 'the close order');
    const id = (await closeOrder(e.store))!.id;
    // Committed by the follow-up write (the reader connection sees committed data only), before any further tick.
    expect(await alerts(e.store, `broker place of ${id} failed`)).toEqual([expect.objectContaining({ severity: 'critical', source: 'broker' })]);
    const api = await buildApi({ kernel: e.kernel, token: 'test-token-0123456789abcdef', host: '127.0.0.1' });
    const listed = (await api.inject({ url: '/api/alerts?limit=50' })).json() as Alert[];
    await api.close();
    expect(listed.filter((a) => a.message.startsWith(`broker place of ${id} failed`))).toHaveLength(1);

    for (let i = 0; i < 3; i++) await e.kernel.step();
    expect(await alerts(e.store, `broker place of ${id} failed`)).toHaveLength(1);
    expect(e.placed).toEqual([]);
    // The machine reprices the unsent order as usual; the new limit is in the order row, from which the retry sends it.
    expect(e.kernel.positions().find((p) => p.id === 'winner')!.state).toMatch(/^closing\.(submitting|repricing)$/);

    e.faults.place = undefined;
    await stepUntil(e.kernel, () => e.placed.length > 0, 'the retry');
    await e.kernel.step();
    expect(e.placed).toEqual([id]);
    expect(await alerts(e.store, `order ${id} handed to the broker on a retry`)).toHaveLength(1);
    expect((await closeOrder(e.store))!.status).not.toBe('pending');
  }, 60_000);

  it('ends an order the broker refuses for good as rejected, with a stored critical alert, so the position does not wait', async () => {
    const e = await engine(join(dir, 'refused.duckdb'));
    e.faults.place = twError('TW_IB_NO_SECURITY', { contract: 'SPY', code: 200, detail: 'test' });
    await stepUntil(e.kernel, async () => (await closeOrder(e.store)) !== undefined, 'the close order');
    const id = (await closeOrder(e.store))!.id;
    expect(await alerts(e.store, `broker place of ${id} failed`)).toEqual([expect.objectContaining({ severity: 'critical', message: expect.stringContaining('ends rejected') })]);
    await e.kernel.step();
    expect((await closeOrder(e.store))!.status).toBe('rejected');
    // The machine got the rejection (back to managed: take-profit, still true, may close it again with a new order).
    const transitions = await e.store.reads.transitions('winner');
    expect(transitions.some((t) => t.event === 'BROKER.rejected' && t.to === 'managed')).toBe(true);
  }, 60_000);

  it('stores the kill switch, a failed cancel and the broker going away, and makes the cancel again when the broker is back', async () => {
    const e = await engine(join(dir, 'cancel.duckdb'));
    await stepUntil(e.kernel, async () => (await e.paper.openOrders()).length > 0, 'the close order to work');
    const id = (await closeOrder(e.store))!.id;
    e.faults.cancel = notConnected();
    e.kernel.control({ type: 'kill', flatten: false, reason: 'operator' });
    await e.kernel.step();
    expect(await alerts(e.store, 'kill switch')).toEqual([expect.objectContaining({ severity: 'critical', source: 'kill-switch' })]);
    expect(await alerts(e.store, `broker cancel of ${id} failed`)).toEqual([expect.objectContaining({ severity: 'critical', source: 'broker' })]);
    expect(await alerts(e.store, 'trading state REDUCING → HALTED')).toEqual([expect.objectContaining({ severity: 'critical', source: 'trading-state' })]);
    expect(e.kernel.positions().find((p) => p.id === 'winner')!.state).toBe('closing.cancelling');

    e.connection('disconnected');
    await e.kernel.step();
    expect(await alerts(e.store, 'broker disconnected')).toEqual([expect.objectContaining({ severity: 'critical', source: 'broker' })]);
    e.faults.cancel = undefined;
    e.connection('connected');
    await stepUntil(e.kernel, () => e.kernel.positions().find((p) => p.id === 'winner')?.state !== 'closing.cancelling', 'the cancel to be answered', 4);
    expect(await e.paper.openOrders()).toEqual([]);
    expect((await closeOrder(e.store))!.status).toBe('cancelled');
  }, 60_000);

  it('stores a failed replace as a critical alert', async () => {
    const e = await engine(join(dir, 'replace.duckdb'));
    await stepUntil(e.kernel, async () => (await e.paper.openOrders()).length > 0, 'the close order to work');
    const id = (await closeOrder(e.store))!.id;
    e.faults.replace = new Error('the line went dead');
    await stepUntil(e.kernel, async () => (await alerts(e.store, `broker replace of ${id} failed`)).length > 0, 'a reprice', 10);
    expect(await alerts(e.store, `broker replace of ${id} failed: the line went dead`)).toEqual([expect.objectContaining({ severity: 'critical', source: 'broker' })]);
  }, 60_000);

  it('stores a roll that could not open its new legs (the broker refused them for good) as a critical alert', async () => {
    const e = await engine(join(dir, 'roll.duckdb'), { restart: true });
    const t0 = firstSimTick();
    e.kernel.control({ type: 'set-trading-state', state: 'REDUCING', reason: 'test' });
    e.kernel.adopt([{ ...atPnlPct(condorRequest(t0, { delta: 0.1 }), t0, 0.1), id: 'roller' }]);
    await e.kernel.step();
    e.kernel.control({ type: 'roll', positionId: 'roller' });
    await stepUntil(e.kernel, () => e.placed.length === 1, 'the roll-close to be placed');
    // From now on the broker refuses every order for good: the roll-open that follows the roll-close's fill.
    e.faults.place = twError('TW_IB_COMBO_RULE', { clientOrderId: 'roll-open', problem: 'test' });
    await stepUntil(e.kernel, () => e.kernel.positions().find((p) => p.id === 'roller')?.phase !== 'rolling', 'the failed roll', 10);
    expect(e.kernel.positions().find((p) => p.id === 'roller')?.phase ?? 'closed').toBe('closed');
    expect(await alerts(e.store, 'roller: roll could not open the new legs')).toEqual([expect.objectContaining({ severity: 'critical', source: 'position' })]);
  }, 60_000);

  it('stores, when the kernel closes, a failed place whose alert could not be written at once and that no later tick carried', async () => {
    const db = join(dir, 'close.duckdb');
    const e = await engine(db);
    // The place fails, and so does the alert's own follow-up write (the disk refuses that one commit).
    Object.defineProperty(e.faults, 'place', { get: () => { e.store.failNextCommits(1); return notConnected(); } });
    await stepUntil(e.kernel, async () => (await closeOrder(e.store)) !== undefined, 'the close order');
    const id = (await closeOrder(e.store))!.id;
    expect(await alerts(e.store, `broker place of ${id} failed`)).toEqual([]);
    await e.kernel.close();
    stores = stores.filter((s) => s !== e.store);
    const reopened = await openStore(db);
    stores.push(reopened);
    expect(await alerts(reopened, `broker place of ${id} failed`)).toEqual([expect.objectContaining({ severity: 'critical', source: 'broker' })]);
  }, 60_000);

  it('with grouped commits carries the alert into the next commit, exactly once', async () => {
    const e = await engine(':memory:', { commitEvery: 2 });
    e.faults.place = notConnected();
    await stepUntil(e.kernel, async () => e.kernel.positions().find((p) => p.id === 'winner')?.state === 'closing.submitting', 'the close order');
    for (let i = 0; i < 4; i++) await e.kernel.step();
    await e.kernel.flush();
    expect(await alerts(e.store, 'broker place of')).toHaveLength(1);
  }, 60_000);
});

describe('recovery alerts are stored', () => {
  it('stores at start that a position has no machine snapshot, before the first tick', async () => {
    const db = join(dir, 'no-snapshot.duckdb');
    const a = await engine(db);
    await a.kernel.step();
    await a.kernel.step();
    await a.store.db.run(`DELETE FROM snapshots WHERE position_id = 'winner'`);
    await a.store.close();
    stores = [];
    const b = await engine(db, { restart: true });
    expect(b.report.alerts.map((x) => x.message)).toEqual([expect.stringContaining('winner has no machine snapshot')]);
    expect(await alerts(b.store, 'position winner has no machine snapshot')).toEqual([expect.objectContaining({ severity: 'critical', source: 'recovery' })]);
    // Published to the live stream with the first tick, and not stored a second time.
    const published: string[] = [];
    b.kernel.subscribe((ev) => ev.type === 'alert' && published.push(ev.alert.message));
    await b.kernel.step();
    expect(published.filter((m) => m.startsWith('position winner has no machine snapshot'))).toHaveLength(1);
    expect(await alerts(b.store, 'position winner has no machine snapshot')).toHaveLength(1);
  }, 60_000);

  it('stores at start that the config version a position is pinned to cannot be rebuilt', async () => {
    const db = join(dir, 'pinned.duckdb');
    const a = await engine(db);
    await a.kernel.step();
    await a.store.db.run(`UPDATE positions SET pinned_version = 'gone-0000' WHERE id = 'winner'`);
    await a.store.close();
    stores = [];
    const b = await engine(db, { restart: true });
    expect(await alerts(b.store, 'config version gone-0000, which open positions are pinned to, cannot be rebuilt')).toEqual([expect.objectContaining({ severity: 'critical', source: 'recovery' })]);
    await b.kernel.step();
    expect(await alerts(b.store, 'config version gone-0000')).toHaveLength(1); // stored once, not again with the tick
  }, 60_000);

  it('stores that an order written before a crash could not be re-sent, and sends it once the broker takes it', async () => {
    const db = join(dir, 'resend.duckdb');
    const a = await engine(db);
    a.faults.place = notConnected(); // the process "dies" with the close order written, never sent
    await stepUntil(a.kernel, async () => (await closeOrder(a.store)) !== undefined, 'the close order');
    const id = (await closeOrder(a.store))!.id;
    await a.store.close();
    stores = [];
    const b = await engine(db, { restart: true });
    expect(b.report.ordersResent).toEqual([id]);
    b.faults.place = notConnected();
    await b.kernel.step();
    await b.kernel.step();
    // One alert from the first run's failure, one from the re-send after the restart: never one per tick.
    expect(await alerts(b.store, `broker place of ${id} failed`)).toHaveLength(2);
    b.faults.place = undefined;
    await stepUntil(b.kernel, () => b.placed.length > 0, 'the re-send');
    expect(b.placed).toEqual([id]);
  }, 60_000);

  it('stores at start that a cancel the machine waits on could not be made again', async () => {
    const db = join(dir, 'resume.duckdb');
    const a = await engine(db);
    await stepUntil(a.kernel, async () => (await a.paper.openOrders()).length > 0, 'the close order to work');
    const id = (await closeOrder(a.store))!.id;
    a.faults.cancel = notConnected();
    a.kernel.control({ type: 'kill', flatten: false, reason: 'operator' });
    await a.kernel.step();
    const brokerCheckpoint = a.paper.checkpoint!();
    await a.store.close();
    stores = [];
    expect(brokerCheckpoint).toBeTruthy();
    const config = await shippedConfig();
    const store = await openStore(db);
    stores.push(store);
    const paper = createPaperBroker({ startingCashCents: config.settings.startingEquity * 100 });
    const f = faulty(paper);
    f.faults.cancel = notConnected();
    const kernel = new Kernel({ config, store, feed: createSimMarket({ seed: 7, rate: config.settings.riskFreeRate }), broker: f.broker, clock: new ManualClock(0) });
    const report = await kernel.start();
    expect(report.callsResumed).toEqual([`cancel ${id}`]);
    expect(await alerts(store, `broker cancel of ${id} failed`)).toHaveLength(2);
  }, 60_000);
});
