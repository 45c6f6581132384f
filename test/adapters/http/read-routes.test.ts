import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOnRunningKernel } from './helpers.ts';

let env: Awaited<ReturnType<typeof apiOnRunningKernel>>;

beforeAll(async () => {
  env = await apiOnRunningKernel({ ticks: 60 });
}, 120_000);

afterAll(async () => {
  await env?.app.close();
  await env?.kernel.close();
});

describe('read routes against a running engine', () => {
  it('reports liveness with the trading state, config version, last tick and broker connection', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: true, tradingState: 'ACTIVE', configVersion: env.config.version, brokerStatus: 'connected', lastTickSeq: 60 });
    expect(body.lastTickTime).toBe(env.kernel.status().lastTickTime);
    expect(body.marketDataLines).toBeNull(); // the simulated feed has no line limit; IB reports the lines in use
  });

  it('lists positions as objects with ids, and filters them by state and strategy', async () => {
    const all = (await env.app.inject({ url: '/api/positions' })).json();
    expect(all.length).toBeGreaterThan(0);
    for (const p of all) expect(typeof p.id).toBe('string');
    const managed = (await env.app.inject({ url: '/api/positions?state=managed' })).json();
    expect(managed.length).toBeGreaterThan(0);
    expect(managed.every((p: { state: string }) => p.state === 'managed')).toBe(true);
    const strategy = all[0].strategy;
    const byStrategy = (await env.app.inject({ url: `/api/positions?strategy=${strategy}` })).json();
    expect(byStrategy.length).toBeGreaterThan(0);
    expect(byStrategy.every((p: { strategy: string }) => p.strategy === strategy)).toBe(true);
  });

  it('shows one position with its legs, facts now, P&L, state and roll lineage', async () => {
    const [first] = (await env.app.inject({ url: '/api/positions?state=managed' })).json();
    const res = await env.app.inject({ url: `/api/positions/${first.id}` });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.position.id).toBe(first.id);
    expect(d.legs.length).toBeGreaterThan(0);
    expect(d.legs[0].contract).toHaveProperty('strike');
    expect(d.state).toBe('managed');
    expect(d.live).toBe(true);
    expect(d.lineage.rootId).toBe(first.rootId);
    expect(d.lineage.chain.map((c: { id: string }) => c.id)).toContain(first.id);
    expect(d.pnl).toHaveProperty('cashFlowCents', first.cashFlowCents);
    const facts = env.kernel.lastFacts()?.positions.get(first.id) ?? null;
    // The catalogue facts of the last tick plus the shipped facts.yaml's derived fact, extrinsicValue / credit.
    const credit = facts?.credit;
    const extrinsic = facts?.extrinsicValue;
    const extrinsicShare = typeof extrinsic === 'number' && typeof credit === 'number' && credit !== 0 ? extrinsic / credit : null;
    expect(d.facts).toEqual({ ...facts, extrinsicShare });
    expect(d.orders.length).toBeGreaterThan(0);
  });

  it('answers 404 with a coded error for an unknown position', async () => {
    const res = await env.app.inject({ url: '/api/positions/no-such-position' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'TW_HTTP_POSITION_NOT_FOUND', message: 'no position "no-such-position"' });
    expect(res.json().hint).toMatch(/GET \/api\/positions/);
  });

  it('returns the machine graph, the current state and the transitions with the decision behind each', async () => {
    const [first] = (await env.app.inject({ url: '/api/positions?state=managed' })).json();
    const m = (await env.app.inject({ url: `/api/positions/${first.id}/machine` })).json();
    expect(m.current).toBe('managed');
    expect(m.graph.states.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['entry.submitting', 'managed', 'closing.working', 'closed']));
    const guarded = m.graph.transitions.find((t: { guard?: string }) => t.guard === 'isCloseDecision');
    expect(guarded).toMatchObject({ from: 'managed', to: 'closing.submitting', event: 'DECISION' });
    expect(m.history.length).toBeGreaterThan(1);
    expect(m.history.at(-1).to).toBe('managed');
    const entry = m.history[0];
    expect(entry.from).toBe('none');
    expect(entry.decision).toMatchObject({ action: 'open', rule: `entry:${first.strategy}` });
    expect(entry.rule).toBe(`entry:${first.strategy}`);
    expect(entry.facts).toHaveProperty('dte');
    expect(m.path.some((p: { to: string }) => p.to === 'managed')).toBe(true);
  });

  it('pages decisions and filters them by position, rule and time', async () => {
    const page1 = (await env.app.inject({ url: '/api/decisions?limit=2' })).json();
    expect(page1.items).toHaveLength(2);
    expect(page1.next).toBe(2);
    const page2 = (await env.app.inject({ url: '/api/decisions?limit=2&offset=2' })).json();
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
    const one = page1.items[0];
    const byPos = (await env.app.inject({ url: `/api/decisions?position=${one.positionId}` })).json();
    expect(byPos.items.every((d: { positionId: string }) => d.positionId === one.positionId)).toBe(true);
    const byRule = (await env.app.inject({ url: `/api/decisions?rule=${encodeURIComponent(one.rule)}` })).json();
    expect(byRule.items.every((d: { rule: string }) => d.rule === one.rule)).toBe(true);
    const none = (await env.app.inject({ url: `/api/decisions?to=${one.tickTime - 1}` })).json();
    expect(none.items).toEqual([]);
    expect(none.next).toBeNull();
  });

  it('lists the active rules in evaluation order: portfolio scope first, then priority descending', async () => {
    const r = (await env.app.inject({ url: '/api/rules' })).json();
    expect(r.configVersion).toBe(env.config.version);
    expect(r.rules).toHaveLength(env.config.rules.length);
    const scopes = r.rules.map((x: { scope: string }) => x.scope);
    expect(scopes.indexOf('position')).toBeGreaterThan(scopes.lastIndexOf('portfolio'));
    const position = r.rules.filter((x: { scope: string }) => x.scope === 'position');
    for (let i = 1; i < position.length; i++) expect(position[i - 1].priority).toBeGreaterThanOrEqual(position[i].priority);
    expect(r.rules[0]).toHaveProperty('when');
    expect(r.rules[0].source.file).toMatch(/^rules\//);
  });

  it('returns the config version and its load time, with no failed reload yet', async () => {
    const c = (await env.app.inject({ url: '/api/config' })).json();
    expect(c).toMatchObject({ version: env.config.version, lastFailedReload: null, lastDiff: null, reloader: null });
    expect(typeof c.loadedAt).toBe('number');
  });

  it('returns the equity curve, one point per tick, thinned on request', async () => {
    const all = (await env.app.inject({ url: '/api/equity' })).json();
    expect(all).toHaveLength(60);
    expect(all[0]).toHaveProperty('equityCents');
    const thin = (await env.app.inject({ url: '/api/equity?points=10' })).json();
    expect(thin).toHaveLength(10);
    expect(thin.at(-1)).toEqual(all.at(-1));
  });

  it('returns alerts as an array', async () => {
    const res = await env.app.inject({ url: '/api/alerts?limit=5' });
    expect(res.statusCode).toBe(200);
    expect(Array.isArray(res.json())).toBe(true);
  });

  it('publishes an OpenAPI document built from the route schemas', async () => {
    const doc = (await env.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/api/health', '/api/positions', '/api/positions/{id}', '/api/positions/{id}/machine', '/api/decisions', '/api/rules', '/api/config', '/api/alerts', '/api/equity', '/api/stream']) {
      expect(doc.paths[p]?.get, p).toBeDefined();
    }
    for (const p of ['/api/config/reload', '/api/trading-state', '/api/kill', '/api/positions/{id}/close', '/api/positions/{id}/roll', '/api/positions/{id}/hold', '/api/positions/{id}/release']) {
      expect(doc.paths[p]?.post?.security, p).toEqual([{ bearer: [] }]);
    }
    expect(doc.paths['/api/trading-state'].post.requestBody.content['application/json'].schema.properties.state.enum).toEqual(['ACTIVE', 'REDUCING', 'HALTED']);
    expect(doc.paths['/api/positions/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
  });

  it('answers unknown routes with a coded 404', async () => {
    const res = await env.app.inject({ url: '/api/nope?token=secret' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'TW_HTTP_NOT_FOUND', message: 'no route GET /api/nope' });
  });

  it('serves the visualizer page and the dagre module from node_modules', async () => {
    const page = await env.app.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const dagre = await env.app.inject({ url: '/vendor/dagre.esm.js' });
    expect(dagre.statusCode).toBe(200);
    expect(dagre.body).toMatch(/export\{/);
  });
});
