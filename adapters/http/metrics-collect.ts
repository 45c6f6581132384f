/**
 * Counters from what the kernel publishes after each commit: ticks, fills, entries and closes from the tick's summary,
 * decisions by rule, action and outcome (applied entries from their `ENTRY:` transition, which is all the kernel
 * publishes of them), order status changes, alerts by severity, and applied reloads. Nothing here reads engine state:
 * a counter moves exactly when the kernel publishes the event that the store already holds.
 */
import type { Kernel, KernelEvent } from '../../engine/kernel/index.ts';
import type { AppMetrics } from './metrics-registry.ts';

/** Subscribes the metrics to the kernel's events; returns the unsubscription. */
export function collectKernelEvents(kernel: Pick<Kernel, 'subscribe'>, metrics: AppMetrics): () => void {
  const { m, sink } = metrics;
  return kernel.subscribe((e: KernelEvent) => {
    switch (e.type) {
      case 'tick':
        m.ticks.inc();
        m.fills.inc(e.summary.fills);
        m.entered.inc(e.summary.entered);
        m.closed.inc(e.summary.closed);
        return;
      case 'decision':
        m.decisions.labels(e.decision.rule, e.decision.action, e.decision.outcome).inc();
        return;
      case 'order':
        m.orders.labels(e.order.status).inc();
        return;
      case 'reload':
        // Published when the kernel made a new version current: an applied reload. Failed attempts never reach the
        // kernel; the reloader's wiring reports them (`sink.reload(false)`).
        if (e.ok) sink.reload(true);
        return;
      case 'transition':
        // An applied entry is stored as the decision `entry:<strategy>` / `open` but published as its transition only.
        if (e.transition.from === 'none' && e.transition.event.startsWith('ENTRY:')) {
          m.decisions.labels(`entry:${e.transition.event.slice('ENTRY:'.length)}`, 'open', 'applied').inc();
        }
        return;
      case 'alert':
        m.alerts.labels(e.alert.severity).inc();
        return;
    }
  });
}
