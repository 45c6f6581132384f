/**
 * report.html in headless Chromium (playwright-core, Debian's Chromium): it renders its charts and tables offline
 * from the file system, makes no network request, logs no console error, and a trade opens its decisions and traces.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { cli, SPX_10, SPX_CONFIG, tempDir, VIX } from './helpers.ts';

const CHROMIUM = process.env.TICKWISE_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (!haveChromium && !inCi) console.warn(`\n!!! SKIPPING the backtest report browser test: no Chromium at ${CHROMIUM}. !!!\n`);

describe.skipIf(!haveChromium && !inCi)('the backtest report in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    const out = tempDir('report');
    const run = await cli('backtest', '--data', SPX_10, '--vix', VIX, '--config', SPX_CONFIG, '--out', out);
    expect(run.code).toBe(0);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (!r.url().startsWith('file://')) requests.push(r.url());
    });
    await page.goto(`file://${join(out, 'report.html')}`);
    await page.waitForSelector('body[data-rendered=true]', { timeout: 10_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders offline without console errors or network requests', () => {
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('draws the equity, drawdown, underlying and P&L charts with uPlot', async () => {
    for (const id of ['equity', 'drawdown', 'underlying', 'by-strategy', 'by-rule']) {
      const box = await page.locator(`#${id} canvas`).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.width, id).toBeGreaterThan(300);
    }
  });

  it('shows the headline metrics, the monthly returns and the cleaner\'s drop counts', async () => {
    expect(await page.locator('#kpis').innerText()).toContain('-307.60');
    expect(await page.locator('#months').innerText()).toMatch(/2019-04[\s\S]*2019-05/);
    expect(await page.locator('#quality').innerText()).toMatch(/rows dropped by the cleaner[\s\S]*expired/);
    expect(await page.locator('#provenance').innerText()).toMatch(/sha256[\s\S]*[0-9a-f]{64}/);
  });

  it('opens a trade into its decisions: why it opened, why it closed, the facts and the trace', async () => {
    await page.locator('details.trade summary').first().click();
    const body = await page.locator('details.trade').first().innerText();
    expect(body).toContain('entry:spx-put-credit-spread → open');
    expect(body).toContain('vix-exit → close');
    expect(body).toMatch(/facts then: \{"vix":19\.32/);
    expect(body).toMatch(/90\s+vix-exit\s+decided/);
  });
});
