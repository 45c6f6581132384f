/**
 * report.html: one self-contained page (no network): uPlot's script and stylesheet, web/report/report.{css,js} and
 * the run's data (report-data.ts) inlined. Opens offline from the file system.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReportData } from './report-data.ts';

const WEB = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'report');

async function uplotFiles(): Promise<{ js: string; css: string }> {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));
  const strip = (s: string) => s.replace(/\/[/*]# sourceMappingURL=[^\n]*/g, '');
  return { js: strip(await readFile(join(dist, 'uPlot.iife.min.js'), 'utf8')), css: strip(await readFile(join(dist, 'uPlot.min.css'), 'utf8')) };
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
/** JSON safe inside a script element: no `</script>` or `<!--` can end it early. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

export async function renderReport(data: ReportData): Promise<string> {
  const [uplot, css, js] = await Promise.all([uplotFiles(), readFile(join(WEB, 'report.css'), 'utf8'), readFile(join(WEB, 'report.js'), 'utf8')]);
  const o = data.metrics.overall;
  const first = data.dataQuality.length ? `${data.metrics.overall.days} trading days` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>${uplot.css}</style>
<style>${css}</style>
</head>
<body>
<header>
<h1>${escapeHtml(data.title)}</h1>
<div class="sub">${escapeHtml(`${first}, starting equity ${o.startingEquity.toLocaleString('en-US')}, ending ${o.endingEquity.toLocaleString('en-US', { minimumFractionDigits: 2 })}; fill ${data.provenance.fill.price}; config ${data.provenance.configVersion}`)}</div>
</header>
${data.partial ? '<div class="partial" id="partial">PARTIAL REPORT: the backtest was interrupted (Ctrl-C) before the end of the data; every number covers only the days replayed.</div>' : ''}
<main>
<section class="wide"><h2>Summary</h2><div class="kpis" id="kpis"></div></section>
<section class="wide"><h2>Equity (marked to market at each day's snapshot)</h2><div id="equity"></div><div id="drawdown"></div></section>
<section class="wide"><h2>Underlying with entries (green) and exits (red)</h2><div id="underlying"></div></section>
<section><h2>Realised P&amp;L by strategy</h2><div id="by-strategy"></div></section>
<section><h2>Realised P&amp;L by exit rule</h2><div id="by-rule"></div></section>
<section class="wide"><h2>Exit rules: fired, closed, won, pre-empted</h2><div id="by-rule-table"></div></section>
<section><h2>Monthly returns</h2><div id="months"></div></section>
<section><h2>Metrics</h2><div id="metrics"></div></section>
<section class="wide"><h2>Trades</h2><div id="trades"></div></section>
<section class="wide" hidden><h2>A/B comparison</h2><div id="compare"></div></section>
<section><h2>Data quality</h2><div id="quality"></div></section>
<section class="wide"><h2>Provenance</h2><dl class="prov" id="provenance"></dl></section>
</main>
<script id="report-data" type="application/json">${scriptJson(data)}</script>
<script>${uplot.js}</script>
<script>${js}</script>
</body>
</html>
`;
}
