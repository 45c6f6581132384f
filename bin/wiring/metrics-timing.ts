/**
 * Tick timing without the engine reading the wall clock: the feed, the broker and the store are wrapped (a Proxy that
 * times a few methods and passes everything else through), and the kernel's own `tick` event ends the tick. A tick
 * starts when the feed's `next()` resolves with it and ends when the kernel publishes it (after the commit and the
 * broker calls). Its phases:
 *
 * - broker: `observe` and `drainEvents` (simulated brokers match orders there);
 * - ingest: `beginTick` and `ingestMarket` (the tick's market into the store);
 * - commit: `commitTick` and `rollbackTick` (the tick's transaction);
 * - send: `place`, `cancel` and `replace` (after the commit);
 * - evaluate: the rest (facts, rules, risk gate, machines, entries).
 *
 * Calls outside a tick (recovery, the API's reads) are not counted, nor is a tick whose commit failed (its retry comes
 * after a backoff sleep, which is no part of a tick). See docs/metrics.md.
 */
import { performance } from 'node:perf_hooks';
import type { Kernel } from '../../engine/kernel/index.ts';
import type { Broker, MarketFeed } from '../../engine/ports/index.ts';
import type { Store } from '../../engine/store/index.ts';
import type { TickPhase, TickTiming } from '../../adapters/http/index.ts';

type Measured = Exclude<TickPhase, 'evaluate'>;

const BROKER_PHASES: Record<string, Measured> = { observe: 'broker', drainEvents: 'broker', place: 'send', cancel: 'send', replace: 'send' };
const STORE_PHASES: Record<string, Measured> = { beginTick: 'ingest', ingestMarket: 'ingest', commitTick: 'commit', rollbackTick: 'commit' };

export interface TickTimer {
  feed: MarketFeed;
  broker: Broker;
  store: Store;
  /** Reports every published tick's timing to `onTick` until the returned function is called. */
  bind(kernel: Pick<Kernel, 'subscribe'>, onTick: (t: TickTiming) => void): () => void;
}

/** Wraps the adapters and the store the kernel will be given; `now` is in milliseconds (default performance.now). */
export function tickTimer(adapters: { feed: MarketFeed; broker: Broker; store: Store }, now: () => number = () => performance.now()): TickTimer {
  let start: number | null = null;
  let spent: Partial<Record<Measured, number>> = {};
  const add = (phase: Measured, ms: number) => {
    if (start !== null) spent[phase] = (spent[phase] ?? 0) + ms;
  };

  function timed<T extends object>(target: T, phases: Record<string, Measured>, onNext?: (value: unknown) => void): T {
    return new Proxy(target, {
      get(t, prop) {
        const value = Reflect.get(t, prop, t) as unknown;
        if (typeof value !== 'function') return value;
        const fn = value as (...a: unknown[]) => unknown;
        const phase = typeof prop === 'string' ? phases[prop] : undefined;
        if (prop === 'next' && onNext) {
          return (...args: unknown[]) => (fn.apply(t, args) as Promise<unknown>).then((v) => (onNext(v), v));
        }
        if (!phase) return fn.bind(t);
        return (...args: unknown[]) => {
          const t0 = now();
          const out = fn.apply(t, args);
          if (out instanceof Promise) {
            return out.then((v) => (add(phase, now() - t0), v), (err: unknown) => {
              // A commit the store refused: the kernel retries it later (after a backoff), so this tick is not timed.
              if (prop === 'commitTick') start = null;
              throw err;
            });
          }
          add(phase, now() - t0);
          return out;
        };
      },
    });
  }

  const feed = timed(adapters.feed, {}, (tick) => {
    start = tick ? now() : null;
    spent = {};
  });
  return {
    feed,
    broker: timed(adapters.broker, BROKER_PHASES),
    store: timed(adapters.store, STORE_PHASES),
    bind(kernel, onTick) {
      return kernel.subscribe((e) => {
        if (e.type !== 'tick' || start === null) return;
        const totalMs = now() - start;
        const measured = Object.values(spent).reduce((a, b) => a + b, 0);
        const phases: TickTiming['phases'] = {};
        for (const [p, ms] of Object.entries(spent)) phases[p as Measured] = ms / 1000;
        phases.evaluate = Math.max(0, totalMs - measured) / 1000;
        start = null;
        spent = {};
        onTick({ totalSeconds: totalMs / 1000, phases });
      });
    },
  };
}
