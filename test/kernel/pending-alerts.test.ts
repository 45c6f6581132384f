/**
 * The alert outbox on a real DuckDB store: alerts raised outside a tick's batch are written at once when no tick is
 * open, otherwise carried into the next batch; a batch that is rolled back hands them to the next one; none is ever
 * stored twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPaperBroker, createSimMarket } from '../../adapters/sim/index.ts';
import type { MarketTick } from '../../engine/domain/index.ts';
import { carryAlerts, flushAlerts, queueAlerts } from '../../engine/kernel/pending-alerts.ts';
import { KernelState } from '../../engine/kernel/state.ts';
import { TickWork } from '../../engine/kernel/tick-work.ts';
import type { AlertRecord } from '../../engine/kernel/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore, type Store } from '../../engine/store/index.ts';
import { shippedConfig } from './helpers.ts';

let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

async function state(): Promise<KernelState> {
  const config = await shippedConfig();
  store = await openStore(':memory:');
  return new KernelState({ config, store, feed: createSimMarket({ seed: 1 }), broker: createPaperBroker({ startingCashCents: 1_000_000 }), clock: new ManualClock(0) });
}

const tick = (time: number): MarketTick => ({ time, underlyings: [], quotes: [] });
const alert = (message: string): AlertRecord => ({ time: 1000, severity: 'critical', source: 'broker', positionId: null, message });
const stored = async (s: Store) => (await s.reads.alerts({ limit: 100 })).map((a) => a.message).sort();

/** Commits the tick `w` as the kernel does (tick row and its alerts), and moves the kernel's sequence on. */
async function commit(k: KernelState, w: TickWork): Promise<void> {
  await k.store.commitTick({ seq: w.seq, time: w.time, configVersion: 'v', alerts: w.alerts });
  k.seq = w.seq;
}

describe('the alert outbox', () => {
  it('writes queued alerts at once when no tick is open, and does not hand them to the next tick again', async () => {
    const k = await state();
    queueAlerts(k, [alert('a'), alert('b')], true);
    await flushAlerts(k);
    expect(await stored(k.store)).toEqual(['a', 'b']);
    const w = new TickWork(tick(2000), 1);
    carryAlerts(k, w);
    expect(w.alerts).toEqual([]);
    expect(w.events).toEqual([]);
  });

  it('carries alerts raised while a tick is open into the next batch, and publishes each once', async () => {
    const k = await state();
    await k.store.beginTick();
    queueAlerts(k, [alert('during an open tick')], false);
    await flushAlerts(k); // a tick is open: nothing is written beside it
    const w = new TickWork(tick(2000), 1);
    carryAlerts(k, w);
    expect(w.alerts.map((a) => a.message)).toEqual(['during an open tick']);
    expect(w.events).toEqual([{ type: 'alert', alert: alert('during an open tick') }]);
    await commit(k, w);
    const next = new TickWork(tick(3000), 2);
    carryAlerts(k, next);
    await flushAlerts(k);
    expect(next.alerts).toEqual([]);
    expect(await stored(k.store)).toEqual(['during an open tick']);
  });

  it('hands the alerts of a batch that was rolled back to the next tick, so they are stored exactly once', async () => {
    const k = await state();
    queueAlerts(k, [alert('x')], true);
    await k.store.beginTick();
    const failed = new TickWork(tick(2000), 1);
    carryAlerts(k, failed);
    expect(failed.alerts).toHaveLength(1);
    await k.store.rollbackTick(); // the tick failed: k.seq stays 0
    await k.store.beginTick();
    const retry = new TickWork(tick(3000), 1);
    carryAlerts(k, retry);
    expect(retry.alerts.map((a) => a.message)).toEqual(['x']);
    expect(retry.events).toEqual([]); // published before
    await commit(k, retry);
    await flushAlerts(k);
    const after = new TickWork(tick(4000), 2);
    carryAlerts(k, after);
    expect(after.alerts).toEqual([]);
    expect(await stored(k.store)).toEqual(['x']);
  });
});
