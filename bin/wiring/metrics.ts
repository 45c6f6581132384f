/**
 * The metrics of `tickwise start`: one registry for the process's API (created here, before the kernel, so the tick
 * timer, the reloader and the notifier can report into it), the timed adapters the kernel is given, and the reload
 * results the kernel never sees (failed reloads). `GET /metrics` serves them (adapters/http/metrics.ts).
 */
import { createAppMetrics, type AppMetrics, type MetricsSink } from '../../adapters/http/index.ts';
import type { Kernel } from '../../engine/kernel/index.ts';
import type { Broker, MarketFeed } from '../../engine/ports/index.ts';
import type { Store } from '../../engine/store/index.ts';
import { tickTimer } from './metrics-timing.ts';
import type { ReloadEvent } from './reload.ts';

export interface MetricsWiring {
  metrics: AppMetrics;
  /** What the notifier and the advisor report into. */
  sink: MetricsSink;
  /** The feed, broker and store to hand the kernel (timed). */
  adapters: { feed: MarketFeed; broker: Broker; store: Store };
  /** Starts timing the kernel's ticks; returns the stop. */
  bind(kernel: Pick<Kernel, 'subscribe'>): () => void;
  /** For the reloader's `onEvent`: counts failed reloads (applied ones are counted from the kernel's reload event). */
  reloadEvent(e: ReloadEvent): void;
}

export function wireMetrics(adapters: { feed: MarketFeed; broker: Broker; store: Store }, metrics: AppMetrics = createAppMetrics()): MetricsWiring {
  const timer = tickTimer(adapters);
  return {
    metrics,
    sink: metrics.sink,
    adapters: { feed: timer.feed, broker: timer.broker, store: timer.store },
    bind: (kernel) => timer.bind(kernel, (t) => metrics.sink.tickTimed(t)),
    reloadEvent(e) {
      if (e.type === 'result' && !e.result.ok) metrics.sink.reload(false);
    },
  };
}
