import { describe, expect, it } from 'vitest';
import type { KernelEvent } from '../../../engine/kernel/index.ts';
import type { Broker, MarketFeed } from '../../../engine/ports/index.ts';
import type { Store } from '../../../engine/store/index.ts';
import { tickTimer } from '../../../bin/wiring/metrics-timing.ts';
import type { TickTiming } from '../../../adapters/http/index.ts';

/** A clock the fakes advance: each call of a timed method takes the milliseconds it is given. */
function setup(opts: { failCommit?: boolean } = {}) {
  let t = 1000;
  const spend = (ms: number) => { t += ms; };
  const feed = { name: 'fake', next: async () => { spend(50); return { time: 0 }; }, checkpoint: () => ({ at: 1 }) } as unknown as MarketFeed;
  const broker = {
    observe: () => spend(2), drainEvents: () => { spend(3); return []; }, place: async () => spend(7), connect: async () => spend(100),
  } as unknown as Broker;
  class FakeStore {
    #secret = 42;
    get secret() { return this.#secret; }
    async beginTick() { spend(1); }
    async ingestMarket() { spend(4); }
    async commitTick() { spend(10); if (opts.failCommit) throw new Error('disk full'); }
  }
  const store = new FakeStore() as unknown as Store;
  const listeners: ((e: KernelEvent) => void)[] = [];
  const kernel = { subscribe: (l: (e: KernelEvent) => void) => { listeners.push(l); return () => undefined; } };
  const timer = tickTimer({ feed, broker, store }, () => t);
  const seen: TickTiming[] = [];
  timer.bind(kernel, (x) => seen.push(x));
  const publish = () => listeners.forEach((l) => l({ type: 'tick', summary: { seq: 1 } } as KernelEvent));
  return { timer, spend, seen, publish, store };
}

describe('the tick timer of the wiring', () => {
  it('times a tick from the feed delivering it to its publication, split into phases that add up', async () => {
    const { timer, spend, seen, publish } = setup();
    await timer.broker.connect(); // outside a tick: not counted
    await timer.feed.next();
    timer.broker.observe!({} as never);
    timer.broker.drainEvents();
    await timer.store.beginTick();
    await timer.store.ingestMarket({} as never);
    spend(20); // facts, rules, machines
    await timer.store.commitTick({} as never);
    await timer.broker.place({} as never);
    publish();
    expect(seen).toEqual([{ totalSeconds: 0.047, phases: { broker: 0.005, ingest: 0.005, evaluate: 0.02, commit: 0.01, send: 0.007 } }]);
    publish(); // a tick event without a tick the feed delivered (nothing started): not timed
    expect(seen).toHaveLength(1);
  });

  it('passes everything else through: other methods, getters over private fields, optional methods left out', async () => {
    const { timer, store } = setup();
    expect((timer.store as unknown as { secret: number }).secret).toBe(42);
    expect(timer.store).toBeInstanceOf(store.constructor as new () => unknown);
    expect(timer.feed.checkpoint?.()).toEqual({ at: 1 });
    expect(timer.broker.cancel).toBeUndefined();
  });

  it('does not time a tick whose commit failed (its retry comes after a backoff)', async () => {
    const { timer, seen, publish } = setup({ failCommit: true });
    await timer.feed.next();
    await expect(timer.store.commitTick({} as never)).rejects.toThrow('disk full');
    publish();
    expect(seen).toEqual([]);
  });
});
