import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dryRun } from '../../bin/dryrun/index.ts';
import { repoRoot } from '../kernel/helpers.ts';
import { kids, parseXml, type XmlElement } from './xml.ts';

const tmp = mkdtempSync(join(tmpdir(), 'tickwise-junit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function workspace(name: string, scenario: string, edit: (strategies: string) => string = (s) => s): string {
  const dir = join(tmp, name);
  cpSync(join(repoRoot, 'rules'), join(dir, 'rules'), { recursive: true });
  cpSync(join(repoRoot, 'facts.yaml'), join(dir, 'facts.yaml'));
  writeFileSync(join(dir, 'strategies.yaml'), edit(readFileSync(join(repoRoot, 'strategies.yaml'), 'utf8')));
  cpSync(join(repoRoot, 'scenarios', scenario), join(dir, 'scenario.yaml'));
  return dir;
}

/** xs:dateTime without a zone and xs:decimal, as the JUnit schema (Ant/Jenkins junit-10.xsd, windyroad JUnit.xsd) types them. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const DECIMAL = /^\d+(\.\d+)?$/;
const INT = /^\d+$/;

/** The JUnit XSD's shape: every required element and attribute, with its type. Returns the problems found. */
function junitProblems(root: XmlElement): string[] {
  const p: string[] = [];
  const need = (e: XmlElement, attr: string, re?: RegExp) => {
    const v = e.attrs[attr];
    if (v === undefined) p.push(`<${e.name}> lacks ${attr}`);
    else if (re && !re.test(v)) p.push(`<${e.name} ${attr}="${v}"> is not ${String(re)}`);
  };
  if (root.name !== 'testsuites') p.push(`root is <${root.name}>`);
  for (const a of ['tests', 'failures', 'errors']) need(root, a, INT);
  need(root, 'time', DECIMAL);
  for (const s of root.children) {
    if (s.name !== 'testsuite') { p.push(`<testsuites> holds <${s.name}>`); continue; }
    need(s, 'name');
    for (const a of ['tests', 'failures', 'errors', 'skipped', 'id']) need(s, a, INT);
    need(s, 'time', DECIMAL);
    need(s, 'timestamp', TIMESTAMP);
    need(s, 'hostname');
    need(s, 'package');
    const order = s.children.map((c) => c.name);
    const allowed = ['properties', 'testcase', 'system-out', 'system-err'];
    if (order.some((n) => !allowed.includes(n))) p.push(`<testsuite> holds ${order.join(',')}`);
    if (order.indexOf('properties') > 0 || order.lastIndexOf('testcase') > order.indexOf('system-out')) p.push(`<testsuite> children out of order: ${order.join(',')}`);
    const cases = kids(s, 'testcase');
    if (String(cases.length) !== s.attrs.tests) p.push(`${s.attrs.name}: tests=${s.attrs.tests} but ${cases.length} testcases`);
    let failures = 0;
    for (const c of cases) {
      need(c, 'name');
      need(c, 'classname');
      need(c, 'time', DECIMAL);
      for (const f of c.children) {
        if (f.name !== 'failure' && f.name !== 'error' && f.name !== 'skipped') p.push(`<testcase> holds <${f.name}>`);
        if (f.name === 'failure') failures += 1;
        if (f.name === 'failure' || f.name === 'error') { need(f, 'message'); need(f, 'type'); }
      }
    }
    if (String(failures) !== s.attrs.failures) p.push(`${s.attrs.name}: failures=${s.attrs.failures} but ${failures} failures`);
  }
  return p;
}

describe('JUnit that CI summaries can show', () => {
  it('puts the reason a decision did not happen in the failure message, with its type, time and timestamp', async () => {
    const dir = workspace('reason', 'rules/take-profit-fires-call-spread.yaml', (s) => s.replace('takeProfitPct: 0.4', 'takeProfitPct: 0.6'));
    let t = Date.UTC(2026, 11, 3, 17, 0, 0);
    const result = await dryRun({ paths: ['scenario.yaml'], cwd: dir, format: 'junit', now: () => (t += 250) });
    const root = parseXml(result.output);
    expect(junitProblems(root)).toEqual([]);
    const suite = kids(root, 'testsuite')[0];
    expect(suite.attrs.timestamp).toBe('2026-12-03T17:00:00');
    expect(Number(suite.attrs.time)).toBeGreaterThan(0);
    const failed = kids(suite, 'testcase').flatMap((c) => kids(c, 'failure').map((f) => ({ name: c.attrs.name, message: f.attrs.message, type: f.attrs.type })));
    const decision = failed.find((f) => f.name.startsWith('decision: ccs1 take-profit'))!;
    expect(decision.message).toBe('pnlPct 0.45 < 0.6');
    expect(decision.type).toBe('decision');
    // No failure message merely repeats its test's name.
    for (const f of failed) expect(f.message).not.toBe(f.name);
    expect(failed.map((f) => f.type)).toEqual(expect.arrayContaining(['decision', 'orders']));
  }, 60_000);

  it('writes passing runs, snapshots and invalid scenarios in the same schema shape', async () => {
    const ok = await dryRun({ paths: ['scenarios/kill-switch.yaml', 'scenarios/replay/spx-2019-may.yaml'], cwd: repoRoot, format: 'junit' });
    expect(junitProblems(parseXml(ok.output))).toEqual([]);
    const dir = workspace('invalid', 'rules/stop-loss-fires.yaml');
    writeFileSync(join(dir, 'scenario.yaml'), readFileSync(join(dir, 'scenario.yaml'), 'utf8').replace('openedAt: -5d', 'openedAt: -5d\n    colour: red'));
    const bad = parseXml((await dryRun({ paths: ['scenario.yaml'], cwd: dir, format: 'junit' })).output);
    expect(junitProblems(bad)).toEqual([]);
    const error = kids(kids(kids(bad, 'testsuite')[0], 'testcase')[0], 'error')[0];
    expect(error.attrs.type).toBe('TW_CONFIG_UNKNOWN_KEY');
    expect(error.attrs.message).toContain('unknown key "colour"');
  }, 60_000);
});
