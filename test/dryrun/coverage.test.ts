import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dryRun, phasesAtEvaluation, renderCoverage, type RuleCoverage } from '../../bin/dryrun/index.ts';
import { main } from '../../bin/cli.ts';
import type { DecisionRecord, TransitionRecord } from '../../engine/kernel/index.ts';
import { repoRoot } from '../kernel/helpers.ts';
import { kids, parseXml } from './xml.ts';

const tmp = mkdtempSync(join(tmpdir(), 'tickwise-coverage-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const rule = (rules: readonly RuleCoverage[], name: string) => rules.find((r) => r.rule === name && r.config === '.')!;
const leaf = (r: RuleCoverage, label: string) => r.leaves.find((l) => l.label === label)!;

describe('rule coverage in dry-runs', () => {
  it('says which scenarios fired stop-loss and made its condition true and false', async () => {
    const result = await dryRun({ paths: ['scenarios/rules/stop-loss-fires.yaml', 'scenarios/rules/stop-loss-boundary.yaml'], cwd: repoRoot, coverage: true });
    const c = result.coverage!;
    expect(c.disagreements).toEqual([]);
    const stop = rule(c.rules, 'stop-loss');
    expect(stop.firedIn).toEqual(['scenarios/rules/stop-loss-fires']);
    expect(stop.preemptedIn).toEqual([]);
    const l = leaf(stop, 'lossMultipleOfCredit ≥ stopLossMultiple');
    expect(l.trueIn).toEqual(['scenarios/rules/stop-loss-fires']);
    expect(l.falseIn).toEqual(['scenarios/rules/stop-loss-boundary', 'scenarios/rules/stop-loss-fires']);
    expect(l.line).toBe(64);
    expect(result.output).toContain('✓ stop-loss (rules/risk.yaml:53): fired in 1 scenario (rules/stop-loss-fires), never pre-empted, reached in 2; 3 of 3 goals');
    expect(result.output).toContain('`lossMultipleOfCredit ≥ stopLossMultiple` (rules/risk.yaml:64): true in 1 (rules/stop-loss-fires), false in 2');
  }, 60_000);

  it('counts a leaf that the short circuit skipped as neither true nor false', async () => {
    // take-profit is all [pnlPct ≥ target, chainPnl > 0]: below the target, chainPnl is never looked at.
    const c = (await dryRun({ paths: ['scenarios/rules/take-profit-boundary.yaml'], cwd: repoRoot, coverage: true })).coverage!;
    const tp = rule(c.rules, 'take-profit');
    expect(leaf(tp, 'pnlPct ≥ takeProfitPct').falseIn).toEqual(['scenarios/rules/take-profit-boundary']);
    const chain = leaf(tp, 'chainPnl > 0');
    expect([chain.trueIn, chain.falseIn, chain.trueCount, chain.falseCount]).toEqual([[], [], 0, 0]);
    expect(tp.firedIn).toEqual([]);
  }, 60_000);

  it('records a pre-emption and reproduces every recorded decision from the recorded facts and phases', async () => {
    const paths = ['scenarios/rules/gamma-risk-fires.yaml', 'scenarios/rules/dte-roll-fires.yaml', 'scenarios/priority-catastrophe-preempts-take-profit.yaml', 'scenarios/kill-switch.yaml', 'scenarios/halting.yaml'];
    const c = (await dryRun({ paths, cwd: repoRoot, coverage: true })).coverage!;
    expect(c.disagreements).toEqual([]);
    expect(rule(c.rules, 'time-exit').preemptedIn).toEqual(['scenarios/rules/gamma-risk-fires']);
    expect(rule(c.rules, 'take-profit').preemptedIn).toEqual(['scenarios/priority-catastrophe-preempts-take-profit']);
    expect(rule(c.rules, 'catastrophe-stop').firedIn).toEqual(['scenarios/priority-catastrophe-preempts-take-profit']);
    expect(rule(c.rules, 'dte-roll').firedIn).toEqual(['scenarios/rules/dte-roll-fires']);
  }, 60_000);

  it('defines the percentage as goals met over goals: each rule fired, each leaf true, each leaf false', async () => {
    const c = (await dryRun({ paths: ['scenarios/rules/stop-loss-fires.yaml'], cwd: repoRoot, coverage: true })).coverage!;
    const mine = c.rules.filter((r) => r.config === '.');
    expect(c.goals).toBe(mine.reduce((n, r) => n + 1 + 2 * r.leaves.length, 0));
    const met = mine.reduce((n, r) => n + (r.firedIn.length ? 1 : 0) + r.leaves.filter((l) => l.trueIn.length).length + r.leaves.filter((l) => l.falseIn.length).length, 0);
    expect(c.met).toBe(met);
    expect(c.ratio).toBeCloseTo(met / c.goals, 12);
    expect(c.gated).toBe('.');
  }, 60_000);

  it('exits 1 below --min-coverage and 0 at it, saying so', async () => {
    const paths = ['scenarios/rules/stop-loss-fires.yaml'];
    const probe = (await dryRun({ paths, cwd: repoRoot, coverage: true })).coverage!;
    const below = await dryRun({ paths, cwd: repoRoot, minCoverage: probe.ratio + 0.01 });
    expect(below.exitCode).toBe(1);
    expect(below.output).toMatch(/✗ rule coverage \d+\.\d% is below --min-coverage/);
    const at = await dryRun({ paths, cwd: repoRoot, minCoverage: probe.ratio });
    expect(at.exitCode).toBe(0);
    expect(at.output).toMatch(/✓ rule coverage \d+\.\d% meets --min-coverage/);
  }, 60_000);

  it('writes Cobertura XML through the CLI: a class per rule, a branch line per leaf with its condition coverage', async () => {
    const out = join(tmp, 'coverage.xml');
    const stdout: string[] = [];
    const io = { stdout: { write: (s: string) => stdout.push(s) } as never, stderr: { write: () => true } as never, cwd: repoRoot, env: {} };
    const code = await main(['dry-run', 'scenarios/rules/stop-loss-fires.yaml', 'scenarios/rules/stop-loss-boundary.yaml', '--coverage-format', 'cobertura', '--coverage-out', out], io);
    expect(code).toBe(0);
    expect(stdout.join('')).toContain('rule coverage: ');
    const root = parseXml(readFileSync(out, 'utf8'));
    expect(root.name).toBe('coverage');
    for (const a of ['line-rate', 'branch-rate', 'lines-covered', 'lines-valid', 'branches-covered', 'branches-valid', 'timestamp']) expect(root.attrs[a]).toMatch(/^\d+(\.\d+)?$/);
    const pkg = kids(kids(root, 'packages')[0], 'package')[0];
    const stop = kids(kids(pkg, 'classes')[0], 'class').find((c) => c.attrs.name === 'stop-loss')!;
    expect(stop.attrs.filename).toBe('rules/risk.yaml');
    const lines = kids(kids(stop, 'lines')[0], 'line');
    expect(lines.map((l) => l.attrs)).toEqual([
      { number: '53', hits: '1', branch: 'false' },
      { number: '64', hits: expect.stringMatching(/^[1-9]\d*$/), branch: 'true', 'condition-coverage': '100% (2/2)' },
    ]);
  }, 60_000);

  it('refuses --coverage-format without --coverage-out (the coverage otherwise travels with the report)', async () => {
    const err: string[] = [];
    const io = { stdout: { write: () => true } as never, stderr: { write: (s: string) => err.push(s) } as never, cwd: repoRoot, env: {} };
    expect(await main(['dry-run', 'scenarios/rules/stop-loss-fires.yaml', '--coverage-format', 'json'], io)).toBe(2);
    expect(err.join('')).toContain('TW_CLI_MISSING_OPTION');
  }, 30_000);

  it('renders the same coverage as JSON with every scenario list', async () => {
    const c = (await dryRun({ paths: ['scenarios/rules/stop-loss-fires.yaml'], cwd: repoRoot, coverage: true })).coverage!;
    const json = JSON.parse(renderCoverage(c, 'json')) as { ratio: number; rules: RuleCoverage[] };
    expect(rule(json.rules, 'stop-loss').firedIn).toEqual(['scenarios/rules/stop-loss-fires']);
    expect(json.ratio).toBe(Number(c.ratio.toFixed(4)));
  }, 60_000);
});

describe('the phase a position had when the rules ran', () => {
  const t = (positionId: string, from: string, to: string, decisionId: string | null): TransitionRecord => ({ positionId, from, to, event: 'X', decisionId, tickTime: 0, configVersion: 'v' });
  it('follows the tick\'s fills and controls but not what this tick\'s decisions caused', () => {
    const before = new Map([['a', 'closing.working'], ['b', 'managed']]);
    const decisions = [{ id: 'd9' } as DecisionRecord];
    const phases = phasesAtEvaluation(before, [t('a', 'closing.working', 'closed', null), t('b', 'managed', 'closing.working', 'd9')], decisions);
    expect(Object.fromEntries(phases)).toEqual({ a: 'closed', b: 'managed' });
  });

  it('applies an expiry that names an earlier tick\'s decision (it happened before the rules ran)', () => {
    const phases = phasesAtEvaluation(new Map([['a', 'closing.working']]), [t('a', 'closing.working', 'managed', 'd1')], [{ id: 'd2' } as DecisionRecord]);
    expect(phases.get('a')).toBe('managed');
  });
});
