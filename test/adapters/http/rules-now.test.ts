/**
 * "Rules now" (GET /api/positions/:id/rules, /api/rules/portfolio), the state banner's GET /api/trading-state and
 * the blotter (GET /api/blotter/trades, /api/blotter/fills) against a real running engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOnRunningKernel, auth } from './helpers.ts';
import { progressOf } from '../../../adapters/http/rules-now.ts';
import { latestChange } from '../../../adapters/http/routes-state.ts';

let env: Awaited<ReturnType<typeof apiOnRunningKernel>>;

beforeAll(async () => {
  env = await apiOnRunningKernel({ ticks: 200 });
}, 120_000);

afterAll(async () => {
  await env?.app.close();
  await env?.kernel.close();
});

type Leaf = { kind: string; fact?: string; factValue?: unknown; threshold?: unknown; result: boolean | null; text?: string; progress: number | null; depth: number };
type RuleNow = { rule: string; priority: number; matched: boolean; conditions: Leaf[] };

describe('rules now', () => {
  it('lists every rule that manages a managed position, in priority order, with the facts of the last tick', async () => {
    const [p] = (await env.app.inject({ url: '/api/positions?state=managed' })).json();
    const res = await env.app.inject({ url: `/api/positions/${p.id}/rules` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const strategy = env.kernel.config.strategies.find((s) => s.name === p.strategy)!;
    expect(body.rules.map((r: RuleNow) => r.rule)).toEqual([...strategy.rules]);
    const priorities = body.rules.map((r: RuleNow) => r.priority);
    expect(priorities).toEqual([...priorities].sort((a: number, b: number) => b - a));
    expect(body).toMatchObject({ positionId: p.id, strategy: p.strategy, state: 'managed', live: true, note: null, tickSeq: 200 });
    expect(body.factsTime).toBe(env.kernel.status().lastTickTime);
    // The facts panel's facts (derived facts from facts.yaml included) with the portfolio's: what the rules saw.
    const detail = (await env.app.inject({ url: `/api/positions/${p.id}` })).json();
    const facts = { ...env.kernel.lastFacts()!.portfolio, ...detail.facts } as Record<string, unknown>;
    expect(detail.facts).toHaveProperty('extrinsicShare');
    let leaves = 0;
    for (const r of body.rules as RuleNow[]) {
      expect(r.conditions[0].depth).toBe(0);
      for (const c of r.conditions.filter((x) => x.kind === 'leaf')) {
        leaves += 1;
        expect(c.factValue, `${r.rule} ${c.fact}`).toEqual(facts[c.fact!] ?? null);
        expect(c.text).toContain(c.fact);
        if (c.progress !== null) expect(c.progress).toBeGreaterThanOrEqual(0);
        if (c.progress !== null) expect(c.progress).toBeLessThanOrEqual(1);
      }
      // The rule matches exactly when its root group holds.
      expect(r.matched).toBe(r.conditions[0].result === true);
    }
    expect(leaves).toBeGreaterThan(body.rules.length);
    const tp = (body.rules as RuleNow[]).find((r) => r.rule === 'take-profit');
    const leaf = tp?.conditions.find((c) => c.fact === 'pnlPct');
    if (leaf) expect(leaf.threshold).toBe(strategy.ruleParams['take-profit'].takeProfitPct);
  });

  it('explains the portfolio rules on the portfolio facts', async () => {
    const body = (await env.app.inject({ url: '/api/rules/portfolio' })).json();
    const portfolio = env.kernel.config.rules.filter((r) => r.scope === 'portfolio');
    expect(body.rules.map((r: RuleNow) => r.rule).sort()).toEqual(portfolio.map((r) => r.name).sort());
    expect(body.rules.length).toBeGreaterThan(0);
    const facts = env.kernel.lastFacts()!.portfolio as Record<string, unknown>;
    expect(body.facts).toEqual(facts);
    for (const r of body.rules as RuleNow[]) for (const c of r.conditions.filter((x) => x.kind === 'leaf')) expect(c.factValue).toEqual(facts[c.fact!] ?? null);
  });

  it('says why the rules do not act on a held or a closed position', async () => {
    const [p] = (await env.app.inject({ url: '/api/positions?state=managed' })).json();
    expect((await env.app.inject({ method: 'POST', url: `/api/positions/${p.id}/hold`, headers: auth })).statusCode).toBeLessThan(300);
    await env.kernel.step();
    const held = (await env.app.inject({ url: `/api/positions/${p.id}/rules` })).json();
    expect(held).toMatchObject({ hold: true, note: 'on manual hold: rules do not act on it' });
    expect(held.rules.length).toBeGreaterThan(0); // still explained: what would fire once released
    await env.app.inject({ method: 'POST', url: `/api/positions/${p.id}/release`, headers: auth });
    await env.kernel.step();
    expect((await env.app.inject({ url: `/api/positions/${p.id}/rules` })).json().note).toBeNull();
    const [closed] = (await env.app.inject({ url: '/api/positions?state=closed' })).json();
    const body = (await env.app.inject({ url: `/api/positions/${closed.id}/rules` })).json();
    expect(body).toMatchObject({ live: false, rules: [], note: 'closed: no rule manages it any more', factsTime: null });
  });

  it('answers 404 with a code for a position that does not exist', async () => {
    const res = await env.app.inject({ url: '/api/positions/no-such-position/rules' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('TW_HTTP_POSITION_NOT_FOUND');
  });

  it('measures how close a fact is to a one-sided threshold', () => {
    expect(progressOf('greaterThanInclusive', 0.38, 0.5)).toBeCloseTo(0.76);
    expect(progressOf('lessThanInclusive', 23, 21)).toBeCloseTo(21 / 23);
    expect(progressOf('lessThanInclusive', 20, 21)).toBe(1);
    expect(progressOf('lessThanInclusive', -0.01, -0.05)).toBeCloseTo(0.2);
    expect(progressOf('lessThanInclusive', 0.03, -0.05)).toBe(0);
    expect(progressOf('absGreaterThanInclusive', -30, 60)).toBeCloseTo(0.5);
    expect(progressOf('equal', 1, 1)).toBeNull();
    expect(progressOf('greaterThanInclusive', 'x', 1)).toBeNull();
  });
});

describe('the trading state with since and why', () => {
  it('reads the change that is in force from the newest trading-state alert', () => {
    const a = (time: number, message: string, source = 'trading-state') => ({ time, severity: 'critical', source, positionId: null, message });
    const rows = [a(3, 'something else', 'rule'), a(2, 'trading state ACTIVE → HALTED (api: maintenance)'), a(1, 'trading state HALTED → ACTIVE (x)')];
    expect(latestChange(rows, 'HALTED')).toEqual({ since: 2, from: 'ACTIVE', reason: 'api: maintenance' });
    expect(latestChange(rows, 'REDUCING')).toBeNull();
    expect(latestChange([a(3, 'nothing')], 'HALTED')).toBeUndefined();
  });

  it('says HALTED since the tick that applied it, with the operator\'s reason', async () => {
    const before = (await env.app.inject({ url: '/api/trading-state' })).json();
    expect(before).toMatchObject({ latchedTradingState: 'ACTIVE', since: null, reason: null });
    const res = await env.app.inject({ method: 'POST', url: '/api/trading-state', headers: auth, payload: { state: 'HALTED', reason: 'broker maintenance' } });
    expect(res.statusCode).toBeLessThan(300);
    await env.kernel.step();
    const after = (await env.app.inject({ url: '/api/trading-state' })).json();
    expect(after).toMatchObject({ tradingState: 'HALTED', latchedTradingState: 'HALTED', from: 'ACTIVE', since: env.kernel.status().lastTickTime });
    expect(after.reason).toContain('broker maintenance');
    await env.app.inject({ method: 'POST', url: '/api/trading-state', headers: auth, payload: { state: 'ACTIVE', reason: 'done' } });
    await env.kernel.step();
    expect((await env.app.inject({ url: '/api/trading-state' })).json()).toMatchObject({ latchedTradingState: 'ACTIVE', since: null });
  });
});

describe('the blotter', () => {
  type Trade = { id: string; strategy: string; closeRule: string | null; closedAt: number; realizedPnlCents: number };
  it('lists closed trades with realised P&L, and P&L by strategy and exit rule that add up', async () => {
    const body = (await env.app.inject({ url: '/api/blotter/trades' })).json();
    const closed = (await env.app.inject({ url: '/api/positions?state=closed&limit=1000' })).json();
    expect(body.trades.length).toBe(closed.length);
    expect(body.trades.length).toBeGreaterThan(0);
    const total = body.trades.reduce((t: number, x: Trade) => t + (x.realizedPnlCents ?? 0), 0);
    expect(body.totalPnlCents).toBe(total);
    const sum = (g: { pnlCents: number; trades: number }[]) => [g.reduce((t, x) => t + x.pnlCents, 0), g.reduce((t, x) => t + x.trades, 0)];
    expect(sum(body.byStrategy)).toEqual([total, body.trades.length]);
    expect(sum(body.byRule)).toEqual([total, body.trades.length]);
    const times = body.trades.map((t: Trade) => t.closedAt);
    expect(times).toEqual([...times].sort((a: number, b: number) => a - b));
  });

  it('filters trades by strategy, exit rule and close time', async () => {
    const all: Trade[] = (await env.app.inject({ url: '/api/blotter/trades' })).json().trades;
    const s = all[0].strategy;
    const byS = (await env.app.inject({ url: `/api/blotter/trades?strategy=${s}` })).json();
    expect(byS.trades.map((t: Trade) => t.id)).toEqual(all.filter((t) => t.strategy === s).map((t) => t.id));
    const rule = all[0].closeRule ?? '(none)';
    const byR = (await env.app.inject({ url: `/api/blotter/trades?rule=${encodeURIComponent(rule)}` })).json();
    expect(byR.trades.map((t: Trade) => t.id)).toEqual(all.filter((t) => (t.closeRule ?? '(none)') === rule).map((t) => t.id));
    const cut = all[0].closedAt;
    const late = (await env.app.inject({ url: `/api/blotter/trades?from=${cut + 1}` })).json();
    expect(late.trades.map((t: Trade) => t.id)).toEqual(all.filter((t) => t.closedAt > cut).map((t) => t.id));
    expect(late.strategies).toEqual(byS.strategies); // the choices stay those of every closed trade
  });

  it('lists every fill of every position in time order, filterable by strategy', async () => {
    const fills = (await env.app.inject({ url: '/api/blotter/fills' })).json();
    const positions = (await env.app.inject({ url: '/api/positions?limit=1000' })).json();
    let expected = 0;
    for (const p of positions) expected += (await env.kernel.store.reads.fills(p.id)).length;
    expect(fills.length).toBe(expected);
    expect(fills.length).toBeGreaterThan(0);
    const times = fills.map((f: { time: number }) => f.time);
    expect(times).toEqual([...times].sort((a: number, b: number) => a - b));
    const s = fills[0].strategy;
    const some = (await env.app.inject({ url: `/api/blotter/fills?strategy=${s}` })).json();
    expect(some.length).toBe(fills.filter((f: { strategy: string }) => f.strategy === s).length);
  });
});
