import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, ['bin/tickwise.js', ...args], { cwd: root, encoding: 'utf8' });

describe('the tickwise CLI', () => {
  it('lists its commands with --help and exits 0', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: tickwise <command>');
  });

  it('answers an unknown command with a coded usage error, exit 2 and no stack trace', () => {
    const r = run('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('TW_CLI_UNKNOWN_COMMAND');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
