/**
 * `tickwise dry-run` as a function: finds scenario files, loads the config each names (or the default), runs each
 * through the kernel, checks expectations or the snapshot, and renders one report. Output is deterministic: no wall
 * clock, no durations, files in name order.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { loadConfigDir, type Finding, type LoadResult } from '../../engine/config/index.ts';
import { isTickwiseError, twError } from '../../engine/errors/index.ts';
import { loadScenarioText, type Scenario } from '../../adapters/scenario/index.ts';
import { bindScenario } from './bind.ts';
import { implicitChecks } from './checks.ts';
import { checkExpectations } from './expectations.ts';
import { explainTick } from './explain.ts';
import { renderReports, type ReportFormat } from './report.ts';
import { runScenario } from './run-scenario.ts';
import { checkSnapshot } from './snapshot.ts';
import type { ScenarioReport, ScenarioRun } from './types.ts';

export interface DryRunOptions {
  /** Scenario files or folders (default: `scenarios` under cwd). */
  paths: string[];
  cwd: string;
  /** Config folder for scenarios that name none (default cwd). */
  configDir?: string;
  format?: ReportFormat;
  explain?: boolean;
  update?: boolean;
  /** Fill price for every scenario (`mid`, `natural`, `mid+F`), overriding the scenarios' own `fill.price`. */
  fill?: string;
}

export interface DryRunResult {
  reports: ScenarioReport[];
  output: string;
  /** 0 every expectation held, 1 one failed, 2 a config or scenario is invalid. */
  exitCode: 0 | 1 | 2;
}

/** Scenario files under the given paths, relative to cwd, sorted, without duplicates. */
export async function findScenarios(paths: readonly string[], cwd: string): Promise<string[]> {
  const found = new Set<string>();
  for (const p of paths.length ? paths : ['scenarios']) {
    const abs = resolve(cwd, p);
    const s = await stat(abs).catch(() => null);
    if (!s) throw twError('TW_DRYRUN_NOT_FOUND', { path: p });
    if (s.isFile()) found.add(abs);
    else {
      const before = found.size;
      for (const f of await walk(abs)) found.add(f);
      if (found.size === before) throw twError('TW_DRYRUN_NO_SCENARIOS', { path: p });
    }
  }
  return [...found].sort();
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const p = join(dir, e.name);
    // A folder holding strategies.yaml is a config folder a scenario points at, not scenarios.
    if (e.isDirectory()) {
      if (!(await stat(join(p, 'strategies.yaml')).catch(() => null))) out.push(...(await walk(p)));
    } else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

export async function dryRun(options: DryRunOptions): Promise<DryRunResult> {
  const files = await findScenarios(options.paths, options.cwd);
  const configs = new Map<string, Promise<LoadResult>>();
  const loadConfig = (dir: string) => {
    let p = configs.get(dir);
    if (!p) configs.set(dir, (p = loadConfigDir(dir)));
    return p;
  };
  const defaultDir = resolve(options.cwd, options.configDir ?? '.');
  const reports: ScenarioReport[] = [];
  for (const abs of files) reports.push(await runOne(abs, relative(options.cwd, abs) || abs, defaultDir, loadConfig, options));
  const exitCode = reports.some((r) => r.status === 'invalid') ? 2 : reports.some((r) => r.status === 'fail') ? 1 : 0;
  return { reports, output: renderReports(reports, options.format ?? 'text'), exitCode };
}

async function runOne(abs: string, path: string, defaultDir: string, loadConfig: (dir: string) => Promise<LoadResult>, options: DryRunOptions): Promise<ScenarioReport> {
  const report: ScenarioReport = { name: path.replace(/\.ya?ml$/, ''), path, description: '', status: 'invalid', configVersion: null, ticks: 0, results: [], decisions: [], findings: [], error: null, snapshot: null, explain: null };
  const loaded = loadScenarioText(path, abs, await readFile(abs, 'utf8'));
  if (!loaded.scenario) return { ...report, findings: loaded.findings };
  report.description = loaded.scenario.description;
  const dir = loaded.scenario.configDir ?? defaultDir;
  let result: LoadResult;
  try {
    result = await loadConfig(dir);
  } catch (e) {
    return { ...report, error: message(e) };
  }
  const shownDir = relative(options.cwd, dir) || '.';
  if (!result.config) {
    const errors = result.findings.filter((f) => f.severity === 'error');
    const inDir = errors.map((f): Finding => ({ ...f, file: `${shownDir}/${f.file}` }));
    return { ...report, findings: inDir, error: message(twError('TW_DRYRUN_CONFIG_INVALID', { dir: shownDir, errors: errors.length, scenario: path })) };
  }
  report.configVersion = result.config.version;
  const bound = bindScenario(loaded as typeof loaded & { scenario: Scenario }, result.config);
  if (options.fill !== undefined) bound.scenario = { ...bound.scenario, fill: { ...bound.scenario.fill, price: options.fill } };
  if (bound.findings.length) return { ...report, findings: bound.findings };
  let run: ScenarioRun;
  try {
    run = await runScenario(bound.scenario, result.config);
  } catch (e) {
    return { ...report, error: message(e) };
  }
  report.ticks = run.ticks.length;
  report.decisions = run.decisions.map((d) => `tick ${d.tickSeq} ${d.positionId ?? 'portfolio'}: ${d.rule} → ${d.action} (${d.outcome})`);
  if (bound.scenario.expect) report.results = await checkExpectations(run, bound.scenario.expect);
  report.results.push(...implicitChecks(run));
  if (!bound.scenario.expect) report.snapshot = checkSnapshot(run, abs, path, options.update ?? false);
  if (options.explain) {
    report.explain = [];
    for (const t of run.ticks) report.explain.push(...(await explainTick(run, t)));
  }
  const snapshotOk = !report.snapshot || report.snapshot.status === 'match' || report.snapshot.status === 'written';
  report.status = report.results.every((r) => r.ok) && snapshotOk ? 'pass' : 'fail';
  return report;
}

function message(e: unknown): string {
  if (isTickwiseError(e)) return `${e.code} ${e.message}${e.hint ? ` (${e.hint})` : ''}`;
  throw e;
}
