/**
 * The delivery worker (docs/alerts.md § The outbox). After each commit (`kick`) it plans deliveries for the alerts
 * past its cursor, then sends the due ones: each channel's in order, the channels side by side. Outcomes go to the
 * store at once: `sent` (never sent again), `pending` with the next attempt after an exponential backoff (capped), or
 * `failed` after `maxAttempts`. Nothing is marked in flight: a kill during a send leaves the row pending, and the
 * restarted worker sends it again with the same idempotency key (at least once; the key lets receivers drop repeats).
 * A channel that fails `failureAlertAfter` attempts in a row raises a critical alert (`notify:<channel>`) for the others.
 */
import type { ResolvedAlerts, ResolvedChannel } from '../../engine/config/index.ts';
import { twError } from '../../engine/errors/index.ts';
import { DELIVERY_DEFAULTS } from '../../engine/config/index.ts';
import type { AlertDeliveryRow, AlertOutbox, AlertRow, OutboxAlert, Store } from '../../engine/store/index.ts';
import { createChannel } from './channels.ts';
import { formatMessage } from './format.ts';
import { planDeliveries } from './planner.ts';
import { failureSource } from './router.ts';
import type { Channel, Env } from './types.ts';

export interface NotifyLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface NotifyWorkerOptions {
  store: Store;
  alerts: ResolvedAlerts | null;
  env: Env;
  /** The wall clock (tests pass their own). */
  now?: () => number;
  log?: NotifyLog;
  /** Raises an alert (the kernel stores and publishes it with its next tick). */
  raise?: (alert: AlertRow) => void;
  /** Told of every attempt that ended: sent (true) or failed (false); the metrics count them. */
  onAttempt?: (channel: string, ok: boolean) => void;
}

/** The wait before attempt `attempts + 1`: initial × 2^(attempts − 1), capped (ms). */
export function backoffMs(attempts: number, d: ResolvedAlerts['delivery']): number {
  return Math.min(d.maxBackoffSec, d.initialBackoffSec * 2 ** Math.max(0, attempts - 1)) * 1000;
}

export class NotifyWorker {
  private readonly opts: NotifyWorkerOptions;
  private readonly now: () => number;
  private config: ResolvedAlerts;
  private channels = new Map<string, { cfg: ResolvedChannel; channel: Channel }>();
  private readonly failuresInARow = new Map<string, number>();
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(opts: NotifyWorkerOptions) {
    this.opts = opts;
    this.now = opts.now ?? Date.now;
    this.config = { channels: [], delivery: DELIVERY_DEFAULTS };
    this.reconfigure(opts.alerts);
  }

  /** Applies a new alerts.yaml (hot reload): channels are rebuilt; pending rows of removed channels wait. */
  reconfigure(alerts: ResolvedAlerts | null): void {
    for (const c of this.channels.values()) c.channel.close?.();
    this.config = alerts ?? { channels: [], delivery: DELIVERY_DEFAULTS };
    this.channels = new Map(this.config.channels.filter((c) => c.enabled).map((cfg) => [cfg.name, { cfg, channel: createChannel(cfg, this.opts.env) }]));
  }

  /** Plans and sends what is due, soon (coalesced: a kick during a run runs once more after it). */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = null));
  }

  /** Runs until nothing is due now (tests, and the last pass before closing). */
  async drain(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    if (this.closed) return;
    const run = this.pass();
    this.running = run.catch(() => undefined).finally(() => (this.running = null));
    await run;
  }

  /** Waits for the pass under way (if any). */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  /** Stops: no new attempt starts; the one under way ends within `timeoutSec`. Pending rows wait for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await this.running.catch(() => undefined);
    for (const c of this.channels.values()) c.channel.close?.();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.pass();
      } catch (err) {
        this.opts.log?.error({ err }, 'the notification worker failed a pass; it tries again after the next commit');
      }
    } while (this.again && !this.closed);
    await this.schedule();
  }

  /** One pass: plan every new alert, then send every due delivery. */
  private async pass(): Promise<void> {
    const outbox = await this.opts.store.outbox();
    for (;;) {
      const after = await outbox.cursor();
      const alerts = await outbox.alertsAfter(after);
      if (alerts.length === 0) break;
      const rows = await planDeliveries(outbox, [...this.channels.values()].map((c) => c.cfg), alerts, this.now());
      await outbox.plan(rows, alerts[alerts.length - 1].id);
    }
    const due = await outbox.due(this.now(), [...this.channels.keys()]);
    const byChannel = new Map<string, typeof due>();
    for (const d of due) byChannel.set(d.delivery.channel, [...(byChannel.get(d.delivery.channel) ?? []), d]);
    await Promise.all([...byChannel.values()].map(async (list) => {
      for (const d of list) if (!this.closed) await this.attempt(outbox, d.delivery, d.alert);
    }));
  }

  private async attempt(outbox: AlertOutbox, row: AlertDeliveryRow, alert: OutboxAlert): Promise<void> {
    const c = this.channels.get(row.channel);
    if (!c) return;
    const d = this.config.delivery;
    const at = this.now();
    const attempts = row.attempts + 1;
    try {
      const text = formatMessage(c.cfg.template, alert, { repeats: row.repeats, channel: c.cfg.name });
      await c.channel.send({ idempotencyKey: row.idempotencyKey, text, alert, repeats: row.repeats, at }, AbortSignal.timeout(d.timeoutSec * 1000));
    } catch (e) {
      const reason = (e as Error).message ?? String(e);
      const giveUp = attempts >= d.maxAttempts;
      await outbox.record(row.idempotencyKey, { status: giveUp ? 'failed' : 'pending', attempts, at, nextAttemptAt: giveUp ? null : at + backoffMs(attempts, d), error: reason });
      const err = twError('TW_NOTIFY_DELIVERY_FAILED', { channel: row.channel, alertId: row.alertId, reason });
      this.opts.log?.warn({ code: err.code, channel: row.channel, alertId: row.alertId, attempts, giveUp }, `${err.message}${giveUp ? ' (given up)' : ' (retrying with backoff)'}`);
      this.failed(c.cfg.name, reason, at);
      this.opts.onAttempt?.(row.channel, false);
      return;
    }
    await outbox.record(row.idempotencyKey, { status: 'sent', attempts, at });
    this.opts.onAttempt?.(row.channel, true);
    this.failuresInARow.set(c.cfg.name, 0);
  }

  private failed(channel: string, reason: string, at: number): void {
    const n = (this.failuresInARow.get(channel) ?? 0) + 1;
    this.failuresInARow.set(channel, n);
    if (n !== this.config.delivery.failureAlertAfter) return;
    this.opts.raise?.({ time: at, severity: 'critical', source: failureSource(channel), positionId: null, message: `notification channel "${channel}" failed ${n} times in a row (last: ${reason}); its alerts wait in the outbox` });
  }

  /** Wakes up for the next retry (unref'd: it never keeps the process alive). */
  private async schedule(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const next = await (await this.opts.store.outbox()).nextDue([...this.channels.keys()]).catch(() => null);
    if (next === null || this.closed) return;
    this.timer = setTimeout(() => this.kick(), Math.max(50, next - this.now()));
    this.timer.unref();
  }
}
