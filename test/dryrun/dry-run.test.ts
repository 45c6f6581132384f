import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dryRun } from '../../bin/dryrun/index.ts';
import { repoRoot } from '../kernel/helpers.ts';
import { parseXml } from './xml.ts';

const tmp = mkdtempSync(join(tmpdir(), 'tickwise-dryrun-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of the shipped config plus one scenario, in a temp folder. */
function workspace(name: string, scenario: string, edit?: (strategies: string) => string): string {
  const dir = join(tmp, name);
  cpSync(join(repoRoot, 'rules'), join(dir, 'rules'), { recursive: true });
  cpSync(join(repoRoot, 'facts.yaml'), join(dir, 'facts.yaml'));
  const strategies = readFileSync(join(repoRoot, 'strategies.yaml'), 'utf8');
  writeFileSync(join(dir, 'strategies.yaml'), edit ? edit(strategies) : strategies);
  cpSync(join(repoRoot, 'scenarios', scenario), join(dir, 'scenario.yaml'));
  return dir;
}

describe('tickwise dry-run', () => {
  it('exits 1 with an account of what changed when the take-profit threshold is raised in a copy of the config', async () => {
    const dir = workspace('raised', 'rules/take-profit-fires-call-spread.yaml', (s) => s.replace('takeProfitPct: 0.4', 'takeProfitPct: 0.6'));
    const result = await dryRun({ paths: ['scenario.yaml'], cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain('✗ scenario.yaml');
    expect(result.output).toContain('✗ decision: ccs1 take-profit → close (applied) at tick 2');
    expect(result.output).toContain('take-profit at tick 2 (2026-03-03 10:00) for ccs1: did not match [takeProfitPct=0.6]');
    expect(result.output).toContain('✗ pnlPct greaterThanInclusive 0.6: the fact was 0.45');
    expect(result.output).toContain('but it is managed');
  }, 60_000);

  it('passes the same scenario on the unchanged config', async () => {
    const dir = workspace('same', 'rules/take-profit-fires-call-spread.yaml');
    const result = await dryRun({ paths: ['scenario.yaml'], cwd: dir });
    expect(result.exitCode).toBe(0);
  }, 60_000);

  it('writes JUnit XML that parses, with one test case per expectation', async () => {
    const dir = workspace('junit', 'kill-switch.yaml');
    const result = await dryRun({ paths: ['scenario.yaml'], cwd: dir, format: 'junit' });
    const root = parseXml(result.output);
    expect(root.name).toBe('testsuites');
    const suite = root.children[0] as { name: string; attrs: Record<string, string>; children: { name: string }[] };
    const cases = suite.children.filter((c) => c.name === 'testcase');
    // Six expectations, and two checks every run gets: its orders filled and its money adds up.
    expect(cases).toHaveLength(8);
    expect(suite.attrs.tests).toBe('8');
    expect(cases.map((c) => (c as unknown as { attrs: { name: string } }).attrs.name)).toEqual(expect.arrayContaining(['orders filled: 2 of 2']));
    expect(suite.attrs.failures).toBe('0');
  }, 60_000);

  it('reports failures in JUnit XML that still parses (special characters escaped)', async () => {
    const dir = workspace('junit-fail', 'rules/take-profit-fires-call-spread.yaml', (s) => s.replace('takeProfitPct: 0.4', 'takeProfitPct: 0.6'));
    const result = await dryRun({ paths: ['scenario.yaml'], cwd: dir, format: 'junit' });
    const root = parseXml(result.output);
    expect(root.attrs.failures).toBe('3');
  }, 60_000);

  it('gives byte-identical output for the same inputs', async () => {
    const dir = workspace('determinism', 'halting.yaml');
    const a = await dryRun({ paths: ['scenario.yaml'], cwd: dir, format: 'json', explain: true });
    const b = await dryRun({ paths: ['scenario.yaml'], cwd: dir, format: 'json', explain: true });
    expect(a.output).toBe(b.output);
    expect(a.output.length).toBeGreaterThan(1000);
  }, 60_000);

  it('exits 2 with file:line:col for an invalid scenario', async () => {
    const dir = workspace('invalid', 'rules/stop-loss-fires.yaml');
    const text = readFileSync(join(dir, 'scenario.yaml'), 'utf8').replace('strategy: spy-call-credit-spread', 'strategy: spy-call-credit-sprad').replace('openedAt: -5d', 'openedAt: -5d\n    colour: red');
    writeFileSync(join(dir, 'scenario.yaml'), text);
    const result = await dryRun({ paths: ['scenario.yaml'], cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.output).toMatch(/scenario\.yaml:8:5: error TW_CONFIG_UNKNOWN_KEY unknown key "colour"/);
  }, 60_000);

  it('exits 2 naming the strategy the config lacks', async () => {
    const dir = workspace('unknown-strategy', 'rules/stop-loss-fires.yaml');
    writeFileSync(join(dir, 'scenario.yaml'), readFileSync(join(dir, 'scenario.yaml'), 'utf8').replace('strategy: spy-call-credit-spread', 'strategy: spy-call-credit-sprad'));
    const result = await dryRun({ paths: ['scenario.yaml'], cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.output).toMatch(/scenario\.yaml:6:15: error TW_DRYRUN_UNKNOWN_STRATEGY .*did you mean "spy-call-credit-spread"/);
  }, 60_000);

  it('records a snapshot with --update and shows a diff when the rules decide differently', async () => {
    const dir = workspace('snap', 'rules/take-profit-fires-call-spread.yaml');
    const text = readFileSync(join(dir, 'scenario.yaml'), 'utf8');
    writeFileSync(join(dir, 'scenario.yaml'), text.slice(0, text.indexOf('expect:')));
    expect((await dryRun({ paths: ['scenario.yaml'], cwd: dir, update: true })).exitCode).toBe(0);
    expect(readFileSync(join(dir, 'scenario.snap'), 'utf8')).toContain('decision tick 2 (2026-03-03 10:00) ccs1: take-profit → close (applied)');
    expect((await dryRun({ paths: ['scenario.yaml'], cwd: dir })).exitCode).toBe(0);
    writeFileSync(join(dir, 'strategies.yaml'), readFileSync(join(dir, 'strategies.yaml'), 'utf8').replace('takeProfitPct: 0.4', 'takeProfitPct: 0.6'));
    const changed = await dryRun({ paths: ['scenario.yaml'], cwd: dir });
    expect(changed.exitCode).toBe(1);
    expect(changed.output).toContain('- decision tick 2 (2026-03-03 10:00) ccs1: take-profit → close (applied)');
    expect(changed.output).toContain('+ state ccs1 managed');
  }, 90_000);
});
