/**
 * The visualizer's alerts panel in Chromium, against a real server over an engine that ran, was halted through the API
 * (a critical alert) and delivers its alerts to a real webhook receiver: the panel lists exactly the API's alerts with
 * their severity and delivery per channel, acknowledging one in the browser records it (API and store), the nav badge
 * counts down, the filters work and a new alert appears live. No console errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { Kernel } from '../../engine/kernel/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore, type Store } from '../../engine/store/index.ts';
import { createPaperBroker, createSimMarket } from '../../adapters/sim/index.ts';
import { startNotifier } from '../../bin/wiring/notify.ts';
import { repoRoot, shippedConfig } from '../kernel/helpers.ts';
import { alertsConfig, channel, receiver } from '../notify/helpers.ts';
import { serveApi, ARTIFACTS, launch, runBrowserTests, TOKEN, updateScreenshots, watchedPage } from './browser.ts';

type Alert = { id: number; time: number; severity: string; source: string; positionId: string | null; message: string; acknowledgedAt: number | null };
type Delivery = { alertId: number; channel: string; status: string };

async function until(check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!runBrowserTests)('the visualizer\'s alerts panel in Chromium', () => {
  let hook: Awaited<ReturnType<typeof receiver>>;
  let kernel: Kernel;
  let store: Store;
  let notifier: ReturnType<typeof startNotifier>;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let url: string;
  const auth = { authorization: `Bearer ${TOKEN}` };
  const api = async (path: string) => (await app.inject({ url: path })).json();
  const alerts = async (): Promise<Alert[]> => api('/api/alerts?limit=1000');
  const unacked = async () => (await alerts()).filter((a) => a.acknowledgedAt === null).length;
  const shownIds = async () => page.$$eval('[data-testid=alerts] tbody tr', (trs) => trs.map((tr) => Number((tr as HTMLElement).dataset.id)));
  const setState = async (state: string, reason: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/trading-state', headers: auth, payload: { state, reason } });
    expect(res.statusCode).toBeLessThan(300);
    await kernel.step();
  };

  beforeAll(async () => {
    hook = await receiver();
    const base = await shippedConfig();
    const config = { ...base, alerts: alertsConfig([channel({ name: 'ops-webhook', type: 'webhook', url: hook.url, minSeverity: 'warning' })]) };
    store = await openStore(':memory:');
    kernel = new Kernel({ config, store, feed: createSimMarket({ seed: 7, rate: 0.04 }), broker: createPaperBroker({ startingCashCents: config.settings.startingEquity * 100 }), clock: new ManualClock(0) });
    await kernel.start();
    notifier = startNotifier({ kernel, env: {}, log: { warn: () => undefined, error: () => undefined } });
    await kernel.run({ maxTicks: 40 });
    ({ app, url } = await serveApi(kernel));
    await setState('REDUCING', 'wide spreads');
    await setState('HALTED', 'desk review');
    // The critical HALTED alert reaches the webhook: its delivery row says sent.
    await until(async () => ((await api('/api/alerts/deliveries?status=sent')) as Delivery[]).length > 0);
    browser = await launch();
    ({ page, errors } = await watchedPage(browser));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await notifier?.close();
    await kernel?.close();
    await hook?.close();
  }, 60_000);

  it('lists exactly the API\'s alerts, newest first, with severity, source, message, position and delivery per channel', async () => {
    await page.goto(`${url}#/alerts`);
    await page.waitForSelector('[data-testid=alerts] tbody tr', { timeout: 30_000 });
    const rows = await alerts();
    expect(rows.some((a) => a.severity === 'critical' && a.source === 'trading-state')).toBe(true);
    expect(rows.some((a) => a.severity === 'warning' && a.source === 'trading-state')).toBe(true);
    expect(await shownIds()).toEqual(rows.map((a) => a.id));
    expect([...rows.map((a) => a.time)].sort((x, y) => y - x)).toEqual(rows.map((a) => a.time));
    const halted = rows.find((a) => a.severity === 'critical' && /HALTED/.test(a.message))!;
    const tr = page.locator(`[data-testid=alerts] tr[data-id="${halted.id}"]`);
    expect(await tr.locator('.sev-tag').textContent()).toBe('critical');
    expect(await tr.locator('.sev-tag').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(192, 57, 43)');
    expect(await tr.textContent()).toContain(halted.source);
    expect(await tr.locator('td.message').textContent()).toBe(halted.message);
    const deliveries = (await api(`/api/alerts/deliveries?alert=${halted.id}`)) as Delivery[];
    expect(deliveries.map((d) => [d.channel, d.status])).toEqual([['ops-webhook', 'sent']]);
    expect(await tr.locator('.delivery').allTextContents()).toEqual(['ops-webhook · sent']);
    const withPosition = rows.find((a) => a.positionId);
    if (withPosition) expect(await page.getAttribute(`[data-testid=alerts] tr[data-id="${withPosition.id}"] a`, 'href')).toBe(`#/positions/${encodeURIComponent(withPosition.positionId!)}`);
    expect(await page.textContent('[data-testid=alerts-badge]')).toBe(String(await unacked()));
    expect(await page.getAttribute('nav.views a[href="#/alerts"]', 'class')).toBe('here');
    expect(errors).toEqual([]);
  }, 60_000);

  it('records an acknowledgement made in the browser (API and store), shows who and when, and counts the badge down', async () => {
    const before = await unacked();
    expect(before).toBeGreaterThan(0);
    const halted = (await alerts()).find((a) => a.severity === 'critical' && /HALTED/.test(a.message))!;
    expect(halted.acknowledgedAt).toBeNull();
    await page.fill('#token', TOKEN);
    await page.fill('#ack-by', 'desk');
    const form = page.locator(`form.ack[data-id="${halted.id}"]`);
    await form.locator('input[name=note]').fill('looking into it');
    await form.locator('button').click();
    await page.waitForSelector(`tr[data-id="${halted.id}"] [data-testid=acked]`, { timeout: 15_000 });
    const after = (await alerts()).find((a) => a.id === halted.id)!;
    expect(after.acknowledgedAt).toEqual(expect.any(Number));
    const acks = await store.db.all<{ by: string; note: string }>('SELECT acked_by AS by, note FROM alert_acks WHERE alert_id = ?', [halted.id]);
    expect(acks).toEqual([{ by: 'desk', note: 'looking into it' }]);
    const shown = await page.textContent(`tr[data-id="${halted.id}"] [data-testid=acked]`);
    expect(shown).toContain('desk');
    expect(shown).toContain('looking into it');
    expect(await page.locator(`form.ack[data-id="${halted.id}"]`).count()).toBe(0);
    expect(await unacked()).toBe(before - 1);
    expect(await page.textContent('[data-testid=alerts-badge]')).toBe(String(before - 1));
    const file = join(ARTIFACTS, 'visualizer-alerts.png');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: file, fullPage: false });
    if (updateScreenshots) copyFileSync(file, join(repoRoot, 'docs', 'visualizer-alerts.png'));
    expect(errors).toEqual([]);
  }, 60_000);

  it('filters by severity and by unacknowledged only', async () => {
    const rows = await alerts();
    await page.selectOption('#f-severity', 'critical');
    const critical = rows.filter((a) => a.severity === 'critical').map((a) => a.id);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=alerts] tbody tr').length === n, critical.length);
    expect(await shownIds()).toEqual(critical);
    await page.selectOption('#f-severity', '');
    await page.check('#f-unacked');
    const open = rows.filter((a) => a.acknowledgedAt === null).map((a) => a.id);
    await page.waitForFunction((n) => (document.querySelectorAll('[data-testid=alerts] tbody tr').length || 0) === n, open.length);
    expect(await shownIds()).toEqual(open);
    await page.uncheck('#f-unacked');
    expect(await shownIds()).toEqual(rows.map((a) => a.id));
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows a new alert live, from the stream, and the badge counts it', async () => {
    await page.waitForFunction(() => document.getElementById('live')?.textContent === 'live', null, { timeout: 15_000 });
    const before = await alerts();
    await setState('ACTIVE', 'review done');
    const now = await alerts();
    expect(now.length).toBeGreaterThan(before.length);
    await page.waitForFunction((id) => !!document.querySelector(`[data-testid=alerts] tr[data-id="${id}"]`), now[0].id, { timeout: 15_000 });
    expect(await shownIds()).toEqual(now.map((a) => a.id));
    await page.waitForFunction((n) => document.getElementById('alerts-badge')?.textContent === n, String(now.filter((a) => a.acknowledgedAt === null).length), { timeout: 15_000 });
    expect(errors).toEqual([]);
  }, 60_000);
});
