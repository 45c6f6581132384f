import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../adapters/scenario/index.ts';
import { bindScenario, dryRun, runScenario, type ScenarioRun } from '../../bin/dryrun/index.ts';
import { implicitChecks } from '../../bin/dryrun/checks.ts';
import { loadConfigDir } from '../../engine/config/index.ts';
import { premiumCents } from '../../engine/domain/index.ts';
import { repoRoot } from '../kernel/helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'tickwise-fill-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Loads, binds and runs one scenario file through the kernel, as `tickwise dry-run` does. */
async function run(abs: string, text = readFileSync(abs, 'utf8')): Promise<ScenarioRun> {
  const loaded = loadScenarioText(abs, abs, text);
  expect(loaded.findings.filter((f) => f.severity === 'error')).toEqual([]);
  const { config } = await loadConfigDir(loaded.scenario!.configDir ?? repoRoot);
  const bound = bindScenario(loaded as typeof loaded & { scenario: NonNullable<typeof loaded.scenario> }, config!);
  return runScenario(bound.scenario, config!);
}

/** The money of one position from the broker's fills alone: Σ ±price × contracts × multiplier − commissions. */
function fillCash(r: ScenarioRun, positionId: string): number {
  const mine = new Set(r.orders.filter((o) => o.positionId === positionId).map((o) => o.clientOrderId));
  let cents = 0;
  for (const e of r.brokerEvents) {
    if (e.type !== 'fill' || !mine.has(e.clientOrderId)) continue;
    for (const l of e.legs) cents += (l.side === 'buy' ? -1 : 1) * premiumCents(l.price, l.quantity, 100);
    cents -= e.commission;
  }
  return cents;
}

/** A copy of the shipped config with one scenario file beside it. */
function workspace(name: string, scenario: string): string {
  const dir = join(tmp, name);
  cpSync(join(repoRoot, 'rules'), join(dir, 'rules'), { recursive: true });
  cpSync(join(repoRoot, 'facts.yaml'), join(dir, 'facts.yaml'));
  cpSync(join(repoRoot, 'strategies.yaml'), join(dir, 'strategies.yaml'));
  writeFileSync(join(dir, 'scenario.yaml'), scenario);
  return dir;
}

/** stop-loss-fires, with a third day on which the loss is back under the stop: the close decided on day 2 must fill. */
const stopLoss = (fill: string, expect = '') => `description: a stop-loss close that has to fill
start: 2026-03-02 10:00
${fill}
positions:
  - id: ccs1
    strategy: spy-call-credit-spread
    openedAt: -5d
    legs:
      - { expiry: 2026-04-17, right: call, strike: 630, quantity: -1, entryPrice: 2.00 }
      - { expiry: 2026-04-17, right: call, strike: 635, quantity: 1, entryPrice: 1.00 }
ticks:
  - at: "2026-03-02 10:00"
    prices: { SPY: 600 }
    vix: 18
    quotes:
      - { expiry: 2026-04-17, right: call, strike: 630, bid: 1.95, ask: 2.05 }
      - { expiry: 2026-04-17, right: call, strike: 635, bid: 0.95, ask: 1.05 }
  - at: "+1d"
    quotes:
      - { expiry: 2026-04-17, right: call, strike: 630, bid: 3.95, ask: 4.05 }
      - { expiry: 2026-04-17, right: call, strike: 635, bid: 0.95, ask: 1.05 }
  - at: "+1d"
    quotes:
      - { expiry: 2026-04-17, right: call, strike: 630, bid: 2.45, ask: 2.55 }
      - { expiry: 2026-04-17, right: call, strike: 635, bid: 0.95, ask: 1.05 }
expect:
  - decision: { tick: 2, position: ccs1, rule: stop-loss, action: close }
${expect}`;

/**
 * The replay config with the circuit breaker's losing-streak limit out of the way: over 56 days the third losing close
 * (28 May) would halt entries for the rest of the file (no later close can end the streak), and this test is about
 * fills on most days, not about the breaker (which the scenarios under scenarios/rules/ cover).
 */
function longRunConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tw-long-config-'));
  cpSync(join(repoRoot, 'scenarios/replay/spx-config'), dir, { recursive: true });
  const path = join(dir, 'strategies.yaml');
  writeFileSync(path, readFileSync(path, 'utf8').replace('  riskFreeRate: 0.025\n', '  riskFreeRate: 0.025\n  params: { maxConsecutiveLosses: 1000 }\n'));
  return dir;
}

describe('fills on recorded data', () => {
  it('closes the SPX put spread through the 7 May 2019 sell-off with a filled close order, realising the loss, by vix-exit', async () => {
    const r = await run(join(repoRoot, 'scenarios/replay/spx-2019-may.yaml'));
    const close = r.orders.find((o) => o.positionId === 'spx1' && o.purpose === 'close');
    expect(close).toMatchObject({ status: 'filled', filled: 1, tick: 9, filledTick: 9 });
    // Bought back at the 7 May 15:45 mids: 2800 put 34.85, 2775 put 29.55.
    expect(close!.fillPrice).toBeCloseTo(5.3, 9);
    expect(r.finalStates.spx1).toBe('closed');
    expect(r.positions.find((p) => p.id === 'spx1')).toMatchObject({ state: 'closed', outcome: 'closed-by-rule', closeRule: 'vix-exit', realizedPnlCents: -28_130 });
    // 2.50 credit received at adoption, 5.30 paid, 2 × 0.65 commission.
    expect(25_000 + fillCash(r, 'spx1')).toBe(-28_130);
  });

  it('fills most eligible days\' entries over the 2019 SPX file with the shipped replay config, closes what it decides to close, and the money adds up', async () => {
    const text = readFileSync(join(repoRoot, 'scenarios/replay/spx-2019-entries.yaml'), 'utf8')
      .replace('spx_options_cboe_20190425_20190508.csv', 'spx_options_cboe_20190425_20190722.csv.gz')
      .replace('to: 2019-05-08', 'to: 2019-07-22')
      .replace(/^expect:[\s\S]*$/m, '')
      .replace('config: spx-config', `config: ${longRunConfig()}`);
    const r = await run(join(repoRoot, 'scenarios/replay/spx-2019-entries-long.yaml'), text);
    expect(r.ticks.length).toBeGreaterThanOrEqual(55);
    // maxOpen is 1: a day is eligible when every position but the one opened that day is closed after the tick, and
    // the circuit breaker (3-5-7, shipped in the replay config's portfolio rules) does not block entries that day.
    const opens = r.orders.filter((o) => o.purpose === 'open');
    const openedOn = new Map(opens.map((o) => [o.positionId, o.tick]));
    const breakerBlocks = (f: Record<string, unknown>) => (f.consecutiveLosses as number) >= 3 || (f.dailyPnlPct as number) <= -0.05 || (f.drawdownPct as number) <= -0.07;
    const eligible = r.ticks.filter((t) => t.tradingState === 'ACTIVE' && !breakerBlocks(t.portfolio) && Object.entries(t.states).every(([id, s]) => openedOn.get(id) === t.index || s === 'closed'));
    const filledSameDay = eligible.filter((t) => opens.some((o) => o.tick === t.index && o.filledTick === t.index));
    expect(eligible.length).toBeGreaterThanOrEqual(5);
    expect(filledSameDay.length / eligible.length).toBeGreaterThanOrEqual(0.8);
    // Every position a close was decided for is closed by a filled order (the last one is still open when the data ends).
    const closing = new Set(r.decisions.filter((d) => d.action === 'close' && d.outcome === 'applied').map((d) => d.positionId!));
    expect(closing.size).toBeGreaterThanOrEqual(3);
    for (const id of closing) expect(r.positions.find((p) => p.id === id)).toMatchObject({ state: 'closed', outcome: 'closed-by-rule' });
    // The money: each closed position's realised P&L is exactly its fills' premium less commissions.
    const closed = r.positions.filter((p) => p.state === 'closed' && p.outcome === 'closed-by-rule');
    for (const p of closed) expect({ id: p.id, cents: fillCash(r, p.id) }).toEqual({ id: p.id, cents: p.realizedPnlCents });
    expect(implicitChecks(r).every((c) => c.ok)).toBe(true);
  }, 90_000);

  it('fails a scenario whose decided close expires unfilled, and a run whose orders never fill, saying what happened', async () => {
    // Next-tick timing on daily ticks: the day order expires at the next day's tick before it could fill.
    const dir = workspace('expired', stopLoss('fill: { timing: next-tick }'));
    const result = await dryRun({ paths: ['scenario.yaml'], cwd: dir });
    expect(result.exitCode).toBe(1);
    // The expired close is re-sent for the same decision (docs/lifecycle.md, "Orders that expire"); it cannot fill either.
    expect(result.output).toContain('✗ orders filled: 0 of 2');
    expect(result.output).toContain('✗ positions a close was decided for end closed: 0 of 1');
    expect(result.output).toMatch(/but ccs1 is closing.submitting: its close never filled; its orders:\n\s+tick 2 ccs1-o1 close buy limit [\d.]+ ×1 expired\n\s+tick 3 ccs1-o2 close buy limit [\d.]+ ×1 pending/);
  });

  it('passes the same scenario with the default fill model, the close filled at the mid where it was decided', async () => {
    const dir = workspace('filled', stopLoss('', '  - closed: { position: ccs1, rule: stop-loss, pnl: -201.30 }'));
    const result = await dryRun({ paths: ['scenario.yaml'], cwd: dir });
    expect(result.output).toContain('· orders filled: 1 of 1');
    expect(result.output).toContain('· money adds up: realised P&L of 1 closed position');
    expect(result.exitCode).toBe(0);
  });

  it('fails a closed expectation with the position\'s orders when its close never filled', async () => {
    const dir = workspace('closed', stopLoss('fill: { timing: next-tick }', '  - closed: { position: ccs1, rule: stop-loss }'));
    const result = await dryRun({ paths: ['scenario.yaml'], cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(/✗ closed: ccs1 by stop-loss .*\n\s+but it is closing\n\s+its orders:\n\s+tick 2 ccs1-o1 close .* expired/);
  });

  it('fails the money check when a realised P&L is one cent away from what the broker\'s fills add up to', async () => {
    const r = await run(join(repoRoot, 'scenarios/replay/spx-2019-may.yaml'));
    expect(implicitChecks(r).find((c) => c.title.startsWith('money adds up'))?.ok).toBe(true);
    const off = { ...r, positions: r.positions.map((p) => ({ ...p, realizedPnlCents: p.realizedPnlCents! + 1 })) };
    const money = implicitChecks(off).find((c) => c.title.startsWith('money adds up'))!;
    expect(money.ok).toBe(false);
    expect(money.detail[0]).toBe('but spx1 realised -281.29 where the broker\'s cash adds up to -281.30 (commissions 1.30):');
  });

  it('takes the fill price from --fill over the scenario: at the natural the 7 May close is not reached and fills on 8 May', async () => {
    const result = await dryRun({ paths: ['scenarios/replay/spx-2019-may.yaml'], cwd: repoRoot, fill: 'natural' });
    expect(result.output).toContain('+ order tick 9 spx1 close buy limit ×1 filled tick 10 @ 4.6');
    expect(result.exitCode).toBe(1);
  });

  it('refuses a fill price beyond the natural at file:line:col', () => {
    const abs = resolve(tmp, 'bad.yaml');
    const loaded = loadScenarioText('bad.yaml', abs, 'description: x\nstart: 2026-03-02 10:00\nfill:\n  price: mid+0.7\nticks:\n  - prices: { SPY: 1 }\n');
    expect(loaded.scenario).toBeNull();
    expect(loaded.findings[0]).toMatchObject({ file: 'bad.yaml', line: 4 });
  });
});
