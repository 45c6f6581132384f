/**
 * Takes the screenshot of a backtest report for the docs: `npx tsx scripts/report-screenshot.ts REPORT.html OUT.png`.
 * Renders the self-contained page in headless Chromium (Debian's, as the browser tests use) at 1280 px wide.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const [report, out] = process.argv.slice(2);
if (!report || !out) {
  process.stderr.write('usage: npx tsx scripts/report-screenshot.ts REPORT.html OUT.png\n');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.TICKWISE_CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(pathToFileURL(resolve(report)).href);
  await page.waitForTimeout(500);
  await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1900 } });
} finally {
  await browser.close();
}
