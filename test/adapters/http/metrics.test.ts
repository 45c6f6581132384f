import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { register } from 'prom-client';
import { buildApi, routeTable, tokenNeeded } from '../../../adapters/http/index.ts';
import type { KernelEvent } from '../../../engine/kernel/index.ts';
import { Kernel } from '../../../engine/kernel/index.ts';
import { ManualClock } from '../../../engine/ports/index.ts';
import { openStore } from '../../../engine/store/index.ts';
import { createPaperBroker, createSimMarket } from '../../../adapters/sim/index.ts';
import { wireMetrics, type MetricsWiring } from '../../../bin/wiring/metrics.ts';
import { shippedConfig } from '../../kernel/helpers.ts';
import { auth, TOKEN } from './helpers.ts';
import { parsePrometheus, samplesOf, valueOf, type Family } from './metrics-parse.ts';

let kernel: Kernel;
let wiring: MetricsWiring;
let app: FastifyInstance;
let base: string;
const events: KernelEvent[] = [];

/** A real engine (in-memory DuckDB, simulated market, paper broker) wired as `tickwise start` wires it. */
beforeAll(async () => {
  const config = await shippedConfig();
  const store = await openStore(':memory:');
  const feed = createSimMarket({ seed: 7, rate: config.settings.riskFreeRate });
  const broker = createPaperBroker({ startingCashCents: config.settings.startingEquity * 100 });
  wiring = wireMetrics({ feed, broker, store });
  kernel = new Kernel({ config, ...wiring.adapters, clock: new ManualClock(0) });
  wiring.bind(kernel);
  kernel.subscribe((e) => events.push(e));
  app = await buildApi({ kernel, token: TOKEN, host: '127.0.0.1', metrics: { metrics: wiring.metrics } });
  await kernel.start();
  // Until a position is open and a rule's decision has had its exit order filled.
  const exitFilled = () => events.some((e) => e.type === 'order' && e.order.purpose !== 'open' && e.order.status === 'filled');
  for (let i = 0; i < 1000 && !exitFilled(); i++) await kernel.step();
  expect(exitFilled()).toBe(true);
  base = await app.listen({ host: '127.0.0.1', port: 0 });
}, 240_000);

afterAll(async () => {
  await app?.close();
  await kernel?.close();
});

async function scrape(): Promise<{ res: Response; families: Map<string, Family> }> {
  const res = await fetch(`${base}/metrics`);
  const text = await res.text();
  return { res, families: parsePrometheus(text) };
}

async function count(sql: string): Promise<number> {
  const { columns } = await kernel.store.db.columns(sql);
  return Number(Object.values(columns)[0][0]);
}

describe('GET /metrics on a running engine', () => {
  it('answers over 127.0.0.1 in the Prometheus text format with its content type, without a token', async () => {
    const { res, families } = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(families.get('tickwise_ticks_total')?.type).toBe('counter');
    expect(families.get('tickwise_tick_duration_seconds')?.type).toBe('histogram');
    expect(families.get('tickwise_equity_dollars')?.type).toBe('gauge');
    // The process metrics, once, with the prefix.
    expect(families.get('tickwise_process_cpu_user_seconds_total')?.type).toBe('counter');
    expect([...families.keys()].every((n) => n.startsWith('tickwise_'))).toBe(true);
  });

  it('counts exactly the ticks, fills and decisions by rule, action and outcome that the store holds', async () => {
    const { families } = await scrape();
    expect(valueOf(families, 'tickwise_ticks_total')).toBe(await count('SELECT count(*) FROM ticks'));
    expect(valueOf(families, 'tickwise_ticks_total')).toBe(kernel.status().seq);
    const fills = await count('SELECT count(*) FROM fills');
    expect(fills).toBeGreaterThan(0);
    expect(valueOf(families, 'tickwise_fills_total')).toBe(fills);
    const { columns } = await kernel.store.db.columns('SELECT rule, action, outcome, count(*) AS n FROM decisions GROUP BY ALL ORDER BY ALL');
    const stored = columns.rule.map((rule, i) => `${rule} ${columns.action[i]} ${columns.outcome[i]} ${Number(columns.n[i])}`);
    expect(stored.some((d) => !d.startsWith('entry:'))).toBe(true);
    const counted = samplesOf(families, 'tickwise_decisions_total').filter((s) => s.value > 0)
      .map((s) => `${s.labels.rule} ${s.labels.action} ${s.labels.outcome} ${s.value}`).sort();
    expect(counted).toEqual([...stored].sort());
  });

  it('counts the order statuses the store recorded', async () => {
    const { families } = await scrape();
    const { columns } = await kernel.store.db.columns('SELECT status, count(*) AS n FROM order_events GROUP BY ALL ORDER BY ALL');
    const stored = Object.fromEntries(columns.status.map((s, i) => [s, Number(columns.n[i])]));
    const orders = await count('SELECT count(*) FROM orders');
    expect(valueOf(families, 'tickwise_orders_total', { status: 'pending' })).toBe(orders);
    expect(valueOf(families, 'tickwise_orders_total', { status: 'filled' })).toBe(stored.filled);
  });

  it('counts the alerts the store holds, by severity', async () => {
    // Operator state changes raise alerts.
    kernel.control({ type: 'set-trading-state', state: 'REDUCING', reason: 'metrics test' });
    await kernel.step();
    kernel.control({ type: 'set-trading-state', state: 'ACTIVE', reason: 'metrics test' });
    await kernel.step();
    const { families } = await scrape();
    const { columns } = await kernel.store.db.columns('SELECT severity, count(*) AS n FROM alerts GROUP BY ALL');
    const stored: Record<string, number> = { info: 0, warning: 0, critical: 0 };
    columns.severity.forEach((sev, i) => { stored[String(sev)] = Number(columns.n[i]); });
    expect(Object.values(stored).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    for (const [severity, n] of Object.entries(stored)) expect(valueOf(families, 'tickwise_alerts_total', { severity }), severity).toBe(n);
  });

  it('reports the equity, the P&L and the open positions by strategy that the API reports', async () => {
    const { families } = await scrape();
    const health = (await app.inject({ url: '/api/health' })).json();
    expect(Math.round(valueOf(families, 'tickwise_equity_dollars')! * 100)).toBe(health.equityCents);
    expect(Math.round(valueOf(families, 'tickwise_pnl_dollars')! * 100)).toBe(health.pnlCents);
    const realized = Math.round(valueOf(families, 'tickwise_realized_pnl_dollars')! * 100);
    expect(realized + Math.round(valueOf(families, 'tickwise_unrealized_pnl_dollars')! * 100)).toBe(health.pnlCents);
    expect(realized).toBe(await count("SELECT coalesce(sum(realized_pnl_cents), 0) FROM positions WHERE state = 'closed'"));
    const open = (await app.inject({ url: '/api/positions?open=true&limit=1000' })).json() as { strategy: string }[];
    const byStrategy: Record<string, number> = {};
    for (const p of open) byStrategy[p.strategy] = (byStrategy[p.strategy] ?? 0) + 1;
    const series = samplesOf(families, 'tickwise_open_positions');
    expect(series.map((s) => s.labels.strategy).sort()).toEqual(kernel.config.strategies.map((s) => s.name).sort());
    for (const s of series) expect(s.value, s.labels.strategy).toBe(byStrategy[s.labels.strategy] ?? 0);
    expect(series.reduce((a, s) => a + s.value, 0)).toBe(health.openPositions);
  });

  it('gives the trading state and the broker connection one series per value, 1 for the current one', async () => {
    const { families } = await scrape();
    const health = (await app.inject({ url: '/api/health' })).json();
    const states = samplesOf(families, 'tickwise_trading_state');
    expect(states.map((s) => s.labels.state).sort()).toEqual(['ACTIVE', 'DEGRADED', 'HALTED', 'REDUCING']);
    expect(states.filter((s) => s.value === 1).map((s) => s.labels.state)).toEqual([health.tradingState]);
    const broker = samplesOf(families, 'tickwise_broker_status');
    expect(broker.filter((s) => s.value === 1).map((s) => s.labels.status)).toEqual([health.brokerStatus]);
    expect(valueOf(families, 'tickwise_entries_halted')).toBe(health.entriesHalted ? 1 : 0);
    expect(valueOf(families, 'tickwise_last_tick_seq')).toBe(health.lastTickSeq);
    expect(valueOf(families, 'tickwise_config_info', { version: health.configVersion })).toBe(1);
    // The simulated feed has no line limit.
    expect(valueOf(families, 'tickwise_market_data_lines')).toBeNaN();
  });

  it('times every tick, split into phases that add up to the whole', async () => {
    const { families } = await scrape();
    const ticks = valueOf(families, 'tickwise_ticks_total')!;
    expect(valueOf(families, 'tickwise_tick_duration_seconds_count')).toBe(ticks);
    expect(valueOf(families, 'tickwise_tick_duration_seconds_bucket', { le: '+Inf' })).toBe(ticks);
    const total = valueOf(families, 'tickwise_tick_duration_seconds_sum')!;
    expect(total).toBeGreaterThan(0);
    for (const phase of ['broker', 'ingest', 'evaluate', 'commit']) {
      expect(valueOf(families, 'tickwise_tick_phase_duration_seconds_count', { phase }), phase).toBe(ticks);
    }
    // Orders are sent on some ticks only.
    expect(valueOf(families, 'tickwise_tick_phase_duration_seconds_count', { phase: 'send' })).toBeGreaterThan(0);
    const phases = samplesOf(families, 'tickwise_tick_phase_duration_seconds_sum').reduce((a, s) => a + s.value, 0);
    expect(phases).toBeCloseTo(total, 6);
    expect(valueOf(families, 'tickwise_tick_phase_duration_seconds_sum', { phase: 'commit' })).toBeGreaterThan(0);
  });

  it('registers reloads and advisor calls at zero, and moves them and alert deliveries through the sink', async () => {
    const before = (await scrape()).families;
    expect(valueOf(before, 'tickwise_reloads_total', { result: 'applied' })).toBe(0);
    expect(valueOf(before, 'tickwise_reloads_total', { result: 'failed' })).toBe(0);
    expect(valueOf(before, 'tickwise_advisor_calls_total', { result: 'ok' })).toBe(0);
    expect(valueOf(before, 'tickwise_advisor_calls_total', { result: 'failed' })).toBe(0);
    expect(before.get('tickwise_alert_deliveries_total')?.type).toBe('counter');
    wiring.reloadEvent({ type: 'result', reason: 'test', at: 0, result: { ok: false, errors: [] } });
    wiring.reloadEvent({ type: 'result', reason: 'test', at: 0, result: { ok: true, unchanged: true } });
    wiring.sink.alertDelivery('webhook', false);
    wiring.sink.alertDelivery('webhook', true);
    wiring.sink.alertDelivery('webhook', true);
    wiring.sink.advisorCall(true, 0.2);
    const after = (await scrape()).families;
    expect(valueOf(after, 'tickwise_reloads_total', { result: 'failed' })).toBe(1);
    expect(valueOf(after, 'tickwise_reloads_total', { result: 'applied' })).toBe(0);
    expect(valueOf(after, 'tickwise_alert_deliveries_total', { channel: 'webhook', result: 'sent' })).toBe(2);
    expect(valueOf(after, 'tickwise_alert_deliveries_total', { channel: 'webhook', result: 'failed' })).toBe(1);
    expect(valueOf(after, 'tickwise_advisor_calls_total', { result: 'ok' })).toBe(1);
    expect(valueOf(after, 'tickwise_advisor_call_duration_seconds_bucket', { le: '0.25' })).toBe(1);
  });

  it('counts a reload the kernel applies', async () => {
    kernel.reload(kernel.config);
    await kernel.step();
    expect(events.some((e) => e.type === 'reload' && e.ok)).toBe(true);
    expect(valueOf((await scrape()).families, 'tickwise_reloads_total', { result: 'applied' })).toBe(1);
  });
});

describe('who may scrape /metrics', () => {
  it('needs the API token on a network bind', async () => {
    const net = await buildApi({ kernel, token: TOKEN, host: '0.0.0.0' });
    expect((await net.inject({ url: '/metrics' })).statusCode).toBe(401);
    const ok = await net.inject({ url: '/metrics', headers: auth });
    expect(ok.statusCode).toBe(200);
    expect(parsePrometheus(ok.body).has('tickwise_ticks_total')).toBe(true);
    expect(routeTable(net).filter((r) => r.url === '/metrics' && r.method === 'GET').map(tokenNeeded)).toEqual(['off loopback']);
    await net.close();
  });

  it('is public on a network bind with metrics.public (--metrics-public), while the rest of the API still needs the token', async () => {
    const net = await buildApi({ kernel, token: TOKEN, host: '0.0.0.0', metrics: { public: true } });
    expect((await net.inject({ url: '/metrics' })).statusCode).toBe(200);
    expect((await net.inject({ url: '/api/health' })).statusCode).toBe(401);
    expect(routeTable(net).filter((r) => r.url === '/metrics' && r.method === 'GET').map(tokenNeeded)).toEqual(['never']);
    const doc = (await net.inject({ url: '/api/openapi.json', headers: auth })).json();
    expect(doc.paths['/metrics'].get.security).toEqual([{ bearer: [] }, {}]);
    await net.close();
  });

  it('gives each app its own registry: two apps on one engine both serve and count on their own', async () => {
    const a = await buildApi({ kernel, token: TOKEN, host: '127.0.0.1' });
    const b = await buildApi({ kernel, token: TOKEN, host: '127.0.0.1' });
    await kernel.step();
    for (const x of [a, b]) expect(valueOf(parsePrometheus((await x.inject({ url: '/metrics' })).body), 'tickwise_ticks_total')).toBe(1);
    // Nothing went into prom-client's global registry.
    expect(register.getMetricsAsArray()).toEqual([]);
    await a.close();
    await b.close();
  });

  it('is listed in the OpenAPI document as a text/plain read, open on loopback', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json();
    const op = doc.paths['/metrics'].get;
    expect(op.operationId).toBe('getMetrics');
    expect(Object.keys(op.responses['200'].content)).toEqual(['text/plain']);
    expect(op.security).toEqual([{ bearer: [] }, {}]);
  });
});
