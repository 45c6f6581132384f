/**
 * The visualizer in a real browser: Debian's Chromium driven by playwright-core against a real server and a running
 * engine. Without Chromium the test is skipped loudly on a developer machine; with CI=true it must run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { firstSimTick, simKernel, repoRoot, verticalRequest } from '../kernel/helpers.ts';
import { breakerKernel } from '../kernel/breaker-helpers.ts';
import type { FastifyInstance } from 'fastify';
import { serveApi, ARTIFACTS, CHROMIUM, haveChromium, inCi, launch, TOKEN, watchedPage } from './browser.ts';

if (!haveChromium && !inCi) {
  console.warn(`\n!!! SKIPPING the browser test: no Chromium at ${CHROMIUM}. Install it with \`apt-get install -y chromium\` (CI installs it and runs this test). !!!\n`);
}

describe.skipIf(!haveChromium && !inCi)('the visualizer in Chromium', () => {
  let sim: Awaited<ReturnType<typeof simKernel>>;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let url: string;
  let ticking = true;
  let ticker: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    sim = await simKernel();
    await sim.kernel.start();
    await sim.kernel.run({ maxTicks: 60 });
    ({ app, url } = await serveApi(sim.kernel));
    ticker = (async () => {
      while (ticking) {
        await sim.kernel.step();
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    browser = await launch();
    ({ page, errors } = await watchedPage(browser));
  }, 120_000);

  afterAll(async () => {
    ticking = false;
    await ticker.catch(() => undefined);
    await browser?.close();
    await app?.close();
    await sim?.kernel.close();
  }, 60_000);

  it('shows the overview: trading state, equity curve, open positions, updating live', async () => {
    await page.goto(url);
    await page.waitForSelector('[data-testid=positions] a', { timeout: 30_000 });
    expect(await page.textContent('#trading-state')).toBe('ACTIVE');
    expect(await page.locator('svg.chart path.line').count()).toBe(1);
    const rows = await page.locator('[data-testid=positions] tbody tr').count();
    expect(rows).toBeGreaterThan(0);
    await page.waitForFunction(() => document.getElementById('live')?.textContent === 'live', null, { timeout: 15_000 });
    const before = await page.textContent('#last-tick');
    await page.waitForFunction((b) => document.getElementById('last-tick')?.textContent !== b, before, { timeout: 15_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'visualizer-overview.png') });
  }, 60_000);

  it('opens a position: the machine marks the current state and the path, the timeline lists the transitions', async () => {
    // Freeze the engine so the page and the API describe the same tick.
    ticking = false;
    await ticker;
    const link = page.locator('[data-testid=positions] a').first();
    const id = (await link.textContent())!.trim();
    await link.click();
    await page.waitForSelector('svg[data-testid=machine] .node.current', { timeout: 30_000 });
    const machine = (await app.inject({ url: `/api/positions/${id}/machine` })).json();
    // The top-level states are drawn (compound ones collapsed): the current state is its top-level state.
    const top = (id: string) => (id === 'none' ? '(start)' : id.split('.')[0]);
    const current = await page.getAttribute('svg[data-testid=machine] .node.current', 'data-state');
    expect(current).toBe(top(machine.current));
    expect(await page.getAttribute('svg[data-testid=machine]', 'data-current')).toBe(machine.current);
    expect(await page.locator('svg[data-testid=machine] .node.current').count()).toBe(1);
    expect(await page.locator('svg[data-testid=machine] .edge.taken').count()).toBeGreaterThan(0);
    for (const step of machine.path) {
      const from = top(step.from);
      if (from === top(step.to)) continue;
      step.to = top(step.to);
      expect(await page.locator(`svg[data-testid=machine] .edge.taken[data-from="${from}"][data-to="${step.to}"]`).count(), `${from} → ${step.to}`).toBe(1);
    }
    await page.waitForSelector('[data-testid=timeline] li[data-to]');
    const items = page.locator('[data-testid=timeline] li[data-to]');
    expect(await items.count()).toBe(machine.history.length);
    expect(await items.first().getAttribute('data-from')).toBe('none');
    expect(await items.first().textContent()).toContain(`rule ${machine.history[0].rule} decided open`);
    expect(await page.locator('#legs tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#override button[data-cmd=hold]').count()).toBe(1);
    // The docs' position screenshot comes from visualizer-views.test.ts (a position with more history).
    await page.screenshot({ path: join(ARTIFACTS, 'visualizer-position-live.png'), fullPage: true });
  }, 60_000);

  it('asks for the token before an override, then queues it', async () => {
    await page.click('#override button[data-cmd=hold]');
    expect(await page.textContent('#notice')).toContain('Enter the API token first');
    await page.fill('#token', TOKEN);
    await page.click('#override button[data-cmd=hold]');
    await page.waitForFunction(() => document.getElementById('notice')?.textContent?.startsWith('queued hold'), null, { timeout: 10_000 });
    await page.fill('#token', 'wrong-token-wrong-token');
    await page.click('#override button[data-cmd=release]');
    await page.waitForFunction(() => document.getElementById('notice')?.textContent?.includes('TW_HTTP_UNAUTHORIZED'), null, { timeout: 10_000 });
    // The refused override is a 401 the page reports itself; nothing else may reach the console.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  }, 60_000);
});

describe.skipIf(!haveChromium && !inCi)('the visualizer when entries are halted and the market data is bad', () => {
  let halted: Awaited<ReturnType<typeof breakerKernel>>;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let url: string;

  beforeAll(async () => {
    // The circuit breaker trips on the first tick; QQQ has no price from the second tick on: DEGRADED with entries halted.
    halted = await breakerKernel(':memory:', (t, n) => (n >= 2 ? { ...t, underlyings: t.underlyings.map((u) => (u.symbol === 'QQQ' ? { ...u, price: Number.NaN } : u)) } : t));
    await halted.kernel.start();
    const first = firstSimTick();
    halted.kernel.adopt([verticalRequest(first, { id: 'qqq-pcs', strategy: 'qqq-put-credit-spread', underlying: 'QQQ', right: 'put' })]);
    await halted.kernel.run({ maxTicks: 3 });
    ({ app, url } = await serveApi(halted.kernel));
    browser = await launch();
    ({ page, errors } = await watchedPage(browser));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await halted?.kernel.close();
  }, 60_000);

  it('shows DEGRADED with its reason and "entries halted by portfolio-circuit-breaker since …" on the overview, and the breaker in the alerts', async () => {
    await page.goto(url);
    await page.waitForSelector('[data-testid=banner-degraded]', { timeout: 30_000 });
    expect(await page.textContent('#trading-state')).toBe('DEGRADED');
    expect(await page.textContent('[data-testid=banner-degraded]')).toBe('DEGRADED since 2026-01-05 09:35 ET: underlying QQQ has no usable price (NaN). No new entries; exits run on good marks. It clears by itself when the data recovers.');
    expect(await page.textContent('[data-testid=banner-halted]')).toBe('Entries halted by portfolio-circuit-breaker since 2026-01-05 09:30 ET.');
    await page.waitForSelector('#alerts li.sev-critical', { timeout: 10_000 });
    expect(await page.textContent('#alerts')).toContain('portfolio-circuit-breaker: entries halted');
    expect(await page.textContent('#alerts')).not.toContain('No alerts');
    const shot = join(ARTIFACTS, 'visualizer-degraded.png');
    await page.screenshot({ path: shot });
    const docsShot = join(repoRoot, 'docs', 'visualizer-degraded.png');
    if (process.env.TICKWISE_UPDATE_SCREENSHOT === '1' || !existsSync(docsShot)) copyFileSync(shot, docsShot);
  }, 60_000);

  it('keeps the banner on a position page', async () => {
    await page.goto(`${url}#/positions/qqq-pcs`);
    await page.waitForSelector('svg[data-testid=machine] .node.current', { timeout: 30_000 });
    expect(await page.isVisible('[data-testid=banner-degraded]')).toBe(true);
    expect(await page.isVisible('[data-testid=banner-halted]')).toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);
});

