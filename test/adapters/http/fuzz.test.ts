import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { buildApi, routeTable } from '../../../adapters/http/index.ts';
import { harness, type Harness } from '../../reload/helpers.ts';
import { TOKEN } from './helpers.ts';
import { requestArbitrary, type FuzzRequest } from './fuzz-arbitraries.ts';

/**
 * Property-based attack on every route of an app on a non-loopback-bind configuration (token everywhere), built on
 * a real kernel with a real hot-reloader, through app.inject (nothing leaves the process). Seeded and bounded.
 */
let h: Harness;
let app: FastifyInstance;
let pending: Promise<unknown>[] = [];

beforeAll(async () => {
  h = await harness({ watch: false });
  await h.kernel.run({ maxTicks: 30 });
  app = await buildApi({ kernel: h.kernel, reloader: h.reloader, token: TOKEN, host: '0.0.0.0', rateLimit: { max: 1_000_000, timeWindow: '1 minute' } });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await Promise.allSettled(pending);
  await h?.close();
});

const STACK = /\n\s+at |\bat [^\s]+ \(.*:\d+:\d+\)|node_modules\//;
const STATIC_TYPE = /^(text\/html|text\/javascript|text\/css|image\/)/;
const ERROR_KEYS = new Set(['code', 'message', 'hint', 'outcome']);

interface Seen { status: number; body: string; type: string }

/** inject, or `null` when the answer is an endless stream (the SSE route keeps the response open). */
async function send(r: FuzzRequest): Promise<Seen | null> {
  const res = app.inject({ method: r.method as 'GET', url: r.url, headers: r.headers, ...(r.payload === undefined ? {} : { payload: r.payload }) });
  pending.push(res);
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 500).unref());
  const done = await Promise.race([res, timeout]);
  if (!done) return null;
  pending = pending.filter((p) => p !== res);
  return { status: done.statusCode, body: done.body, type: String(done.headers['content-type'] ?? '') };
}

function check(r: FuzzRequest, seen: Seen | null, where: string): void {
  if (!seen) {
    // Only an authorised GET of the stream may stay open.
    expect(r.validToken && r.method === 'GET', `open response without the token: ${where}`).toBe(true);
    return;
  }
  expect(seen.status, `5xx: ${where} → ${seen.body.slice(0, 200)}`).toBeLessThan(500);
  if (!r.validToken && seen.status < 400) {
    expect(r.method === 'GET' || r.method === 'HEAD', `${where} answered ${seen.status} without the token`).toBe(true);
    expect(seen.type, `${where} answered ${seen.status} (${seen.type}) without the token`).toMatch(STATIC_TYPE);
  }
  if (seen.status >= 400 && r.method !== 'HEAD') {
    expect(seen.body, `stack trace in ${where}`).not.toMatch(STACK);
    const body = JSON.parse(seen.body) as Record<string, unknown>;
    expect(body, where).toEqual(expect.objectContaining({ code: expect.stringMatching(/^TW_[A-Z_]+$/), message: expect.any(String), hint: expect.any(String) }));
    for (const k of Object.keys(body)) expect(ERROR_KEYS.has(k), `${where}: error body field ${k}`).toBe(true);
    if ('outcome' in body) expect(r.validToken, `${where}: a reload outcome without the token`).toBe(true);
  }
}

describe('fuzzing the HTTP API (fast-check, bounded)', () => {
  it('never answers 5xx, a stack trace, an undocumented error shape or book data without the token, and the kernel keeps ticking', async () => {
    const routes = routeTable(app);
    const realIds = h.kernel.positions().map((p) => p.id).slice(0, 3);
    expect(routes.length).toBeGreaterThan(20);
    expect(realIds.length).toBeGreaterThan(0);
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(requestArbitrary(routes, { token: TOKEN, realIds }), async (r) => {
        runs++;
        const where = `${r.method} ${r.url.slice(0, 120)} ${JSON.stringify(r.headers).slice(0, 160)} body=${(r.payload ?? '').slice(0, 80)}`;
        check(r, await send(r), where);
      }),
      { seed: 20261203, numRuns: 400, interruptAfterTimeLimit: 12_000 },
    );
    expect(runs).toBeGreaterThan(50);
    const before = h.kernel.status().seq;
    await h.kernel.run({ maxTicks: 3 });
    expect(h.kernel.status().seq).toBe(before + 3);
    const health = await app.inject({ url: '/api/health', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(health.statusCode).toBe(200);
    expect(health.json().lastTickSeq).toBe(before + 3);
  }, 25_000);
});
