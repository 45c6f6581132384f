/**
 * JUnit XML in the shape CI summaries read (the Ant / Jenkins JUnit schema): `testsuites` › `testsuite` (one per
 * scenario: name, tests, failures, errors, skipped, time, timestamp, hostname, id, package) › `testcase` (one per
 * expectation and per check every run gets: name, classname, time) › `failure` / `error` with `message` (the
 * reason in one line, e.g. `pnlPct 0.45 < 0.6`), `type` (what kind of check failed) and the full account as text.
 * `time` and `timestamp` are the only wall-clock values tickwise prints (docs/dry-run.md, "JUnit").
 */
import { formatFinding } from '../../engine/config/index.ts';
import { operatorFailure } from '../../engine/evaluate/index.ts';
import type { ExpectationResult, ScenarioReport } from './types.ts';

function esc(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** xs:dateTime without a zone, as the JUnit schema wants (UTC). */
export function junitTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

const secs = (s: number | undefined) => (Math.max(0, s ?? 0)).toFixed(3);

/**
 * The reason a check failed, in one line: the conditions that did not hold as `fact value op threshold` (from the
 * condition-by-condition account), else the first line of what happened instead.
 */
export function failureReason(x: ExpectationResult): string {
  const leaves: string[] = [];
  for (const line of x.detail) {
    const m = /^\s*✗ (\S+) (\w+) (.+?): the fact was (.+?)(, previously .+?)?( \(not evaluated\))?$/.exec(line);
    if (!m || m[6]) continue;
    const [, fact, op, value, seen] = m;
    leaves.push(operatorFailure(op, fact, seen, value));
  }
  const first = x.detail.find((l) => l.trim() !== '')?.trim().replace(/^but /, '') ?? 'failed';
  if (!leaves.length) return first;
  const decidedInstead = x.detail.some((l) => /^what was decided/.test(l) || /decided elsewhere/.test(l));
  return decidedInstead ? `${leaves.join('; ')} (${first.replace(/:$/, '')})` : leaves.join('; ');
}

/** The kind of check: the expectation's key (`decision`, `closed`, …) or the implicit check's name. */
function failureType(x: ExpectationResult): string {
  const spec = x.expectation.spec as Record<string, unknown>;
  const [kind, body] = Object.entries(spec)[0] ?? ['expectation', null];
  if (kind === 'implicit') return String(body);
  return kind;
}

function caseOf(r: ScenarioReport, name: string, seconds: number | undefined, inner: string | null): string {
  const head = `    <testcase classname="${esc(r.name)}" name="${esc(name)}" time="${secs(seconds)}"`;
  return inner === null ? `${head}/>` : `${head}>${inner}</testcase>`;
}

function suite(r: ScenarioReport, id: number): { lines: string[]; tests: number; failures: number; errors: number } {
  const out: string[] = [];
  const snapFailed = r.snapshot !== null && r.snapshot.status !== 'match' && r.snapshot.status !== 'written';
  const failures = r.results.filter((x) => !x.ok).length + (snapFailed ? 1 : 0);
  const errors = r.status === 'invalid' ? 1 : 0;
  const tests = r.results.length + (r.snapshot ? 1 : 0) + errors;
  const dir = r.path.includes('/') ? r.path.slice(0, r.path.lastIndexOf('/')) : '.';
  out.push(`  <testsuite name="${esc(r.path)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="0" time="${secs(r.seconds)}" timestamp="${junitTimestamp(r.startedAt)}" hostname="localhost" id="${id}" package="${esc(dir)}">`);
  out.push(`    <properties><property name="description" value="${esc(r.description)}"/><property name="configVersion" value="${esc(r.configVersion ?? '')}"/></properties>`);
  if (errors) {
    const msg = [...r.findings.map(formatFinding), ...(r.error ? [r.error] : [])].join('\n');
    const code = /\b(TW_[A-Z_]+)\b/.exec(msg)?.[1] ?? 'invalid';
    out.push(caseOf(r, 'scenario is valid', r.seconds, `<error message="${esc(msg.split('\n')[0] || 'invalid')}" type="${esc(code)}">${esc(msg)}</error>`));
  }
  for (const x of r.results) {
    if (x.ok) out.push(caseOf(r, x.title, x.seconds, null));
    else out.push(caseOf(r, x.title, x.seconds, `<failure message="${esc(failureReason(x))}" type="${esc(failureType(x))}">${esc([x.expectation.where, ...x.detail].join('\n'))}</failure>`));
  }
  if (r.snapshot) {
    const s = r.snapshot;
    const name = `decisions match ${s.path}`;
    if (!snapFailed) out.push(caseOf(r, name, 0, null));
    else {
      const changed = s.diff.filter((l) => l.startsWith('- ') || l.startsWith('+ ')).length;
      const message = s.status === 'missing' ? `no snapshot at ${s.path}: run tickwise dry-run --update ${r.path}` : `${changed} line(s) differ from ${s.path}: ${s.diff.find((l) => l.startsWith('- ') || l.startsWith('+ ')) ?? ''}`;
      out.push(caseOf(r, name, 0, `<failure message="${esc(message)}" type="snapshot-${s.status}">${esc(s.diff.join('\n'))}</failure>`));
    }
  }
  out.push('    <system-out/>', '    <system-err/>', '  </testsuite>');
  return { lines: out, tests, failures, errors };
}

export function junit(reports: readonly ScenarioReport[], startedAt: number, seconds: number): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const suites = reports.map((r, i) => suite(r, i));
  const sum = (k: 'tests' | 'failures' | 'errors') => suites.reduce((n, s) => n + s[k], 0);
  out.push(`<testsuites name="tickwise dry-run" tests="${sum('tests')}" failures="${sum('failures')}" errors="${sum('errors')}" time="${secs(seconds)}" timestamp="${junitTimestamp(startedAt)}">`);
  for (const s of suites) out.push(...s.lines);
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
