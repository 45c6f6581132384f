/**
 * The kernel on a disk that refuses its commits: no order leaves before its tick is committed, the refused tick is
 * committed again (the same work, so the book ends exactly as a run without failures), waits grow, HALTED follows N
 * consecutive failures, the alert is published at once and stored once writing works, and a restart on a full disk
 * starts and sends nothing. Real DuckDB files, the simulated market and the paper broker.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTickwiseError } from '../../engine/errors/index.ts';
import { Kernel, type KernelEvent } from '../../engine/kernel/index.ts';
import type { Broker } from '../../engine/ports/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore, type Store } from '../../engine/store/index.ts';
import { createPaperBroker, createSimMarket } from '../../adapters/sim/index.ts';
import { shippedConfig } from './helpers.ts';
import { useTmpfs } from '../support/tmpfs.ts';

let dir: string;
const kernels: Kernel[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tw-diskfull-'));
});
afterEach(async () => {
  for (const k of kernels.splice(0)) await k.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

/** The paper broker, recording every call the kernel makes. */
function recordingBroker(startingCashCents: number): { broker: Broker; calls: string[] } {
  const b = createPaperBroker({ startingCashCents });
  const calls: string[] = [];
  const broker: Broker = {
    ...b,
    place: async (o) => { calls.push(`place ${o.clientOrderId}`); await b.place(o); },
    cancel: async (id) => { calls.push(`cancel ${id}`); await b.cancel(id); },
    replace: async (id, c) => { calls.push(`replace ${id}`); await b.replace(id, c); },
  };
  return { broker, calls };
}

async function kernelOn(path: string, opts: { haltAfter?: number; sleeps?: number[]; onSleep?: () => void } = {}) {
  const config = await shippedConfig();
  const store = await openStore(path);
  const feed = createSimMarket({ seed: 11, rate: config.settings.riskFreeRate });
  const { broker, calls } = recordingBroker(config.settings.startingEquity * 100);
  const kernel = new Kernel({
    config, store, feed, broker, clock: new ManualClock(0),
    writeRetry: { baseDelayMs: 100, maxDelayMs: 1000, haltAfter: opts.haltAfter ?? 5 },
    sleep: async (ms) => { opts.sleeps?.push(ms); opts.onSleep?.(); },
  });
  kernels.push(kernel);
  const events: KernelEvent[] = [];
  kernel.subscribe((e) => events.push(e));
  await kernel.start();
  return { kernel, store, calls, events };
}

const q = <T>(s: Store, sql: string) => s.db.all<T>(sql);
/** The book as committed, without the store's own alerts (which only the failing run has). */
async function book(s: Store) {
  return {
    ticks: await q(s, 'SELECT seq::INT AS seq, time::BIGINT::VARCHAR AS t FROM ticks ORDER BY seq'),
    decisions: await q(s, 'SELECT id, rule, action, position_id, outcome FROM decisions ORDER BY id'),
    orders: await q(s, 'SELECT client_order_id, position_id, status, quantity::INT AS q FROM orders ORDER BY client_order_id'),
    fills: await q(s, 'SELECT * FROM fills ORDER BY client_order_id, time'),
    positions: await q(s, 'SELECT id, state, phase FROM positions ORDER BY id'),
    snapshots: await q(s, 'SELECT position_id, snapshot::VARCHAR AS s FROM snapshots ORDER BY position_id'),
  };
}

const TICKS = 12;

describe('a kernel whose commits the disk refuses', () => {
  it('makes no broker call for a tick until that same tick is committed, and ends with the book of a run without failures', async () => {
    const clean = await kernelOn(join(dir, 'clean.duckdb'));
    for (let i = 0; i < TICKS; i++) await clean.kernel.step();

    const f = await kernelOn(join(dir, 'failing.duckdb'));
    let ordersSeen = 0;
    for (let i = 0; i < TICKS; i++) {
      f.store.failNextCommits(2);
      const before = f.calls.length;
      const seq = f.kernel.status().seq;
      for (let attempt = 0; attempt < 2; attempt++) {
        const err = await f.kernel.step().catch((e: unknown) => e);
        expect(isTickwiseError(err) && err.code).toBe('TW_STORE_DISK_FULL');
        expect(f.calls.length, 'a broker call went out before its tick was committed').toBe(before);
        expect(f.kernel.status()).toMatchObject({ seq, storeWrite: { code: 'TW_STORE_DISK_FULL', failures: attempt + 1, seq: seq + 1 } });
        expect((await q<{ n: number }>(f.store, 'SELECT count(*)::INT AS n FROM ticks'))[0].n).toBe(seq);
      }
      const summary = await f.kernel.step();
      expect(summary?.seq).toBe(seq + 1);
      expect(f.kernel.status().storeWrite).toBeNull();
      ordersSeen += summary!.orders;
      // Every order sent was committed first.
      const stored = new Set((await q<{ id: string }>(f.store, 'SELECT client_order_id AS id FROM orders')).map((r) => r.id));
      for (const c of f.calls.slice(before)) if (c.startsWith('place ')) expect(stored.has(c.slice(6))).toBe(true);
    }
    expect(ordersSeen, 'the run should place orders for the test to mean something').toBeGreaterThan(0);
    expect(f.calls).toEqual(clean.calls);
    expect(await book(f.store)).toEqual(await book(clean.store));
    const alerts = await q<{ message: string; severity: string }>(f.store, `SELECT message, severity FROM alerts WHERE source = 'store' ORDER BY time, message`);
    expect(alerts.filter((a) => a.severity === 'critical')).toHaveLength(TICKS);
    expect(alerts.filter((a) => a.severity === 'warning' && /writes again: tick \d+ committed after 2 failed/.test(a.message))).toHaveLength(TICKS);
  }, 30_000);

  it('retries with growing waits, publishes the critical alert at once, halts after N failures and stores the alert once', async () => {
    const sleeps: number[] = [];
    const states: string[] = [];
    const k = await kernelOn(join(dir, 'halt.duckdb'), { haltAfter: 3, sleeps, onSleep: () => states.push(k.kernel.status().tradingState) });
    await k.kernel.step();
    k.store.failNextCommits(6);
    const ran = await k.kernel.run({ maxTicks: 3 });
    expect(ran).toBe(3);
    expect(sleeps).toEqual([100, 200, 400, 800, 1000, 1000]);
    // The status shows HALTED from the N-th failure on, while the store still cannot write.
    expect(states).toEqual(['ACTIVE', 'ACTIVE', 'HALTED', 'HALTED', 'HALTED', 'HALTED']);
    const storeAlerts = k.events.filter((e): e is Extract<KernelEvent, { type: 'alert' }> => e.type === 'alert' && e.alert.source === 'store');
    // Published before the stalled tick's own events: the first failure, then the halt, then the recovery with the tick.
    const firstTickAfter = k.events.findIndex((e) => e.type === 'tick' && e.summary.seq === 2);
    expect(k.events.indexOf(storeAlerts[0])).toBeLessThan(firstTickAfter);
    expect(storeAlerts.map((e) => e.alert.severity)).toEqual(['critical', 'critical', 'warning']);
    expect(storeAlerts[0].alert.message).toMatch(/^\[TW_STORE_DISK_FULL\] cannot write tick 2 to .*\(\d+(\.\d+)? [KMGT]?i?B free\)/);
    expect(storeAlerts[1].alert.message).toMatch(/^trading state → HALTED: the store could not write tick 2 3 times in a row/);
    expect(storeAlerts[2].alert.message).toMatch(/^the store writes again: tick 2 committed after 6 failed attempt/);
    expect(k.kernel.status().tradingState).toBe('HALTED');
    const stored = await q<{ severity: string; message: string }>(k.store, `SELECT severity, message FROM alerts WHERE source IN ('store', 'trading-state') ORDER BY time, severity`);
    expect(stored.filter((a) => a.message.startsWith('[TW_STORE_DISK_FULL]'))).toHaveLength(1);
    expect(stored.some((a) => /trading state ACTIVE → HALTED \(the store could not write tick 2 3 times in a row/.test(a.message))).toBe(true);
    expect((await q<{ value: string }>(k.store, `SELECT value FROM meta WHERE key = 'tradingState'`))[0].value).toBe('"HALTED"');
  }, 30_000);
});

describe('the retry settings', () => {
  it('refuses a HALTED threshold below one failure with TW_KERNEL_WRITE_RETRY', async () => {
    const config = await shippedConfig();
    const store = await openStore(':memory:');
    try {
      const make = () => new Kernel({ config, store, feed: createSimMarket({ seed: 1 }), broker: createPaperBroker(), clock: new ManualClock(0), writeRetry: { haltAfter: 0 } });
      expect(make).toThrow(expect.objectContaining({ code: 'TW_KERNEL_WRITE_RETRY', message: expect.stringContaining('writeRetry.haltAfter is 0') }));
    } finally {
      await store.close();
    }
  });
});

const fs = useTmpfs(8, 'tw-tmpfs-k-');
if ('skip' in fs) console.log(`skipping the restart-on-a-full-disk test: ${fs.skip}`);

function fill(path: string): void {
  const fd = openSync(path, 'w');
  try {
    for (const size of [1 << 16, 4096, 512, 1]) {
      try {
        for (;;) writeSync(fd, Buffer.alloc(size, 1));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      }
    }
  } finally {
    closeSync(fd);
  }
}

describe.skipIf('skip' in fs)('a restart on a full disk (tmpfs)', () => {
  it('starts, says why it cannot write (coded, with the free space), sends nothing, and carries on once there is room', async () => {
    const root = 'dir' in fs ? fs.dir : '';
    mkdirSync(join(root, 'db'), { recursive: true });
    const file = join(root, 'db', 'tw.duckdb');
    const first = await kernelOn(file);
    for (let i = 0; i < 25; i++) await first.kernel.step();
    const seq = first.kernel.status().seq;
    await first.kernel.close();
    kernels.splice(kernels.indexOf(first.kernel), 1);

    const filler = join(root, 'filler');
    fill(filler);
    const again = await kernelOn(file);
    expect(again.kernel.status().seq).toBe(seq);
    const placesBefore = again.calls.filter((c) => c.startsWith('place ')).length;
    const err = await again.kernel.step().catch((e: unknown) => e);
    expect(isTickwiseError(err) && err.code).toBe('TW_STORE_DISK_FULL');
    expect((err as Error).message).toMatch(/\(0 B free\)/);
    expect(again.events.some((e) => e.type === 'alert' && e.alert.severity === 'critical' && e.alert.message.includes('TW_STORE_DISK_FULL'))).toBe(true);
    expect(again.calls.filter((c) => c.startsWith('place ')).length).toBe(placesBefore);

    unlinkSync(filler);
    const summary = await again.kernel.step();
    expect(summary?.seq).toBe(seq + 1);
    expect(again.kernel.status().storeWrite).toBeNull();
  }, 30_000);
});
