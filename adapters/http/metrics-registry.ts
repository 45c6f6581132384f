/**
 * The metrics of one app instance: a prom-client `Registry` of its own (never the global one), the process metrics
 * (`collectDefaultMetrics`, prefix `tickwise_`) registered once on it, and every tickwise metric of docs/metrics.md.
 * Counters move on what the kernel publishes (metrics-collect.ts); gauges are read at scrape time from the kernel's
 * status, its last facts and the store (metrics-gauges.ts). The notifier, the advisor, the reloader and the tick timer
 * report through `MetricsSink`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const METRICS_PREFIX = 'tickwise_';

/** The phases of a tick the wiring's timer measures (bin/wiring/metrics-timing.ts). */
export const TICK_PHASES = ['broker', 'ingest', 'evaluate', 'commit', 'send'] as const;
export type TickPhase = (typeof TICK_PHASES)[number];

/** One tick's wall-clock time, measured outside the engine (the kernel never reads the wall clock). */
export interface TickTiming {
  totalSeconds: number;
  phases: Partial<Record<TickPhase, number>>;
}

/**
 * What other parts of the process report into the metrics. The notifier calls `alertDelivery` once per delivery
 * attempt that ended (sent, or failed for good or for this try), the advisor `advisorCall` once per call.
 */
export interface MetricsSink {
  alertDelivery(channel: string, ok: boolean): void;
  advisorCall(ok: boolean, seconds: number): void;
  /** A reload attempt: applied (the kernel made it current) or failed (it did not validate, or the policy refused it). */
  reload(ok: boolean): void;
  tickTimed(timing: TickTiming): void;
}

const TICK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const ADVISOR_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

function define(registry: Registry) {
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name: METRICS_PREFIX + name, help, labelNames, registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name: METRICS_PREFIX + name, help, labelNames, registers });
  return {
    tickDuration: new Histogram({ name: `${METRICS_PREFIX}tick_duration_seconds`, help: 'Wall time of one tick, from the feed delivering it to its events being published (broker calls included)', buckets: TICK_BUCKETS, registers }),
    tickPhase: new Histogram({ name: `${METRICS_PREFIX}tick_phase_duration_seconds`, help: 'Wall time of one phase of a tick: broker (observe, drain events), ingest (market into the store), evaluate (facts, rules, machines, entries), commit (the transaction), send (broker calls after the commit)', labelNames: ['phase'] as const, buckets: TICK_BUCKETS, registers }),
    ticks: counter('ticks_total', 'Ticks committed and published by this process'),
    decisions: counter('decisions_total', 'Decisions published, by rule, action and outcome (applied, blocked, ignored)', ['rule', 'action', 'outcome'] as const),
    orders: counter('orders_total', 'Order status changes published: orders created (pending) and every status they reached', ['status'] as const),
    fills: counter('fills_total', 'Fills recorded'),
    entered: counter('positions_entered_total', 'Positions entered'),
    closed: counter('positions_closed_total', 'Positions closed'),
    alerts: counter('alerts_total', 'Alerts the kernel raised (stored and published), by severity: info, warning, critical', ['severity'] as const),
    reloads: counter('reloads_total', 'Config reloads: applied (made current by the kernel) or failed (invalid, refused)', ['result'] as const),
    deliveries: counter('alert_deliveries_total', 'Alert deliveries by channel: sent or failed', ['channel', 'result'] as const),
    advisorCalls: counter('advisor_calls_total', 'Advisor calls: ok or failed', ['result'] as const),
    advisorLatency: new Histogram({ name: `${METRICS_PREFIX}advisor_call_duration_seconds`, help: 'Wall time of one advisor call', buckets: ADVISOR_BUCKETS, registers }),
    openPositions: gauge('open_positions', 'Positions not closed, by strategy', ['strategy'] as const),
    equity: gauge('equity_dollars', 'Equity at the last committed tick, in dollars (NaN before the first)'),
    pnl: gauge('pnl_dollars', 'Realised plus unrealised P&L of the whole book since the start, in dollars'),
    realized: gauge('realized_pnl_dollars', 'Realised P&L of the closed positions in the store, in dollars'),
    unrealized: gauge('unrealized_pnl_dollars', 'P&L not yet realised: pnl_dollars minus realized_pnl_dollars'),
    tradingState: gauge('trading_state', 'The trading state that applies now: 1 for the current state, 0 for the others', ['state'] as const),
    latchedState: gauge('latched_trading_state', 'The trading state operators and rules set (what DEGRADED returns to): 1 for the current', ['state'] as const),
    entriesHalted: gauge('entries_halted', '1 while new entries are halted, else 0'),
    broker: gauge('broker_status', 'The broker connection: 1 for the current status (connected, degraded, disconnected), 0 for the others', ['status'] as const),
    lines: gauge('market_data_lines', 'Market-data lines in use (IB); NaN for feeds without a line limit'),
    degradedReason: gauge('degraded_reason', 'Why the market data is not trusted: 1 for each reason that holds now (stale-marks, underlying, silent-feed, data-farm)', ['kind'] as const),
    staleLegs: gauge('stale_legs', 'Held legs whose mark is stale (last good quote older than marks.maxAgeSec), over all open positions'),
    unquotedLegs: gauge('unquoted_legs', 'Held legs without a usable quote on the last tick, over all open positions'),
    staleMarkPositions: gauge('positions_mark_stale', 'Open positions with a stale mark'),
    markAge: gauge('mark_age_max_seconds', "The oldest leg mark's age among open positions, in seconds of the tick clock (0 when every leg is quoted)"),
    marksComplete: gauge('marks_complete', '1 when every open position could be marked on the last tick, else 0'),
    storeWriteFailures: gauge('store_write_failures', 'Consecutive failed commits of the current tick (disk full, I/O error); 0 when the store writes'),
    lastSeq: gauge('last_tick_seq', 'The last committed tick'),
    lastTickTime: gauge('last_tick_time_seconds', "The last committed tick's time (the tick clock, epoch seconds)"),
    config: gauge('config_info', 'The running config version: 1 for it', ['version'] as const),
  };
}

export type MetricSet = ReturnType<typeof define>;

export interface AppMetrics {
  readonly registry: Registry;
  readonly m: MetricSet;
  readonly sink: MetricsSink;
}

/** A fresh registry with the process metrics and every tickwise metric, the zero-valued series pre-created. */
export function createAppMetrics(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRICS_PREFIX });
  const m = define(registry);
  for (const result of ['applied', 'failed']) m.reloads.labels(result).inc(0);
  for (const result of ['ok', 'failed']) m.advisorCalls.labels(result).inc(0);
  for (const severity of ['info', 'warning', 'critical']) m.alerts.labels(severity).inc(0);
  const channels = new Set<string>();
  const sink: MetricsSink = {
    alertDelivery(channel, ok) {
      // A channel's first delivery creates both of its series, so a rate of failures is 0, not absent.
      if (!channels.has(channel)) {
        channels.add(channel);
        for (const r of ['sent', 'failed']) m.deliveries.labels(channel, r).inc(0);
      }
      m.deliveries.labels(channel, ok ? 'sent' : 'failed').inc();
    },
    advisorCall(ok, seconds) {
      m.advisorCalls.labels(ok ? 'ok' : 'failed').inc();
      if (Number.isFinite(seconds) && seconds >= 0) m.advisorLatency.observe(seconds);
    },
    reload(ok) {
      m.reloads.labels(ok ? 'applied' : 'failed').inc();
    },
    tickTimed(t) {
      if (!Number.isFinite(t.totalSeconds) || t.totalSeconds < 0) return;
      m.tickDuration.observe(t.totalSeconds);
      for (const [phase, s] of Object.entries(t.phases)) if (Number.isFinite(s) && s >= 0) m.tickPhase.labels(phase).observe(s);
    },
  };
  return { registry, m, sink };
}
