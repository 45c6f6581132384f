import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotifyWorker } from '../../../adapters/notify/index.ts';
import { alertsConfig, channel, receiver } from '../../notify/helpers.ts';
import { apiOnRunningKernel, auth } from './helpers.ts';

let env: Awaited<ReturnType<typeof apiOnRunningKernel>>;
let hook: Awaited<ReturnType<typeof receiver>>;

beforeAll(async () => {
  env = await apiOnRunningKernel({ ticks: 20 });
  hook = await receiver();
  env.kernel.control({ type: 'set-trading-state', state: 'HALTED', reason: 'test' });
  await env.kernel.run({ maxTicks: 1 });
  const worker = new NotifyWorker({
    store: env.kernel.store,
    alerts: alertsConfig([channel({ name: 'ops', type: 'webhook', url: hook.url }), channel({ name: 'dead', type: 'slack', url: 'http://127.0.0.1:1/' })]),
    env: {},
  });
  // Migration 4 starts the cursor after the alerts already stored: plan from the start for this test.
  await (await env.kernel.store.outbox()).plan([], 0);
  await worker.drain();
  await worker.close();
}, 120_000);

afterAll(async () => {
  await hook?.close();
  await env?.app.close();
  await env?.kernel.close();
});

describe('alerts API', () => {
  it('lists alerts with their ids, not acknowledged yet', async () => {
    const alerts = (await env.app.inject({ url: '/api/alerts' })).json();
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a: { id: number; acknowledgedAt: unknown }) => Number.isInteger(a.id) && a.acknowledgedAt === null)).toBe(true);
    expect(alerts.some((a: { message: string }) => /HALTED/.test(a.message))).toBe(true);
  });

  it('lists deliveries filtered by status and channel', async () => {
    const all = (await env.app.inject({ url: '/api/alerts/deliveries?limit=1000' })).json();
    const sent = (await env.app.inject({ url: '/api/alerts/deliveries?status=sent&channel=ops&limit=1000' })).json();
    const dead = (await env.app.inject({ url: '/api/alerts/deliveries?channel=dead&limit=1000' })).json();
    expect(sent.length).toBe(hook.got.length);
    expect(sent.every((d: { status: string; channel: string; idempotencyKey: string; alertId: number }) => d.status === 'sent' && d.channel === 'ops' && d.idempotencyKey === `${d.alertId}:ops`)).toBe(true);
    expect(dead.length).toBeGreaterThan(0);
    expect(dead.every((d: { status: string; attempts: number; lastError: string }) => d.status === 'pending' && d.attempts === 1 && d.lastError === 'could not reach the receiver (bad port)')).toBe(true);
    expect(all.length).toBe(sent.length + dead.length);
    expect((await env.app.inject({ url: '/api/alerts/deliveries?status=bogus' })).statusCode).toBe(400);
  });

  it('records an acknowledgement (token required), shows it on the alert, and answers 404 for an unknown id', async () => {
    const [first] = (await env.app.inject({ url: '/api/alerts' })).json();
    expect((await env.app.inject({ method: 'POST', url: `/api/alerts/${first.id}/ack`, payload: {} })).statusCode).toBe(401);
    const res = await env.app.inject({ method: 'POST', url: `/api/alerts/${first.id}/ack`, headers: auth, payload: { by: 'desk', note: 'looking' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: first.id, by: 'desk', note: 'looking' });
    const after = (await env.app.inject({ url: '/api/alerts' })).json().find((a: { id: number }) => a.id === first.id);
    expect(after.acknowledgedAt).toBe(res.json().acknowledgedAt);
    expect(after).toMatchObject({ acknowledgedBy: 'desk', acknowledgementNote: 'looking' });
    // A second acknowledgement is recorded, but the alert keeps showing the first one.
    expect((await env.app.inject({ method: 'POST', url: `/api/alerts/${first.id}/ack`, headers: auth, payload: { by: 'risk' } })).statusCode).toBe(200);
    const again = (await env.app.inject({ url: '/api/alerts' })).json().find((a: { id: number }) => a.id === first.id);
    expect(again).toMatchObject({ acknowledgedAt: after.acknowledgedAt, acknowledgedBy: 'desk', acknowledgementNote: 'looking' });
    const others = (await env.app.inject({ url: '/api/alerts' })).json().filter((a: { id: number }) => a.id !== first.id);
    expect(others.every((a: { acknowledgedBy: unknown }) => a.acknowledgedBy === null)).toBe(true);
    const missing = await env.app.inject({ method: 'POST', url: '/api/alerts/999999/ack', headers: auth, payload: {} });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('TW_NOTIFY_ALERT_NOT_FOUND');
    expect((await env.app.inject({ method: 'POST', url: '/api/alerts/abc/ack', headers: auth, payload: {} })).statusCode).toBe(400);
  });
});
