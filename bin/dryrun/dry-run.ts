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
import { createCoverage, type CoverageCollector, type CoverageReport } from './coverage.ts';
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
  /** Rule coverage over the run (docs/dry-run.md, "Rule coverage"); the text and JSON reports carry it. */
  coverage?: boolean;
  /** Exit 1 when the coverage ratio (0..1) is below this, or when the recomputation disagrees with a decision. Implies `coverage`. */
  minCoverage?: number;
  /** Wall clock in ms, for JUnit's `time` and `timestamp` only (default Date.now); no other output reads it. */
  now?: () => number;
}

export interface DryRunResult {
  reports: ScenarioReport[];
  output: string;
  /** 0 every expectation held (and coverage met --min-coverage), 1 one failed, 2 a config or scenario is invalid. */
  exitCode: 0 | 1 | 2;
  /** With `coverage` (or `minCoverage`). */
  coverage: CoverageReport | null;
  /** When the run started (the `now` clock, ms), for reports that carry a timestamp. */
  startedAt: number;
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
  const now = options.now ?? Date.now;
  const startedAt = now();
  const collector = options.coverage || options.minCoverage !== undefined ? createCoverage() : null;
  const reports: ScenarioReport[] = [];
  for (const abs of files) {
    const began = now();
    const report = await runOne(abs, relative(options.cwd, abs) || abs, defaultDir, loadConfig, options, collector, now);
    reports.push({ ...report, startedAt: began, seconds: (now() - began) / 1000 });
  }
  const coverage = collector?.report(relative(options.cwd, defaultDir) || '.') ?? null;
  const below = coverage !== null && options.minCoverage !== undefined && (coverage.ratio < options.minCoverage || coverage.disagreements.length > 0);
  const exitCode = reports.some((r) => r.status === 'invalid') ? 2 : reports.some((r) => r.status === 'fail') || below ? 1 : 0;
  const output = renderReports(reports, options.format ?? 'text', { coverage, minCoverage: options.minCoverage ?? null, startedAt, seconds: (now() - startedAt) / 1000 });
  return { reports, output, exitCode, coverage, startedAt };
}

async function runOne(abs: string, path: string, defaultDir: string, loadConfig: (dir: string) => Promise<LoadResult>, options: DryRunOptions, coverage: CoverageCollector | null, now: () => number): Promise<ScenarioReport> {
  const report: ScenarioReport = { name: path.replace(/\.ya?ml$/, ''), path, description: '', status: 'invalid', configVersion: null, ticks: 0, results: [], decisions: [], findings: [], error: null, snapshot: null, explain: null, startedAt: 0, seconds: 0 };
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
  coverage?.add(run, report.name, shownDir);
  if (bound.scenario.expect) report.results = await checkExpectations(run, bound.scenario.expect, now);
  const began = now();
  const implicit = implicitChecks(run);
  const each = (now() - began) / 1000 / Math.max(implicit.length, 1);
  report.results.push(...implicit.map((x) => ({ ...x, seconds: each })));
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
