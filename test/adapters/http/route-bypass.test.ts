import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { simKernel } from '../../kernel/helpers.ts';
import { buildApi, routeTable, type RouteEntry } from '../../../adapters/http/index.ts';
import { TOKEN } from './helpers.ts';
import { get, listenLoopback, type RawResponse } from './raw-http.ts';

/**
 * Every route the app declares (read from its route table, so a new route is covered without being listed here),
 * attacked over a real loopback socket on a non-loopback-bind configuration: percent-encoded letters, doubled
 * slashes, dot segments, a trailing slash and absolute-form targets. Without the token none may answer 2xx.
 */
let sim: Awaited<ReturnType<typeof simKernel>>;
let app: FastifyInstance;
let port: number;
let positionId: string;

beforeAll(async () => {
  sim = await simKernel();
  await sim.kernel.start();
  await sim.kernel.run({ maxTicks: 40 });
  positionId = sim.kernel.positions()[0]?.id ?? 'no-position';
  app = await buildApi({ kernel: sim.kernel, token: TOKEN, host: '0.0.0.0', rateLimit: { max: 1_000_000, timeWindow: '1 minute' } });
  port = await listenLoopback(app);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await sim?.kernel.close();
});

const fill = (url: string) => url.replace(/:id\b/g, positionId);

/** Encodes the first letter of segment `seg` (`/%61pi/positions`, `/api/%70ositions`). */
function encodeSegment(path: string, seg: number): string {
  const parts = path.split('/');
  const i = seg + 1;
  if (!parts[i]) return path;
  const c = parts[i][0];
  parts[i] = `%${c.charCodeAt(0).toString(16).padStart(2, '0')}${parts[i].slice(1)}`;
  return parts.join('/');
}

/** Ways to write the same path that a prefix check on the raw URL would miss. */
function variants(path: string, p: number): string[] {
  const segs = path.split('/').filter(Boolean);
  const out = new Set<string>([path]);
  segs.forEach((_, i) => out.add(encodeSegment(path, i)));
  out.add(segs.reduce((acc, _s, i) => encodeSegment(acc, i), path));
  out.add(encodeSegment(path, 0).replace(/%([0-9a-f]{2})/, (_m, h: string) => `%${h.toUpperCase()}`));
  out.add(`/${path}`);
  out.add(path.replace(/\/(?=[^/]*$)/, '//'));
  out.add(`/.${path}`);
  out.add(path.replace(/^\/api\//, '/api/./'));
  out.add(path.replace(/^\/api\//, '/api/x/../'));
  out.add(`/x/..${path}`);
  out.add(`${path}/`);
  out.add(`${path}?`);
  out.add(`http://127.0.0.1:${p}${path}`);
  out.add(`http://127.0.0.1:${p}${encodeSegment(path, 0)}`);
  out.add(`http://localhost${path}`);
  out.add(`HTTP://127.0.0.1:${p}/.${path}`);
  return [...out];
}

function expectCodedError(res: RawResponse, what: string) {
  const body = JSON.parse(res.body) as Record<string, unknown>;
  expect(body, what).toEqual(expect.objectContaining({ code: expect.stringMatching(/^TW_HTTP_/), message: expect.any(String), hint: expect.any(String) }));
  expect(res.body, what).not.toMatch(/\n\s+at /);
}

const guarded = () => routeTable(app).filter((r: RouteEntry) => !r.public && r.method !== 'HEAD');

describe('the token on a non-loopback bind, over a real socket', () => {
  it('finds the routes to attack in the app itself', () => {
    const urls = guarded().map((r) => `${r.method} ${r.url}`);
    expect(urls).toEqual(expect.arrayContaining(['GET /api/positions', 'GET /api/config', 'GET /api/stream', 'GET /api/decisions', 'POST /api/kill', 'GET /api/positions/:id/machine']));
    expect(positionId).not.toBe('no-position');
  });

  it('refuses every route without the token however its path is written', async () => {
    let tried = 0;
    for (const route of guarded()) {
      for (const target of variants(fill(route.url), port)) {
        const what = `${route.method} ${target}`;
        const res = await get(port, target, route.method === 'POST' ? ['content-length: 0'] : [], route.method);
        tried++;
        expect(res.cut, `${what} left a stream open`).toBe(false);
        expect([400, 401, 404], `${what} → ${res.status} ${res.body.slice(0, 120)}`).toContain(res.status);
        expectCodedError(res, what);
        if (res.status === 404) expect(JSON.parse(res.body).code, what).toBe('TW_HTTP_NOT_FOUND');
      }
    }
    expect(tried).toBeGreaterThan(guarded().length * 10);
  }, 30_000);

  it('answers the same encoded, absolute-form paths once the token is sent, so the refusals above are about the token', async () => {
    for (const target of ['/%61pi/positions', '/ap%69/config', `http://127.0.0.1:${port}/api/decisions`, `http://127.0.0.1:${port}/%61pi/rules`]) {
      const res = await get(port, target, [`authorization: Bearer ${TOKEN}`]);
      expect(res.status, target).toBe(200);
    }
    const stream = await get(port, '/%61pi/stream', [`authorization: Bearer ${TOKEN}`], 'GET');
    expect(stream.status).toBe(200);
    expect(stream.cut).toBe(true);
  }, 15_000);

  it('serves the page shell without a token, and nothing else that is unmatched', async () => {
    expect((await get(port, '/')).status).toBe(200);
    expect((await get(port, '/%61pp.js')).status).toBe(200);
    const res = await get(port, '/api/nothing-here');
    expect(res.status).toBe(404);
    expectCodedError(res, '/api/nothing-here');
  });
});
