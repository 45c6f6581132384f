/**
 * Shared set-up of the browser tests: Debian's Chromium through playwright-core, and a page that records every
 * console error and uncaught exception so a test can assert there were none.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApi } from '../../adapters/http/index.ts';
import type { Kernel } from '../../engine/kernel/index.ts';
import { repoRoot } from '../kernel/helpers.ts';

export const CHROMIUM = process.env.TICKWISE_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
export const inCi = process.env.CI === 'true';
export const runBrowserTests = haveChromium || inCi;
export const ARTIFACTS = join(repoRoot, 'test-artifacts');
export const TOKEN = 'e2e-token-0123456789abcdef';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launch(): Promise<Browser> {
  if (!haveChromium) throw new Error(`CI=true but no Chromium at ${CHROMIUM}: the browser test must run in CI`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** A page whose console errors and page errors land in `errors` (a dropped stream on close is not one). */
export async function watchedPage(browser: Browser, width = 1440, height = 900): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height }, acceptDownloads: true });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`${e.name}: ${e.message}`));
  return { page, errors };
}

/** The docs' screenshots are refreshed on request (or when missing), so ordinary runs leave the tree clean. */
export const updateScreenshots = process.env.TICKWISE_UPDATE_SCREENSHOT === '1';

/** The API and the visualizer for `kernel` on a loopback port, with the test token: the app and the page's URL. */
export async function serveApi(kernel: Kernel): Promise<{ app: Awaited<ReturnType<typeof buildApi>>; url: string }> {
  const app = await buildApi({ kernel, token: TOKEN, host: '127.0.0.1' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/` };
}
