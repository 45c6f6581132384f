/**
 * `--compare`: two configs over the same real data in one command. B is the shipped SPX config without vix-exit, so
 * on 7 May 2019 A closes by vix-exit while B's delta-risk rolls: the first decision that differs.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, SPX_10, SPX_CONFIG, tempDir, VIX, type CliRun } from './helpers.ts';

describe('tickwise backtest --compare', () => {
  let run: CliRun;
  let out: string;

  beforeAll(async () => {
    const b = tempDir('config-b');
    cpSync(SPX_CONFIG, b, { recursive: true });
    const path = join(b, 'strategies.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('rules: [catastrophe-stop, vix-exit, ', 'rules: [catastrophe-stop, '));
    out = tempDir('compare');
    run = await cli('backtest', '--data', SPX_10, '--vix', VIX, '--config', SPX_CONFIG, '--compare', b, '--out', out);
  }, 60_000);

  it('prints both configs\' metrics side by side with B − A', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^metric\s+A cfg-\w+\s+B cfg-\w+\s+B − A$/m);
    expect(run.stdout).toMatch(/^trades\s+1\s+0\s+-1$/m);
    expect(run.stdout).toMatch(/^totalPnl\s+-307\.60\s+0\.00\s+307\.60$/m);
  });

  it('lists the trades only one config made', () => {
    expect(run.stdout).toMatch(/trades only in A \(1\):\n {2}spx-put-credit-spread 2019-04-25 15:45 → 2019-05-07 15:45 .* P&L -307\.60 \(vix-exit\)/);
    expect(run.stdout).toContain('trades only in B (0):\n  none');
  });

  it('shows both traces of the first decision that differs', () => {
    const part = run.stdout.slice(run.stdout.indexOf('first decision that differs'));
    expect(part).toMatch(/^first decision that differs \(#2\):\nA:\n {2}2019-05-07 15:45 spx-put-credit-spread-1 vix-exit → close \(applied\)/);
    expect(part).toMatch(/B:\n {2}2019-05-07 15:45 spx-put-credit-spread-1 delta-risk → roll \(applied\)/);
    expect(part).toMatch(/^\s+90 {2}vix-exit\s+decided$/m);
    expect(part).toMatch(/^\s+70 {2}delta-risk\s+decided$/m);
  });

  it('puts the comparison in the report and in comparison.json', () => {
    const c = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8'));
    expect(c.onlyA).toHaveLength(1);
    expect(c.firstDifference.a.rule).toBe('vix-exit');
    expect(c.firstDifference.b.rule).toBe('delta-risk');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('"firstDifference"');
  });
});
