import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApi, type ApiReloader } from '../../../adapters/http/index.ts';
import { harness, type Harness } from '../../reload/helpers.ts';
import { auth, TOKEN } from './helpers.ts';
import { get, listenLoopback, rawRequest } from './raw-http.ts';

/** Real kernel and real hot-reloader; the reloader is wrapped only to record what the API asked it. */
let h: Harness;
let app: FastifyInstance;
const reloadCalls: unknown[] = [];

beforeAll(async () => {
  h = await harness({ watch: false });
  await h.kernel.run({ maxTicks: 20 });
  const reloader: ApiReloader = {
    reloadNow: (o) => {
      reloadCalls.push(o);
      return h.reloader.reloadNow(o);
    },
    status: () => h.reloader.status(),
  };
  app = await buildApi({ kernel: h.kernel, reloader, token: TOKEN, host: '127.0.0.1', rateLimit: { max: 100_000, timeWindow: '1 minute' } });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await h?.close();
});

const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object, headers: auth });

function expectShape(body: unknown, code: string) {
  expect(body).toEqual({ code, message: expect.any(String), hint: expect.any(String) });
}

describe('bodies are validated strictly, without type coercion', () => {
  it('refuses {"force":"true"} on a reload and never calls the reloader with force', async () => {
    const res = await post('/api/config/reload', { force: 'true' });
    expect(res.statusCode).toBe(400);
    expectShape(res.json(), 'TW_HTTP_INVALID_REQUEST');
    expect(res.json().message).toMatch(/body\/force must be boolean/);
    expect(reloadCalls).toEqual([]);
  });

  it('refuses an array for a string field and a number for a reason', async () => {
    for (const [url, body] of [['/api/trading-state', { state: ['ACTIVE'] }], ['/api/trading-state', { state: 'HALTED', reason: 12345 }], ['/api/kill', { flatten: 'false' }], ['/api/kill', { flatten: 1 }], ['/api/kill', { reason: null }]] as const) {
      const res = await post(url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expectShape(res.json(), 'TW_HTTP_INVALID_REQUEST');
    }
    expect(h.kernel.status().tradingState).toBe('ACTIVE');
  });

  it('still coerces query strings to their declared types', async () => {
    const res = await app.inject({ url: '/api/decisions?limit=3&offset=1' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ limit: 3, offset: 1 });
    expect((await app.inject({ url: '/api/positions?open=true' })).statusCode).toBe(200);
  });

  it('accepts well-typed bodies, and a reload with a real boolean force', async () => {
    expect((await post('/api/trading-state', { state: 'REDUCING', reason: 'test' })).statusCode).toBe(202);
    const res = await post('/api/config/reload', { force: true, reason: 'strict test' });
    expect(res.statusCode).toBe(200);
    expect(reloadCalls).toEqual([{ force: true, reason: 'strict test' }]);
  });
});

describe('every error answers { code, message, hint }', () => {
  it('maps bad JSON, an empty JSON body, a __proto__ key, a wrong content-type and a huge body to coded errors', async () => {
    const raw = (payload: string, type: string) => app.inject({ method: 'POST', url: '/api/kill', payload, headers: { ...auth, 'content-type': type } });
    const cases: [string, string, number, string][] = [
      ['{"flatten": tru', 'application/json', 400, 'TW_HTTP_INVALID_REQUEST'],
      ['', 'application/json', 400, 'TW_HTTP_INVALID_REQUEST'],
      ['{"__proto__": {"x": 1}}', 'application/json', 400, 'TW_HTTP_INVALID_REQUEST'],
      ['{"constructor": {"prototype": {"x": 1}}}', 'application/json', 400, 'TW_HTTP_INVALID_REQUEST'],
      ['flatten=true', 'application/x-www-form-urlencoded', 415, 'TW_HTTP_UNSUPPORTED_MEDIA_TYPE'],
      ['{"flatten": true}', 'text/plain', 415, 'TW_HTTP_UNSUPPORTED_MEDIA_TYPE'],
      [JSON.stringify({ reason: 'x'.repeat(70_000) }), 'application/json', 413, 'TW_HTTP_BODY_TOO_LARGE'],
    ];
    for (const [payload, type, status, code] of cases) {
      const res = await raw(payload, type);
      expect(res.statusCode, `${type} ${payload.slice(0, 30)}`).toBe(status);
      expectShape(res.json(), code);
    }
    expect(h.kernel.status().tradingState).not.toBe('HALTED');
  });

  it('answers a 10 KB id with 414 in the documented shape (was FST_ERR_MAX_PARAM_LENGTH in fastify\'s own shape)', async () => {
    const res = await app.inject({ url: `/api/positions/${'x'.repeat(10_000)}` });
    expect(res.statusCode).toBe(414);
    expectShape(res.json(), 'TW_HTTP_URL_TOO_LONG');
    const at200 = await app.inject({ url: `/api/positions/${'x'.repeat(200)}` });
    expect(at200.statusCode).toBe(404);
    expectShape(at200.json(), 'TW_HTTP_POSITION_NOT_FOUND');
  });

  it('answers bad percent-encoding with 400, an over-long URL with 414 and an unknown route with 404', async () => {
    const bad = await app.inject({ url: '/api/positions/%zz' });
    expect(bad.statusCode).toBe(400);
    expectShape(bad.json(), 'TW_HTTP_BAD_URL');
    const long = await app.inject({ url: `/api/decisions?rule=${'r'.repeat(9000)}` });
    expect(long.statusCode).toBe(414);
    expectShape(long.json(), 'TW_HTTP_URL_TOO_LONG');
    const missing = await app.inject({ method: 'DELETE', url: '/api/positions' });
    expect(missing.statusCode).toBe(404);
    expectShape(missing.json(), 'TW_HTTP_NOT_FOUND');
  });

  it('answers what the HTTP parser refuses (headers over 16 KiB, bytes that are not HTTP) in the same shape', async () => {
    const port = await listenLoopback(app);
    const huge = await get(port, '/api/health', [`x-pad: ${'p'.repeat(20_000)}`]);
    expect(huge.status).toBe(431);
    expectShape(JSON.parse(huge.body), 'TW_HTTP_BAD_HTTP');
    const junk = await rawRequest(port, 'NOT HTTP AT ALL');
    expect(junk.status).toBe(400);
    expectShape(JSON.parse(junk.body), 'TW_HTTP_BAD_HTTP');
  });
});
