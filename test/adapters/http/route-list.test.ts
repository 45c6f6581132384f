import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { renderRouteList, routeTable, tokenNeeded } from '../../../adapters/http/index.ts';
import { apiOnRunningKernel } from './helpers.ts';

let env: Awaited<ReturnType<typeof apiOnRunningKernel>>;
let app: FastifyInstance;

beforeAll(async () => {
  env = await apiOnRunningKernel({ ticks: 1 });
  app = env.app;
  await app.ready();
}, 60_000);
afterAll(async () => {
  await app?.close();
  await env?.kernel.close();
});

const apiRoutes = () => routeTable(app).filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/'));

describe('the route list derived from the app', () => {
  it('gives every /api route a summary, which the OpenAPI document and docs/api.md both show', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { summary: string }>> };
    for (const r of apiRoutes()) {
      expect(r.summary.length, `${r.method} ${r.url}`).toBeGreaterThan(5);
      expect(doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()]?.summary).toBe(r.summary);
    }
  });

  it('lists in docs/api.md exactly the routes the app serves, with who may call them', () => {
    const api = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
    const listed = [...api.matchAll(/^\| `([A-Z]+) (\/api\/[^`]+)` \| ([a-z ]+) \|/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(listed).toEqual(apiRoutes().map((r) => `${r.method} ${r.url} ${tokenNeeded(r)}`));
    expect(api).toContain(renderRouteList(app));
  });

  it('means what it says about the token on loopback: every mutating route refuses a call without it, reads answer', async () => {
    for (const r of apiRoutes()) {
      if (r.url === '/api/stream') continue; // an endless stream: security.test.ts covers it
      const res = await app.inject({ method: r.method as 'GET' | 'POST', url: r.url.replace(/:\w+/g, 'p1') });
      if (tokenNeeded(r) === 'always') expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      else expect(res.statusCode, `${r.method} ${r.url}`).not.toBe(401);
    }
  });
});
