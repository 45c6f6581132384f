import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tickwise-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const start = (...args: string[]) => spawnSync(process.execPath, ['bin/tickwise.js', 'start', '--speed', '0', '--port', '0', '--no-watch', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

describe('tickwise start (the main job)', () => {
  it('runs the shipped strategies on the simulated market, opens positions, stops after --ticks with exit 0, and resumes on restart', () => {
    const db = join(dir, 'run.duckdb');
    const first = start('--db', db, '--ticks', '40');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/simulated market \+ paper broker/);
    expect(first.stdout).toMatch(/visualizer and API at http:\/\/127\.0\.0\.1:\d+/);
    expect(first.stdout).toMatch(/entered/);
    expect(first.stdout).toMatch(/stopped after tick 40; [1-9]\d* open positions/);
    const second = start('--db', db, '--ticks', '5');
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/resumed after tick 40: [1-9]\d* open positions restored/);
    expect(second.stdout).toMatch(/stopped after tick 45/);
  }, 240_000);

  it('refuses an invalid configuration with its findings and exit 2, without a stack trace', () => {
    const cfg = join(dir, 'bad');
    cpSync(join(root, 'rules'), join(cfg, 'rules'), { recursive: true });
    writeFileSync(join(cfg, 'strategies.yaml'), 'strategies:\n  - name: x\n    underlying: SPY\n    structure: iron-condor\n    legz: {}\n');
    const r = start('--config', cfg, '--db', join(dir, 'bad.duckdb'), '--ticks', '1');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/strategies\.yaml:\d+:\d+: error TW_CONFIG_/);
    expect(r.stderr).toContain('TW_KERNEL_INVALID_CONFIG');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
