import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOnRunningKernel, auth } from './helpers.ts';

let env: Awaited<ReturnType<typeof apiOnRunningKernel>>;
let positionId: string;

beforeAll(async () => {
  env = await apiOnRunningKernel({ ticks: 40 });
  positionId = (await env.app.inject({ url: '/api/positions?state=managed' })).json()[0].id;
}, 120_000);

afterAll(async () => {
  await env?.app.close();
  await env?.kernel.close();
});

const mutating = () => [
  { url: '/api/config/reload', payload: {} },
  { url: '/api/trading-state', payload: { state: 'HALTED' } },
  { url: '/api/kill', payload: { flatten: false } },
  { url: `/api/positions/${positionId}/close`, payload: {} },
  { url: `/api/positions/${positionId}/roll`, payload: {} },
  { url: `/api/positions/${positionId}/hold`, payload: {} },
  { url: `/api/positions/${positionId}/release`, payload: {} },
];

describe('steering routes', () => {
  it('refuses every mutating route without a token, with a wrong token, or with a malformed header (401)', async () => {
    for (const r of mutating()) {
      for (const headers of [{}, { authorization: 'Bearer wrong-token-wrong-token' }, { authorization: 'Basic abc' }]) {
        const res = await env.app.inject({ method: 'POST', url: r.url, payload: r.payload, headers });
        expect(res.statusCode, `${r.url} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.json().code).toBe('TW_HTTP_UNAUTHORIZED');
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      }
    }
    expect(env.kernel.status().tradingState).toBe('ACTIVE');
  });

  it('rejects an invalid body with 400 and a message, never a stack trace', async () => {
    const bad = await env.app.inject({ method: 'POST', url: '/api/trading-state', payload: { state: 'PAUSED' }, headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ code: 'TW_HTTP_INVALID_REQUEST', message: expect.stringContaining('body/state must be equal to one of the allowed values (ACTIVE, REDUCING, HALTED)'), hint: expect.any(String) });
    expect(bad.body).not.toMatch(/\bat .*\.ts:\d+/);
    const extra = await env.app.inject({ method: 'POST', url: '/api/kill', payload: { flatten: true, everything: 1 }, headers: auth });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().message).toMatch(/must NOT have additional properties \("everything"\)/);
    const notJson = await env.app.inject({ method: 'POST', url: '/api/trading-state', payload: '{"state":', headers: { ...auth, 'content-type': 'application/json' } });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().code).toBe('TW_HTTP_INVALID_REQUEST');
    const badQuery = await env.app.inject({ url: '/api/decisions?limit=0' });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().message).toMatch(/querystring\/limit must be >= 1/);
  });

  it('queues a manual hold that applies at the next tick, and a release that lifts it', async () => {
    const res = await env.app.inject({ method: 'POST', url: `/api/positions/${positionId}/hold`, headers: auth });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ queued: { type: 'hold', positionId }, appliesAt: 'next tick' });
    expect(env.kernel.positions().find((p) => p.id === positionId)?.hold).toBe(false);
    await env.kernel.step();
    expect(env.kernel.positions().find((p) => p.id === positionId)?.hold).toBe(true);
    const detail = (await env.app.inject({ url: `/api/positions/${positionId}` })).json();
    expect(detail.hold).toBe(true);
    await env.app.inject({ method: 'POST', url: `/api/positions/${positionId}/release`, headers: auth });
    await env.kernel.step();
    expect(env.kernel.positions().find((p) => p.id === positionId)?.hold).toBe(false);
  }, 60_000);

  it('sets the trading state at the next tick', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/api/trading-state', payload: { state: 'REDUCING', reason: 'test' }, headers: auth });
    expect(res.statusCode).toBe(202);
    await env.kernel.step();
    expect((await env.app.inject({ url: '/api/health' })).json().tradingState).toBe('REDUCING');
    await env.app.inject({ method: 'POST', url: '/api/trading-state', payload: { state: 'ACTIVE' }, headers: auth });
    await env.kernel.step();
    expect(env.kernel.status().tradingState).toBe('ACTIVE');
  }, 60_000);

  it('closes a position on request: it leaves managed at the next tick', async () => {
    const res = await env.app.inject({ method: 'POST', url: `/api/positions/${positionId}/close`, payload: { orderStyle: 'marketable' }, headers: auth });
    expect(res.statusCode).toBe(202);
    expect(res.json().queued).toEqual({ type: 'close', positionId, orderStyle: 'marketable' });
    await env.kernel.step();
    const state = env.kernel.positions().find((p) => p.id === positionId)?.state ?? '';
    expect(state).toMatch(/^(closing|closed)/);
    const m = (await env.app.inject({ url: `/api/positions/${positionId}/machine` })).json();
    expect(m.history.some((t: { event: string; from: string }) => t.from === 'managed' && t.event.startsWith('MANUAL'))).toBe(true);
  }, 60_000);

  it('answers 409 for commands to a position that has closed', async () => {
    for (let i = 0; i < 10 && env.kernel.positions().find((p) => p.id === positionId)?.state !== 'closed'; i++) await env.kernel.step();
    expect(env.kernel.positions().find((p) => p.id === positionId)?.state ?? 'closed').toBe('closed');
    const res = await env.app.inject({ method: 'POST', url: `/api/positions/${positionId}/hold`, headers: auth });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'TW_HTTP_POSITION_NOT_LIVE', message: `position "${positionId}" is closed: it no longer takes commands` });
    const detail = (await env.app.inject({ url: `/api/positions/${positionId}` })).json();
    expect(detail.live).toBe(false);
  }, 60_000);

  it('answers 404 for commands to an unknown position', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/api/positions/nope-1/hold', headers: auth });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('TW_HTTP_POSITION_NOT_FOUND');
  });

  it('answers 503 with a coded error when the process has no reloader', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/api/config/reload', headers: auth });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'TW_HTTP_NO_RELOADER', message: 'config reload is not available in this process' });
  });

  it('kills: halts trading at the next tick', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/api/kill', payload: { reason: 'test' }, headers: auth });
    expect(res.statusCode).toBe(202);
    expect(res.json().queued).toEqual({ type: 'kill', flatten: false, reason: 'test' });
    await env.kernel.step();
    expect(env.kernel.status().tradingState).toBe('HALTED');
    const alerts = (await env.app.inject({ url: '/api/alerts?limit=5' })).json();
    expect(alerts.some((a: { source: string }) => a.source === 'kill-switch')).toBe(true);
  }, 60_000);
});
