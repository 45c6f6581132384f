/**
 * A roll must not be stopped out by its own round trip. A QQQ put spread 7 days from expiry, out of the money and
 * short of its target, is due for dte-roll. Its strategy also runs a stop on the whole chain's P&L (ranked above
 * dte-roll) and works orders from the natural price: closing the old legs at natural and opening the new ones at
 * natural costs the chain about $25 on this tick, enough to trip the chain stop the moment the roll fills. The kernel
 * must see that before sending the roll, and close instead, naming the rule.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dryRun } from '../../bin/dryrun/index.ts';
import { repoRoot } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'tickwise-roll-guard-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CHAIN_STOP = `rules:
  - name: chain-stop
    description: Close when the whole roll chain has lost more than chainStop dollars.
    priority: 75
    scope: position
    params:
      chainStop: { default: -15, unit: currency, description: Close at or below this chain P&L. }
    when:
      all:
        - fact: chainPnl
          operator: lessThanInclusive
          value: { param: chainStop }
    then: { action: close, orderStyle: limit }
    severity: warning
`;

const SCENARIO = `description: the roll guard closes instead of rolling into a chain stop
start: 2026-03-02 10:00
chain:
  QQQ: { expiries: [2026-04-02, 2026-04-06, 2026-04-10], strikes: { from: 440, to: 500, step: 5 } }
positions:
  - id: pcs1
    strategy: qqq-put-credit-spread
    openedAt: -28d
    legs:
      - { expiry: 2026-03-09, right: put, strike: 470, quantity: -1, entryPrice: 0.30 }
      - { expiry: 2026-03-09, right: put, strike: 465, quantity: 1, entryPrice: 0.18 }
ticks:
  - prices: { QQQ: 500 }
    vix: 18
    iv: 0.2
    quotes:
      - { expiry: 2026-03-09, right: put, strike: 470, bid: 0.20, ask: 0.30 }
      - { expiry: 2026-03-09, right: put, strike: 465, bid: 0.10, ask: 0.20 }
  - { at: +30m, repeat: 4 }
expect:
  - decision: { tick: 1, position: pcs1, rule: dte-roll, action: close, outcome: applied }
  - orders: { count: 1, position: pcs1, purpose: close }
  - never: { position: pcs1, action: roll }
`;

function workspace(name: string, rules: string | null, startPrice: 'mid' | 'natural'): string {
  const dir = join(tmp, name);
  cpSync(join(repoRoot, 'rules'), join(dir, 'rules'), { recursive: true });
  cpSync(join(repoRoot, 'facts.yaml'), join(dir, 'facts.yaml'));
  if (rules) writeFileSync(join(dir, 'rules', 'chain.yaml'), rules);
  let strategies = readFileSync(join(repoRoot, 'strategies.yaml'), 'utf8');
  const qqq = 'rules: [catastrophe-stop, vix-exit, stop-loss, delta-risk, gamma-risk, trailing-stop, take-profit, iv-crush, dte-roll]';
  expect(strategies).toContain(qqq);
  if (rules) strategies = strategies.replace(qqq, qqq.replace('stop-loss,', 'stop-loss, chain-stop,'));
  const exec = 'execution: { startPrice: mid, repriceStep: 0.05, repriceIntervalSeconds: 300, maxReprices: 6, onTimeout: cancel }\n\n  # Bearish premium selling on SPY';
  expect(strategies).toContain(exec);
  strategies = strategies.replace(exec, exec.replace('startPrice: mid', `startPrice: ${startPrice}`));
  writeFileSync(join(dir, 'strategies.yaml'), strategies);
  writeFileSync(join(dir, 'scenario.yaml'), SCENARIO);
  return dir;
}

describe('the roll guard', () => {
  it('closes instead of rolling when a higher-priority rule would close the rolled position at its planned entry marks, and names that rule', async () => {
    const dir = workspace('blocked', CHAIN_STOP, 'natural');
    const r = await dryRun({ paths: ['scenario.yaml'], cwd: dir, explain: true });
    expect(r.reports[0].status, r.output).toBe('pass');
    expect(r.output).toContain('dte-roll → close (applied: roll not sent: at its planned entry marks the rolled position would be closed at once by chain-stop (priority 75); closing instead)');
  });

  it('rolls as before when the rolled position would survive its first tick', async () => {
    // Same position and chain stop, orders worked from mid: the round trip costs the chain cents, not dollars.
    const dir = workspace('allowed', CHAIN_STOP, 'mid');
    writeFileSync(join(dir, 'scenario.yaml'), SCENARIO.replace(/expect:[\s\S]*$/, `expect:
  - decision: { tick: 1, position: pcs1, rule: dte-roll, action: roll, outcome: applied }
  - orders: { count: 1, position: pcs1, purpose: roll-close }
  - never: { position: pcs1, action: close }
`));
    const r = await dryRun({ paths: ['scenario.yaml'], cwd: dir });
    expect(r.reports[0].status, r.output).toBe('pass');
  });
});
