/**
 * Reporters: text (✓/✗ per scenario with what happened instead), json, and JUnit XML (junit.ts). With `--coverage`
 * the text and JSON reports end with the rule coverage (coverage-report.ts).
 */
import { formatFinding } from '../../engine/config/index.ts';
import type { CoverageReport } from './coverage.ts';
import { coverageJson, coverageText, pct } from './coverage-report.ts';
import { junit } from './junit.ts';
import type { ScenarioReport } from './types.ts';

export type ReportFormat = 'text' | 'json' | 'junit';

export interface ReportExtras {
  coverage?: CoverageReport | null;
  minCoverage?: number | null;
  /** Wall clock (ms) and seconds of the whole run: JUnit only. */
  startedAt?: number;
  seconds?: number;
}

export function renderReports(reports: readonly ScenarioReport[], format: ReportFormat, extras: ReportExtras = {}): string {
  const c = extras.coverage ?? null;
  if (format === 'json') {
    const gate = c && extras.minCoverage != null ? { minCoverage: extras.minCoverage, coverageOk: coverageOk(c, extras.minCoverage) } : {};
    return `${JSON.stringify({ ok: reports.every((r) => r.status === 'pass'), scenarios: reports.map(jsonOf), ...(c ? { coverage: coverageJson(c), ...gate } : {}) }, null, 2)}\n`;
  }
  if (format === 'junit') return junit(reports, extras.startedAt ?? 0, extras.seconds ?? 0);
  const lines = text(reports);
  if (!c) return lines;
  return `${lines}\n${[...coverageText(c), ...gateLines(c, extras.minCoverage ?? null)].join('\n')}\n`;
}

export function coverageOk(c: CoverageReport, min: number): boolean {
  return c.ratio >= min && c.disagreements.length === 0;
}

/** The --min-coverage verdict, one line. */
export function gateLines(c: CoverageReport, min: number | null): string[] {
  if (min === null) return [];
  if (coverageOk(c, min)) return [`✓ rule coverage ${pct(c.ratio)} meets --min-coverage ${pct(min)}`];
  const why = c.ratio < min ? `is below --min-coverage ${pct(min)}` : 'cannot be trusted: the recomputation disagrees with recorded decisions';
  return [`✗ rule coverage ${pct(c.ratio)} ${why}`];
}

function jsonOf(r: ScenarioReport) {
  return {
    name: r.name, path: r.path, description: r.description, status: r.status, configVersion: r.configVersion, ticks: r.ticks,
    expectations: r.results.map((x) => ({ title: x.title, where: x.expectation.where, ok: x.ok, detail: x.detail })),
    decisions: r.decisions, findings: r.findings, error: r.error, snapshot: r.snapshot, ...(r.explain ? { explain: r.explain } : {}),
  };
}

function text(reports: readonly ScenarioReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    const mark = r.status === 'pass' ? '✓' : '✗';
    out.push(`${mark} ${r.path}: ${r.description}${r.status === 'invalid' ? ' (invalid)' : ''}`);
    for (const f of r.findings) out.push(`    ${formatFinding(f)}`);
    if (r.error) out.push(`    ${r.error}`);
    for (const x of r.results) {
      // The checks every run gets say what the run traded even when they hold (docs/dry-run.md).
      if (x.ok && x.expectation.index === -1) out.push(`    · ${x.title}`);
      if (x.ok) continue;
      out.push(`    ✗ ${x.title}  [${x.expectation.where}]`);
      for (const l of x.detail) out.push(`        ${l}`);
    }
    if (r.snapshot) {
      const s = r.snapshot;
      if (s.status === 'written') out.push(`    snapshot written: ${s.path}`);
      else if (s.status === 'missing') out.push(`    ✗ no snapshot at ${s.path}: run \`tickwise dry-run --update ${r.path}\` to record one`);
      else if (s.status === 'changed') {
        out.push(`    ✗ the decisions differ from ${s.path} (- snapshot, + this run):`);
        for (const l of s.diff) out.push(`        ${l}`);
      }
    }
    if (r.explain) for (const l of r.explain) out.push(`    ${l}`);
  }
  const pass = reports.filter((r) => r.status === 'pass').length;
  const invalid = reports.filter((r) => r.status === 'invalid').length;
  const failed = reports.length - pass - invalid;
  out.push('', `${reports.length} scenario${reports.length === 1 ? '' : 's'}: ${pass} passed, ${failed} failed, ${invalid} invalid`);
  return `${out.join('\n')}\n`;
}
