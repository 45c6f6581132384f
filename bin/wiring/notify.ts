/**
 * `tickwise start`'s notifier: the delivery worker (adapters/notify) on the kernel's store, woken after every commit
 * that wrote alerts, reconfigured when a reload changes alerts.yaml. A channel that keeps failing raises its alert
 * through the kernel (stored and published like any other). Secrets come from the process environment.
 */
import type { Kernel } from '../../engine/kernel/index.ts';
import { formatTemplate, registry } from '../../engine/errors/index.ts';
import { channelEnvNames, NotifyWorker, type Env, type NotifyLog } from '../../adapters/notify/index.ts';
import type { ResolvedAlerts } from '../../engine/config/index.ts';

export interface Notifier {
  readonly worker: NotifyWorker;
  close(): Promise<void>;
}

/** One warning line per secret variable a channel needs that is not set (the channel fails until it is). */
export function missingSecrets(alerts: ResolvedAlerts | null | undefined, env: Env): string[] {
  const spec = registry.TW_NOTIFY_ENV_MISSING;
  return (alerts?.channels ?? []).filter((c) => c.enabled).flatMap((c) =>
    channelEnvNames(c).filter((v) => !env[v.env]).map((v) => `warning TW_NOTIFY_ENV_MISSING ${formatTemplate(spec.message, { name: c.name, env: v.env, what: v.what })} (${formatTemplate(spec.hint, { env: v.env })})`));
}

export function startNotifier(opts: { kernel: Kernel; env: Env; log: NotifyLog; warn?: (line: string) => void }): Notifier {
  const { kernel } = opts;
  let alerts = kernel.config.alerts ?? null;
  for (const line of missingSecrets(alerts, opts.env)) opts.warn?.(line);
  const worker = new NotifyWorker({ store: kernel.store, alerts, env: opts.env, log: opts.log, raise: (a) => kernel.queueAlert({ ...a, severity: 'critical' }) });
  let sawAlert = true;
  const off = kernel.subscribe((e) => {
    if (e.type === 'alert') sawAlert = true;
    if (e.type !== 'tick') return;
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
    async close() {
      off();
      await worker.drain().catch(() => undefined);
      await worker.close();
    },
  };
}
