/**
 * `tickwise start`'s notifier: the delivery worker (adapters/notify) on the kernel's store, woken after every commit
 * that wrote alerts, reconfigured when a reload changes alerts.yaml. It also raises the alerts the kernel does not:
 * fills (info, kind `fill`), exits unfilled after 15 min (warning, `unfilled-exit`, notify-unfilled.ts), a broker
 * down for 60 s (critical, `broker-down`, notify-broker.ts), refused or failed reloads (warning, `reload`), the daily
 * summary (info, `summary`, notify-summary.ts) and a channel that keeps failing (critical, `notify:<channel>`). All go through the kernel: stored and published with its next tick, like
 * any other alert. Secrets come from the process environment.
 */
import type { Kernel } from '../../engine/kernel/index.ts';
import { formatTemplate, registry } from '../../engine/errors/index.ts';
import { channelEnvNames, NotifyWorker, type Env, type NotifyLog } from '../../adapters/notify/index.ts';
import type { ResolvedAlerts } from '../../engine/config/index.ts';
import type { ReloadEvent } from './reload.ts';
import { createDailySummary } from './notify-summary.ts';
import { createUnfilledExits } from './notify-unfilled.ts';
import { createBrokerDown } from './notify-broker.ts';

export interface Notifier {
  readonly worker: NotifyWorker;
  /** A hot reload's outcome: a refused or failed one raises a warning alert (kind `reload`). */
  reload(e: ReloadEvent): void;
  close(): Promise<void>;
}

/** One warning line per secret variable a channel needs that is not set (the channel fails until it is). */
export function missingSecrets(alerts: ResolvedAlerts | null | undefined, env: Env): string[] {
  const spec = registry.TW_NOTIFY_ENV_MISSING;
  return (alerts?.channels ?? []).filter((c) => c.enabled).flatMap((c) =>
    channelEnvNames(c).filter((v) => !env[v.env]).map((v) => `warning TW_NOTIFY_ENV_MISSING ${formatTemplate(spec.message, { name: c.name, env: v.env, what: v.what })} (${formatTemplate(spec.hint, { env: v.env })})`));
}

export function startNotifier(opts: { kernel: Kernel; env: Env; log: NotifyLog; warn?: (line: string) => void; onAttempt?: (channel: string, ok: boolean) => void }): Notifier {
  const { kernel } = opts;
  let alerts = kernel.config.alerts ?? null;
  for (const line of missingSecrets(alerts, opts.env)) opts.warn?.(line);
  const worker = new NotifyWorker({ store: kernel.store, alerts, env: opts.env, log: opts.log, onAttempt: opts.onAttempt, raise: (a) => kernel.queueAlert({ ...a, severity: 'critical' }) });
  let sawAlert = true;
  const summary = createDailySummary(kernel.store.reads, (a) => kernel.queueAlert({ ...a, severity: 'info' }));
  const unfilled = createUnfilledExits((a) => kernel.queueAlert({ ...a, severity: 'warning' }));
  const brokerDown = createBrokerDown((a) => kernel.queueAlert({ ...a, severity: 'critical' }));
  const off = kernel.subscribe((e) => {
    if (e.type === 'alert') sawAlert = true;
    // Fills are info alerts (kind `fill`), stored and published with the next tick.
    if (e.type === 'order') unfilled.order(e.order, kernel.status().lastTickTime ?? 0);
    if (e.type === 'order' && e.order.status === 'filled') {
      const o = e.order;
      kernel.queueAlert({ time: kernel.status().lastTickTime ?? 0, severity: 'info', source: 'fill', positionId: o.positionId, message: `filled: ${o.purpose} order ${o.clientOrderId} of ${o.positionId}` });
    }
    if (e.type !== 'tick') return;
    unfilled.tick(e.summary.time);
    brokerDown(e.summary);
    summary(e.summary).catch((err) => opts.log.error({ err }, 'the daily summary could not be built'));
    const now = kernel.config.alerts ?? null;
    if (now !== alerts) {
      alerts = now;
      worker.reconfigure(alerts);
      for (const line of missingSecrets(alerts, opts.env)) opts.warn?.(line);
    }
    if (!sawAlert) return;
    sawAlert = false;
    worker.kick();
  });
  worker.kick();
  return {
    worker,
    reload(e) {
      if (e.type !== 'result' || e.result.unchanged) return;
      const errors = e.result.errors ?? [];
      if (!errors.length && !e.result.refused) return;
      const first = errors[0] ? `; first: ${errors[0].file}:${errors[0].line}:${errors[0].col} ${errors[0].code} ${errors[0].message}` : '';
      const message = e.result.refused ? `config reload refused (${e.reason}): ${e.result.refused}` : `config reload failed (${e.reason}): ${errors.length} error(s)${first}; the running version stays in force`;
      kernel.queueAlert({ time: kernel.status().lastTickTime ?? e.at, severity: 'warning', source: 'reload', positionId: null, message });
    },
    async close() {
      off();
      // The last tick's alerts get a short chance to go out; whatever is left is sent at the next start.
      worker.kick();
      await Promise.race([worker.idle(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      await worker.close();
    },
  };
}
