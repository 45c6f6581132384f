/**
 * The visualizer's trader views in Chromium, against a real server over an engine that has run 200 ticks (so some
 * trades closed): the portfolio and position "rules now" with the API's numbers, the machine that fits its box and
 * expands on click, the blotter and its CSV, and the HALTED banner set through the API. No console errors anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { repoRoot, simKernel } from '../kernel/helpers.ts';
import { serveApi, ARTIFACTS, launch, runBrowserTests, TOKEN, updateScreenshots, watchedPage } from './browser.ts';

type Leaf = { kind: string; fact?: string; factValue?: unknown; threshold?: unknown };
type RuleNow = { rule: string; conditions: Leaf[] };

/** RFC 4180 CSV → rows of cells (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else if (c !== '\r') cell += c;
  }
  return rows;
}

describe.skipIf(!runBrowserTests)('the visualizer\'s trader views in Chromium', () => {
  let sim: Awaited<ReturnType<typeof simKernel>>;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let url: string;
  const api = async (path: string) => (await app.inject({ url: path })).json();
  const shot = async (name: string, fullPage = true) => {
    const file = join(ARTIFACTS, name);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: file, fullPage });
    if (updateScreenshots) copyFileSync(file, join(repoRoot, 'docs', name));
  };

  beforeAll(async () => {
    sim = await simKernel();
    await sim.kernel.start();
    await sim.kernel.run({ maxTicks: 200 });
    ({ app, url } = await serveApi(sim.kernel));
    browser = await launch();
    ({ page, errors } = await watchedPage(browser));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sim?.kernel.close();
  }, 60_000);

  const leavesOf = async (scope: string) => page.$$eval(`${scope} [data-testid=rule-now]`, (bodies) => bodies.map((b) => ({
    rule: (b as HTMLElement).dataset.rule,
    leaves: [...b.querySelectorAll('tr.leaf')].map((tr) => ({ fact: (tr as HTMLElement).dataset.fact, value: JSON.parse((tr as HTMLElement).dataset.value!) })),
  })));
  const expectedLeaves = (rules: RuleNow[]) => rules.map((r) => ({
    rule: r.rule, leaves: r.conditions.filter((c) => c.kind === 'leaf').map((c) => ({ fact: c.fact, value: c.factValue })),
  }));

  it('shows the portfolio rules now on the overview, with the API\'s facts', async () => {
    await page.goto(url);
    await page.waitForSelector('#portfolio-rules [data-testid=rule-now]', { timeout: 30_000 });
    const body = await api('/api/rules/portfolio');
    expect(body.rules.length).toBeGreaterThan(0);
    expect(await leavesOf('#portfolio-rules')).toEqual(expectedLeaves(body.rules));
    const facts = sim.kernel.lastFacts()!.portfolio;
    const breaker = body.rules.find((r: RuleNow) => r.rule === 'portfolio-circuit-breaker');
    const daily = breaker.conditions.find((c: Leaf) => c.fact === 'dailyPnlPct');
    expect(daily.factValue).toBe(facts.dailyPnlPct);
    expect(daily.threshold).toBe(sim.config.rules.find((r) => r.name === 'portfolio-circuit-breaker')!.params.dailyLossLimitPct);
    expect(await page.textContent('#portfolio-rules [data-rule=portfolio-circuit-breaker]')).toContain(`dailyPnlPct ≤ ${daily.threshold}`);
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows a position\'s rules now in priority order, each condition with the fact seen and its threshold', async () => {
    const [p] = await api('/api/positions?state=managed');
    await page.goto(`${url}#/positions/${p.id}`);
    await page.waitForSelector('#rules [data-testid=rule-now]', { timeout: 30_000 });
    const body = await api(`/api/positions/${p.id}/rules`);
    const strategy = sim.config.strategies.find((s) => s.name === p.strategy)!;
    const shown = await leavesOf('#rules');
    expect(shown.map((r) => r.rule)).toEqual([...strategy.rules]);
    expect(shown).toEqual(expectedLeaves(body.rules));
    const { facts } = await api(`/api/positions/${p.id}`);
    for (const r of shown) for (const l of r.leaves) if (l.fact! in facts) expect(l.value, `${r.rule} ${l.fact}`).toEqual(facts[l.fact!]);
    const stop = await page.textContent('#rules [data-rule=stop-loss]');
    expect(stop).toContain(`lossMultipleOfCredit ≥ ${strategy.ruleParams['stop-loss'].stopLossMultiple}`);
    expect(await page.locator('#rules [data-rule=stop-loss] .progress').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, 60_000);

  it('draws the top-level machine by default, fitting its box, and expands a compound state on click', async () => {
    const [p] = await api('/api/positions?state=managed');
    const machine = await api(`/api/positions/${p.id}/machine`);
    const fits = async () => page.$eval('[data-testid=machine-box]', (box) => ({ svg: box.querySelector('svg')!.getBoundingClientRect().width, box: box.clientWidth }));
    const states = async () => page.$$eval('svg[data-testid=machine] .node', (ns) => ns.map((n) => (n as SVGElement).dataset.state).sort());
    await page.waitForSelector('svg[data-testid=machine] .node.current');
    expect(await states()).toEqual(['(start)', 'closed', 'closing', 'entry', 'managed', 'rolling']);
    expect(await page.getAttribute('svg[data-testid=machine] .node.current', 'data-state')).toBe(machine.current.split('.')[0]);
    let f = await fits();
    expect(f.svg).toBeLessThanOrEqual(f.box);
    expect(await page.locator('svg[data-testid=machine] .edge.taken[data-from="(start)"][data-to=entry]').count()).toBe(1);
    expect(await page.locator('svg[data-testid=machine] .edge.taken[data-from=entry][data-to=managed]').count()).toBe(1);
    // Hovering an edge names its events and guards (an SVG title, shown as the tooltip).
    const title = await page.textContent('svg[data-testid=machine] .edge[data-from=managed][data-to=closing] title');
    const events = machine.graph.transitions.filter((t: { from: string; to: string }) => t.from === 'managed' && t.to.startsWith('closing'));
    expect(events.length).toBeGreaterThan(0);
    expect(title).toContain(`${events[0].event}${events[0].guard ? ` [${events[0].guard}]` : ''}`);
    await shot('visualizer-position.png');
    await page.click('svg[data-testid=machine] .node[data-state=rolling]');
    await page.waitForSelector('svg[data-testid=machine] .cluster[data-state=rolling]');
    expect(await page.locator('svg[data-testid=machine] .node[data-state="rolling.closeOld"]').count()).toBe(1);
    await page.click('svg[data-testid=machine] .node[data-state="rolling.closeOld"]');
    expect(await page.locator('svg[data-testid=machine] .node[data-state="rolling.closeOld.working"]').count()).toBe(1);
    f = await fits();
    expect(f.svg).toBeLessThanOrEqual(f.box);
    // Hovering a state lights exactly its own arrows.
    await page.hover('svg[data-testid=machine] .node[data-state="rolling.closeOld.working"]');
    const lit = await page.$$eval('svg[data-testid=machine] .edge.lit', (es) => es.map((e) => [(e as SVGElement).dataset.from, (e as SVGElement).dataset.to]));
    expect(lit.length).toBeGreaterThan(0);
    for (const [from, to] of lit) expect([from, to]).toContain('rolling.closeOld.working');
    await page.locator('[data-testid=machine-box]').screenshot({ path: join(ARTIFACTS, 'visualizer-machine-expanded.png') });
    await page.setViewportSize({ width: 760, height: 900 });
    f = await fits();
    expect(f.svg).toBeLessThanOrEqual(f.box);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.locator('svg[data-testid=machine] .cluster[data-state=rolling] > text').dispatchEvent('click');
    await page.waitForSelector('svg[data-testid=machine] .node[data-state=rolling]');
    expect(await page.locator('svg[data-testid=machine] .node[data-state="rolling.closeOld"]').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows the blotter: closed trades, P&L by strategy and exit rule, drawdown, and a trades CSV equal to the API\'s', async () => {
    await page.goto(`${url}#/blotter`);
    await page.waitForSelector('[data-testid=trades] tbody tr', { timeout: 30_000 });
    const body = await api('/api/blotter/trades');
    expect(body.trades.length).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=trades] tbody tr').count()).toBe(body.trades.length);
    expect(await page.locator('[data-testid=by-strategy] tbody tr').count()).toBe(body.byStrategy.length);
    expect(await page.locator('[data-testid=by-rule] tbody tr').count()).toBe(body.byRule.length);
    expect(await page.locator('svg[data-testid=drawdown] path.line').count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv-trades')]);
    const rows = parseCsv(readFileSync((await download.path())!, 'utf8'));
    const [header, ...data] = rows;
    expect(data.length).toBe(body.trades.length);
    for (const [i, t] of (body.trades as Record<string, unknown>[]).entries()) {
      expect(Object.fromEntries(header.map((h, j) => [h, data[i][j]]))).toEqual(Object.fromEntries(header.map((h) => [h, t[h] === null ? '' : String(t[h])])));
    }
    const fillsApi = await api('/api/blotter/fills');
    const [fd] = await Promise.all([page.waitForEvent('download'), page.click('#csv-fills')]);
    const fills = parseCsv(readFileSync((await fd.path())!, 'utf8'));
    expect(fills.length - 1).toBe(fillsApi.length);
    expect(JSON.parse(fills[1][fills[0].indexOf('legs')])).toEqual(fillsApi[0].legs);
    await shot('visualizer-blotter.png');
    const strategy = body.trades[0].strategy;
    await page.selectOption('#f-strategy', strategy);
    const filtered = await api(`/api/blotter/trades?strategy=${strategy}`);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=trades] tbody tr').length === n, filtered.trades.length);
    expect(await page.textContent('[data-testid=total-pnl]')).toBe(`${filtered.totalPnlCents < 0 ? '-' : ''}$${(Math.abs(filtered.totalPnlCents) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows HALTED with its reason and since when once the engine is halted through the API, and clears it', async () => {
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('live')?.textContent === 'live', null, { timeout: 15_000 });
    expect(await page.isVisible('[data-testid=banner-latched]')).toBe(false);
    const res = await app.inject({ method: 'POST', url: '/api/trading-state', headers: { authorization: `Bearer ${TOKEN}` }, payload: { state: 'HALTED', reason: 'broker maintenance' } });
    expect(res.statusCode).toBeLessThan(300);
    await sim.kernel.step();
    await page.waitForSelector('[data-testid=banner-latched]', { timeout: 15_000 });
    const state = await api('/api/trading-state');
    const since = await page.evaluate((t) => {
      const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
        .formatToParts(new Date(t)).map((x) => [x.type, x.value]));
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ET`;
    }, state.since as number);
    expect(state.since).toBe(sim.kernel.status().lastTickTime);
    expect(await page.textContent('[data-testid=banner-latched]')).toContain(`HALTED since ${since}: broker maintenance`);
    expect(await page.textContent('#trading-state')).toBe('HALTED');
    await page.waitForFunction(() => document.getElementById('stats')?.textContent?.includes('HALTED'), null, { timeout: 15_000 });
    await shot('visualizer-halted.png', false);
    await app.inject({ method: 'POST', url: '/api/trading-state', headers: { authorization: `Bearer ${TOKEN}` }, payload: { state: 'ACTIVE', reason: 'done' } });
    await sim.kernel.step();
    await page.waitForFunction(() => !document.querySelector('[data-testid=banner-latched]'), null, { timeout: 15_000 });
    expect(errors).toEqual([]);
  }, 60_000);
});
