/** Reporters: text (✓/✗ per scenario with what happened instead), json, and JUnit XML (one testcase per expectation). */
import { formatFinding } from '../../engine/config/index.ts';
import type { ScenarioReport } from './types.ts';

export type ReportFormat = 'text' | 'json' | 'junit';

export function renderReports(reports: readonly ScenarioReport[], format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify({ ok: reports.every((r) => r.status === 'pass'), scenarios: reports.map(jsonOf) }, null, 2)}\n`;
  if (format === 'junit') return junit(reports);
  return text(reports);
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

function esc(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function junit(reports: readonly ScenarioReport[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const cases = (r: ScenarioReport) => r.results.length + (r.snapshot ? 1 : 0) + (r.status === 'invalid' ? 1 : 0);
  const tests = reports.reduce((n, r) => n + cases(r), 0);
  const failures = reports.reduce((n, r) => n + r.results.filter((x) => !x.ok).length + (r.snapshot && r.snapshot.status !== 'match' && r.snapshot.status !== 'written' ? 1 : 0), 0);
  const errors = reports.filter((r) => r.status === 'invalid').length;
  out.push(`<testsuites name="tickwise dry-run" tests="${tests}" failures="${failures}" errors="${errors}">`);
  for (const r of reports) {
    const f = r.results.filter((x) => !x.ok).length + (r.snapshot && r.snapshot.status !== 'match' && r.snapshot.status !== 'written' ? 1 : 0);
    out.push(`  <testsuite name="${esc(r.path)}" tests="${cases(r)}" failures="${f}" errors="${r.status === 'invalid' ? 1 : 0}">`);
    out.push(`    <properties><property name="description" value="${esc(r.description)}"/><property name="configVersion" value="${esc(r.configVersion ?? '')}"/></properties>`);
    if (r.status === 'invalid') {
      const msg = [...r.findings.map(formatFinding), ...(r.error ? [r.error] : [])].join('\n');
      out.push(`    <testcase classname="${esc(r.name)}" name="scenario is valid"><error message="${esc(msg.split('\n')[0] ?? 'invalid')}">${esc(msg)}</error></testcase>`);
    }
    for (const x of r.results) {
      const name = `${esc(x.title)}`;
      if (x.ok) out.push(`    <testcase classname="${esc(r.name)}" name="${name}"/>`);
      else out.push(`    <testcase classname="${esc(r.name)}" name="${name}"><failure message="${esc(x.title)}">${esc([x.expectation.where, ...x.detail].join('\n'))}</failure></testcase>`);
    }
    if (r.snapshot) {
      const s = r.snapshot;
      const name = `decisions match ${esc(s.path)}`;
      if (s.status === 'match' || s.status === 'written') out.push(`    <testcase classname="${esc(r.name)}" name="${name}"/>`);
      else out.push(`    <testcase classname="${esc(r.name)}" name="${name}"><failure message="${s.status === 'missing' ? 'no snapshot' : 'decisions changed'}">${esc(s.diff.join('\n'))}</failure></testcase>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
