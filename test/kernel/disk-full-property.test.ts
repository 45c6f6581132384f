/**
 * Property: whichever ticks the disk refuses, and however many times in a row, the kernel ends with exactly the book
 * and the broker calls of a run whose commits all worked (the refused tick is committed again, never recomputed), and
 * no broker call ever leaves while a tick is uncommitted. In-memory DuckDB (the commit-failure seam behaves the same on
 * a file, test/kernel/disk-full.test.ts), the simulated market and the paper broker. Seeded and bounded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTickwiseError } from '../../engine/errors/index.ts';
import { Kernel } from '../../engine/kernel/index.ts';
import type { Broker } from '../../engine/ports/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore, type Store } from '../../engine/store/index.ts';
import { createPaperBroker, createSimMarket } from '../../adapters/sim/index.ts';
import { shippedConfig } from './helpers.ts';

const TICKS = 10;

async function run(failures: readonly number[]) {
  const config = await shippedConfig();
  const store = await openStore(':memory:');
  const paper = createPaperBroker({ startingCashCents: config.settings.startingEquity * 100 });
  const calls: string[] = [];
  const broker: Broker = {
    ...paper,
    place: async (o) => { calls.push(`place ${o.clientOrderId}`); await paper.place(o); },
    cancel: async (id) => { calls.push(`cancel ${id}`); await paper.cancel(id); },
    replace: async (id, c) => { calls.push(`replace ${id}`); await paper.replace(id, c); },
  };
  const kernel = new Kernel({ config, store, feed: createSimMarket({ seed: 11, rate: config.settings.riskFreeRate }), broker, clock: new ManualClock(0), writeRetry: { haltAfter: 1000 } });
  await kernel.start();
  try {
    for (let i = 0; i < TICKS; i++) {
      const n = failures[i] ?? 0;
      if (n) store.failNextCommits(n);
      const before = calls.length;
      for (let a = 0; a < n; a++) {
        const err = await kernel.step().catch((e: unknown) => e);
        expect(isTickwiseError(err) && err.code).toBe('TW_STORE_DISK_FULL');
        expect(calls.length).toBe(before);
      }
      expect((await kernel.step())?.seq).toBe(i + 1);
    }
    return { calls, book: await book(store) };
  } finally {
    await kernel.close();
  }
}

async function book(s: Store) {
  const q = (sql: string) => s.db.all(sql);
  return {
    decisions: await q('SELECT id, rule, action, position_id, outcome FROM decisions ORDER BY id'),
    orders: await q('SELECT client_order_id, status, quantity::INT AS q FROM orders ORDER BY client_order_id'),
    fills: await q('SELECT * FROM fills ORDER BY client_order_id, time'),
    positions: await q('SELECT id, state, phase FROM positions ORDER BY id'),
    snapshots: await q('SELECT position_id, snapshot::VARCHAR AS s FROM snapshots ORDER BY position_id'),
    equity: await q('SELECT * FROM equity ORDER BY time'),
  };
}

describe('commits refused at random ticks', () => {
  it('leave the same book and the same broker calls as a run without failures', async () => {
    const clean = await run([]);
    expect(clean.calls.length).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 3 }), { minLength: TICKS, maxLength: TICKS }), async (failures) => {
        const failing = await run(failures);
        expect(failing.calls).toEqual(clean.calls);
        expect(failing.book).toEqual(clean.book);
      }),
      { numRuns: 4, seed: 20261203, interruptAfterTimeLimit: 10_000 },
    );
  }, 30_000);
});
