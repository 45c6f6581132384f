/**
 * A decision that cannot be carried out does not block the others. A SPY call spread 18 days from expiry has its short
 * strike at 0.31 delta: delta-risk (priority 70) wins and wants to roll, time-exit (30) also matches. The chain has no
 * later expiry, so no roll can be planned. The roll is recorded `unexecutable` with its reason and, per the rule's
 * `fallback`, the same tick falls through to time-exit (`next`), closes under delta-risk (`close`) or does nothing
 * (`none`). Runs through the real kernel, the paper broker and an in-memory DuckDB store (the dry-run path).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../adapters/scenario/index.ts';
import { bindScenario, runScenario, type ScenarioRun } from '../../bin/dryrun/index.ts';
import { loadConfigDir } from '../../engine/config/index.ts';
import { repoRoot } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'tickwise-fallback-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SCENARIO = `description: delta-risk cannot roll (no later expiry); the tick falls back
start: 2026-03-02 10:00
positions:
  - id: ccs1
    strategy: spy-call-credit-spread
    openedAt: -20d
    legs:
      - { expiry: 2026-03-20, right: call, strike: 630, quantity: -1, entryPrice: 2.00 }
      - { expiry: 2026-03-20, right: call, strike: 635, quantity: 1, entryPrice: 1.00 }
ticks:
  - prices: { SPY: 620 }
    vix: 18
    quotes:
      - { expiry: 2026-03-20, right: call, strike: 630, bid: 1.95, ask: 2.05, delta: 0.31 }
      - { expiry: 2026-03-20, right: call, strike: 635, bid: 0.95, ask: 1.05, delta: 0.2 }
  - { at: +5m, repeat: 2 }
`;

const DELTA_FALLBACK = '      fallback: close\n';

/** The shipped config with the call spread managed by delta-risk and time-exit only, delta-risk's fallback set. */
async function run(name: string, fallback: 'next' | 'close' | 'none' | undefined): Promise<ScenarioRun> {
  const dir = join(tmp, name);
  cpSync(join(repoRoot, 'rules'), join(dir, 'rules'), { recursive: true });
  cpSync(join(repoRoot, 'facts.yaml'), join(dir, 'facts.yaml'));
  const risk = readFileSync(join(dir, 'rules', 'risk.yaml'), 'utf8');
  expect(risk).toContain(DELTA_FALLBACK);
  writeFileSync(join(dir, 'rules', 'risk.yaml'), risk.replace(DELTA_FALLBACK, fallback ? `      fallback: ${fallback}\n` : ''));
  const strategies = readFileSync(join(repoRoot, 'strategies.yaml'), 'utf8');
  const manage = '    manage:\n      params:\n        takeProfitPct: 0.4\n        trailActivationPct: 0.3\n';
  expect(strategies).toContain(manage);
  writeFileSync(join(dir, 'strategies.yaml'), strategies.replace(manage, '    manage:\n      rules: [delta-risk, time-exit]\n'));
  const abs = join(dir, 'scenario.yaml');
  writeFileSync(abs, SCENARIO);
  const loaded = loadScenarioText(abs, abs, SCENARIO);
  expect(loaded.findings.filter((f) => f.severity === 'error')).toEqual([]);
  const { config, findings } = await loadConfigDir(dir);
  expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  const bound = bindScenario(loaded as typeof loaded & { scenario: NonNullable<typeof loaded.scenario> }, config!);
  return runScenario(bound.scenario, config!);
}

const onTick = (r: ScenarioRun, seq: number) => r.decisions.filter((d) => d.positionId === 'ccs1' && d.tickSeq === seq);
type Chain = { rule: string; action: string; outcome: string; reason?: string; via?: string }[];
const chainOf = (d: { trace: unknown }) => (d.trace as { chain?: Chain }).chain;

describe('a decision that cannot be carried out', () => {
  it('records the roll unexecutable and closes by time-exit in the same tick when delta-risk cannot roll (fallback next, the default)', async () => {
    const r = await run('next', undefined);
    const first = onTick(r, 1);
    expect(first.map((d) => [d.rule, d.action, d.outcome])).toEqual([['delta-risk', 'roll', 'unexecutable'], ['time-exit', 'close', 'applied']]);
    expect(first[0].reason).toMatch(/^no roll target could be planned: .*; falling back \(next\) to time-exit → close$/);
    expect(first[0].preempted).toEqual(['time-exit']);
    // The trace names the whole chain: what won, why it could not act, what acted instead.
    expect(chainOf(first[1])).toEqual([
      { rule: 'delta-risk', action: 'roll', priority: 70, outcome: 'unexecutable', reason: expect.stringMatching(/^no roll target could be planned/) },
      { rule: 'time-exit', action: 'close', priority: 30, outcome: 'applied', via: 'next' },
    ]);
    expect((first[0].trace as { fallback: unknown }).fallback).toEqual({ mode: 'next', to: 'time-exit' });
    const closes = r.orders.filter((o) => o.positionId === 'ccs1');
    expect(closes.map((o) => [o.purpose, o.tick])).toEqual([['close', 1]]);
    expect(r.positions.find((p) => p.id === 'ccs1')).toMatchObject({ state: 'closed', closeRule: 'time-exit' });
  });

  it('closes the position under the roll rule itself when its fallback is close', async () => {
    const r = await run('close', 'close');
    const first = onTick(r, 1);
    expect(first.map((d) => [d.rule, d.action, d.outcome])).toEqual([['delta-risk', 'roll', 'unexecutable'], ['delta-risk', 'close', 'applied']]);
    expect(chainOf(first[1])?.map((l) => [l.rule, l.action, l.outcome, l.via])).toEqual([['delta-risk', 'roll', 'unexecutable', undefined], ['delta-risk', 'close', 'applied', 'close']]);
    expect(r.positions.find((p) => p.id === 'ccs1')).toMatchObject({ state: 'closed', closeRule: 'delta-risk' });
  });

  it('records the roll unexecutable and does nothing else when its fallback is none', async () => {
    const r = await run('none', 'none');
    for (const seq of [1, 2, 3]) {
      expect(onTick(r, seq).map((d) => [d.rule, d.action, d.outcome])).toEqual([['delta-risk', 'roll', 'unexecutable']]);
    }
    expect(onTick(r, 1)[0].reason).toMatch(/fallback none: nothing else is done$/);
    expect(r.orders.filter((o) => o.positionId === 'ccs1')).toEqual([]);
    expect(r.positions.find((p) => p.id === 'ccs1')?.state).not.toBe('closed');
    expect(r.alerts.some((a) => a.positionId === 'ccs1' && /cannot roll ccs1/.test(a.message))).toBe(true);
  });
});
