/**
 * `tickwise backtest` as a function (docs/backtest.md): loads the config (and the --compare config), runs each through
 * the kernel over the same data, computes the metrics, writes the outputs into the out folder and renders the text or
 * JSON for standard output. Everything but the progress line, the default out folder and provenance is deterministic.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadConfigDir, formatFinding, type ResolvedConfig } from '../../engine/config/index.ts';
import { checkFailIf, computeMetrics, parseFailIf, type BacktestMetrics, type FailIfResult } from '../../engine/analytics/index.ts';
import { twError } from '../../engine/errors/index.ts';
import { compareRuns, type Comparison } from './compare.ts';
import { decisionsCsv, equityCsv, tradesCsv } from './csv.ts';
import { commandLine, fileEntry, tickwiseVersion, type Provenance } from './provenance.ts';
import { reportData } from './report-data.ts';
import { renderReport } from './report-html.ts';
import { runBacktest } from './run.ts';
import { comparisonText, exitRuleTable, failIfText, metricsTable } from './text.ts';
import type { BacktestOptions, BacktestRun, ProgressEvent } from './types.ts';

export interface BacktestRequest extends BacktestOptions {
  configDir: string;
  compareDir?: string;
  outDir: string;
  failIf: string[];
  format: 'text' | 'json';
  /** The arguments as given, for the provenance's command line. */
  argv: readonly string[];
  onTick?: (label: string, e: ProgressEvent) => void;
  shouldStop?: () => boolean;
}

export interface BacktestResult {
  output: string;
  exitCode: 0 | 1;
  metrics: BacktestMetrics;
  run: BacktestRun;
  comparison: Comparison | null;
  failIf: FailIfResult[];
}

async function loadConfig(dir: string): Promise<ResolvedConfig> {
  const { config, findings } = await loadConfigDir(dir);
  if (!config) throw twError('TW_BACKTEST_BAD_CONFIG', { dir, findings: findings.filter((f) => f.severity === 'error').map(formatFinding).join('\n') });
  return config;
}

export async function backtest(req: BacktestRequest): Promise<BacktestResult> {
  if (req.data.length === 0) throw twError('TW_BACKTEST_NO_DATA', {});
  const rules = req.failIf.map(parseFailIf);
  const config = await loadConfig(req.configDir);
  const other = req.compareDir ? await loadConfig(req.compareDir) : null;
  try {
    await mkdir(req.outDir, { recursive: true });
  } catch (e) {
    throw twError('TW_BACKTEST_OUT_NOT_WRITABLE', { dir: req.outDir, reason: (e as Error).message }, { cause: e });
  }
  const run = await runBacktest(config, req, {
    storePath: join(req.outDir, 'backtest.duckdb'), shouldStop: req.shouldStop, onTick: (e) => req.onTick?.(other ? 'A' : 'backtest', e),
  });
  const metrics = computeMetrics(run.ledger);
  let comparison: Comparison | null = null;
  if (other && !run.partial) {
    const runB = await runBacktest(other, req, { shouldStop: req.shouldStop, onTick: (e) => req.onTick?.('B', e) });
    run.partial ||= runB.partial;
    comparison = compareRuns(run, metrics, runB, computeMetrics(runB.ledger), { a: req.configDir, b: req.compareDir! });
  }
  const provenance: Provenance = {
    tickwiseVersion: await tickwiseVersion(), configVersion: config.version, compareConfigVersion: other?.version ?? null,
    data: await Promise.all(req.data.map(fileEntry)), vix: req.vix ? await fileEntry(req.vix) : null,
    fill: { price: req.fill, timing: 'snapshot', commissionPerContract: req.commission }, startingEquity: req.equity,
    commandLine: commandLine(req.argv), partial: run.partial,
  };
  const metricsJson = `${JSON.stringify(metrics, null, 2)}\n`;
  const write = (name: string, text: string) => writeFile(join(req.outDir, name), text);
  try {
    await write('metrics.json', metricsJson);
    await write('trades.csv', tradesCsv(run.ledger, run.details));
    await write('decisions.csv', decisionsCsv(run.decisions));
    await write('equity.csv', equityCsv(run.ledger));
    await write('provenance.json', `${JSON.stringify(provenance, null, 2)}\n`);
    await write('report.html', await renderReport(reportData(run, metrics, provenance, comparison)));
    if (comparison) await write('comparison.json', `${JSON.stringify(comparison, null, 2)}\n`);
  } catch (e) {
    throw twError('TW_BACKTEST_OUT_NOT_WRITABLE', { dir: req.outDir, reason: (e as Error).message }, { cause: e });
  }
  const failIf = rules.map((r) => checkFailIf(r, metrics.overall));
  const breached = failIf.some((r) => r.breached);
  const output = req.format === 'json' ? metricsJson : renderText(run, metrics, comparison, failIf, req.outDir);
  return { output, exitCode: breached ? 1 : 0, metrics, run, comparison, failIf };
}

function renderText(run: BacktestRun, m: BacktestMetrics, c: Comparison | null, failIf: FailIfResult[], out: string): string {
  const o = m.overall;
  const r = run.replay;
  let text = run.partial ? 'PARTIAL: interrupted before the end of the data; the numbers cover the days replayed.\n' : '';
  text += `backtest of config ${run.config.version} on ${run.underlying.symbol}: ${o.days} trading days (${r[0]?.firstDate} to ${r[r.length - 1]?.lastDate}), ${run.rows.toLocaleString('en-US')} quote rows, fill ${run.options.fill}\n`;
  text += `${o.trades} closed trades, ${o.openAtEnd} still open at the end; equity ${o.startingEquity.toFixed(2)} → ${o.endingEquity.toFixed(2)}\n`;
  text += `outputs in ${out}: report.html, metrics.json, trades.csv, decisions.csv, equity.csv, backtest.duckdb\n\n`;
  const rules = exitRuleTable(m);
  if (rules) text += `${rules}\n`;
  if (c) text += `${comparisonText(c)}\n`;
  if (failIf.length) text += `${failIfText(failIf)}\n`;
  return text + metricsTable(m);
}

export const resolveAll = (cwd: string, paths: readonly string[]) => paths.map((p) => resolve(cwd, p));
