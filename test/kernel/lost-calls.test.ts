/**
 * Regression: a process stopped between a tick's commit and its broker calls lost the cancels and replaces of that
 * tick. The restored broker still worked the order at its old limit (or still a limit after the machine went
 * marketable), and a machine waiting in `cancelling` waited forever. Recovery now makes those calls again.
 * The "kill" here is in-process: the tick commits, the broker calls after it go nowhere, the kernel is abandoned,
 * and a new kernel starts on the same file with a new market and broker restored from the committed checkpoints.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPaperBroker, createSimMarket } from '../../adapters/sim/index.ts';
import { Kernel } from '../../engine/kernel/index.ts';
import type { Broker } from '../../engine/ports/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore, type Store } from '../../engine/store/index.ts';
import { atPnlPct, condorRequest, firstSimTick, shippedConfig } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'tw-lost-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let stores: Store[] = [];
afterEach(async () => {
  for (const s of stores) await s.close().catch(() => undefined);
  stores = [];
});

/** A broker whose calls after `die()` go nowhere (the process is gone once the commit is on disk). */
function dying(inner: Broker): Broker & { die(): void } {
  let dead = false;
  return Object.assign(Object.create(inner) as Broker, {
    die: () => { dead = true; },
    place: (o: Parameters<Broker['place']>[0]) => (dead ? Promise.resolve() : inner.place(o)),
    cancel: (id: string) => (dead ? Promise.resolve() : inner.cancel(id)),
    replace: (id: string, c: Parameters<Broker['replace']>[1]) => (dead ? Promise.resolve() : inner.replace(id, c)),
  });
}

async function engine(db: string, broker?: Broker) {
  const config = await shippedConfig();
  const store = await openStore(db);
  stores.push(store);
  const paper = createPaperBroker({ startingCashCents: config.settings.startingEquity * 100 });
  const b = broker ?? paper;
  const kernel = new Kernel({ config, store, feed: createSimMarket({ seed: 7, rate: config.settings.riskFreeRate }), broker: b, clock: new ManualClock(0) });
  const report = await kernel.start();
  return { kernel, store, broker: b, paper, report };
}

/** First run: a winner whose take-profit close works at a limit; steps until the broker works it. */
async function firstRun(db: string) {
  const t0 = firstSimTick();
  const paper = createPaperBroker({ startingCashCents: 100_000 * 100 });
  const broker = dying(paper);
  const run = await engine(db, broker);
  run.kernel.control({ type: 'set-trading-state', state: 'REDUCING', reason: 'test' });
  run.kernel.adopt([{ ...atPnlPct(condorRequest(t0, { delta: 0.1 }), t0, 0.55), id: 'winner' }]);
  for (let i = 0; i < 6 && !(await paper.openOrders()).length; i++) await run.kernel.step();
  const open = await paper.openOrders();
  expect(open).toHaveLength(1);
  return { ...run, paper, broker, orderId: open[0].clientOrderId! };
}

describe('calls lost between a commit and the broker', () => {
  it('re-sends a lost reprice on restart, so the broker works the order at the limit the store recorded', async () => {
    const db = join(dir, 'replace.duckdb');
    const a = await firstRun(db);
    a.broker.die();
    let row: { limit_price: number; style: string } | undefined;
    for (let i = 0; i < 4; i++) {
      await a.kernel.step();
      [row] = await a.store.db.all<{ limit_price: number; style: string }>(`SELECT limit_price, style FROM orders WHERE client_order_id = ?`, [a.orderId]);
      if (row.limit_price !== (await a.paper.openOrders())[0]?.limitPrice) break;
    }
    const stale = (await a.paper.openOrders())[0];
    expect(stale.limitPrice).not.toBe(row!.limit_price); // the reprice was committed but never reached the broker
    await a.store.close();
    stores = [];
    const b = await engine(db);
    expect(b.report.callsResumed).toEqual([`replace ${a.orderId}`]);
    const working = await b.paper.openOrders();
    if (working.length) expect(working[0].limitPrice).toBe(row!.limit_price);
    else expect((await b.store.db.all<{ s: string }>(`SELECT status AS s FROM orders WHERE client_order_id = ?`, [a.orderId]))[0].s).not.toBe('cancelled');
  }, 120_000);

  it('re-sends a lost cancel on restart, so a machine waiting in cancelling gets its answer', async () => {
    const db = join(dir, 'cancel.duckdb');
    const a = await firstRun(db);
    a.kernel.control({ type: 'kill', flatten: false, reason: 'operator' });
    a.broker.die();
    await a.kernel.step();
    expect(a.kernel.positions().find((p) => p.id === 'winner')!.state).toBe('closing.cancelling');
    expect((await a.paper.openOrders()).map((o) => o.clientOrderId)).toEqual([a.orderId]); // the cancel never left
    await a.store.close();
    stores = [];
    const b = await engine(db);
    expect(b.report.callsResumed).toEqual([`cancel ${a.orderId}`]);
    expect(await b.paper.openOrders()).toEqual([]);
    await b.kernel.step();
    const p = b.kernel.positions().find((x) => x.id === 'winner')!;
    expect(p.state).not.toBe('closing.cancelling');
    const [o] = await b.store.db.all<{ s: string }>(`SELECT status AS s FROM orders WHERE client_order_id = ?`, [a.orderId]);
    expect(o.s).toBe('cancelled');
  }, 120_000);
});
