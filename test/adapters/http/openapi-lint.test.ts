import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { apiOnRunningKernel, auth } from './helpers.ts';

let env: Awaited<ReturnType<typeof apiOnRunningKernel>>;

beforeAll(async () => {
  env = await apiOnRunningKernel({ ticks: 1 });
}, 60_000);

afterAll(async () => {
  await env?.app.close();
  await env?.kernel.close();
});

/** What `redocly lint --extends <ruleset>` reports for a document (no network: the document has no external $ref). */
async function lint(source: string, ruleset: 'recommended' | 'recommended-strict') {
  const config = await createConfig({ extends: [ruleset] });
  const problems = await lintFromString({ source, absoluteRef: 'openapi.json', config });
  return problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
}

describe('the OpenAPI document as third-party tools read it', () => {
  it('passes redocly lint with the recommended rules: no error and no warning', async () => {
    const doc = (await env.app.inject({ url: '/api/openapi.json' })).body;
    expect(await lint(doc, 'recommended')).toEqual([]);
    // recommended-strict turns every warning into an error: still nothing.
    expect(await lint(doc, 'recommended-strict')).toEqual([]);
  }, 30_000);

  it('passes the same lint on a non-loopback bind, where every route requires the bearer token', async () => {
    const { buildApi } = await import('../../../adapters/http/index.ts');
    const { TOKEN } = await import('./helpers.ts');
    const app = await buildApi({ kernel: env.kernel, token: TOKEN, host: '0.0.0.0' });
    const res = await app.inject({ url: '/api/openapi.json', headers: auth });
    const doc = res.json();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { security: unknown }>>)) {
      for (const [method, op] of Object.entries(ops)) expect(op.security, `${method} ${path}`).toEqual([{ bearer: [] }]);
    }
    expect(await lint(res.body, 'recommended')).toEqual([]);
    await app.close();
  }, 30_000);

  it('declares on loopback that reads take the token or nothing, and writes need it', async () => {
    const doc = (await env.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/health'].get.security).toEqual([{ bearer: [] }, {}]);
    expect(doc.paths['/api/kill'].post.security).toEqual([{ bearer: [] }]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('gives every operation a unique operationId', async () => {
    const doc = (await env.app.inject({ url: '/api/openapi.json' })).json();
    const ids = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(ids.length).toBeGreaterThan(15);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/api/positions/{id}/machine'].get.operationId).toBe('getPositionsByIdMachine');
  });

  it('types the health response: enums for the trading state and broker status, and every field required', async () => {
    const doc = (await env.app.inject({ url: '/api/openapi.json' })).json();
    const health = doc.paths['/api/health'].get.responses['200'].content['application/json'].schema;
    expect(health.properties.tradingState.enum).toEqual(['ACTIVE', 'REDUCING', 'HALTED', 'DEGRADED']);
    expect(health.properties.latchedTradingState.enum).toEqual(['ACTIVE', 'REDUCING', 'HALTED']);
    expect(health.properties.brokerStatus.enum).toEqual(['connected', 'degraded', 'disconnected']);
    expect([...health.required].sort()).toEqual(Object.keys(health.properties).sort());
    // The live answer has exactly the declared fields.
    const body = (await env.app.inject({ url: '/api/health' })).json();
    expect(Object.keys(body).sort()).toEqual([...health.required].sort());
  });

  it('documents the stream\'s Last-Event-ID header', async () => {
    const doc = (await env.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/stream'].get.parameters).toContainEqual(expect.objectContaining({ name: 'last-event-id', in: 'header' }));
  });
});
