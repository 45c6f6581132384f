import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../kernel/helpers.ts';

const run = (...args: string[]) => spawnSync(process.execPath, ['bin/tickwise.js', 'dry-run', ...args], { cwd: repoRoot, encoding: 'utf8' });

describe('tickwise dry-run --fill', () => {
  it('refuses a fill price beyond the natural with a coded usage error, exit 2 and no stack trace', () => {
    const r = run('scenarios/replay/spx-2019-may.yaml', '--fill', 'mid+0.6');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('TW_CLI_BAD_OPTION_VALUE');
    expect(r.stderr).toContain('got "mid+0.6"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('runs the SPX replay at mid plus a quarter of the spread and shows what the close cost instead', () => {
    const r = run('scenarios/replay/spx-2019-may.yaml', '--fill', 'mid+0.25');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('- order tick 9 spx1 close buy limit ×1 filled @ 5.3');
    expect(r.stdout).toContain('+ order tick 9 spx1 close buy limit ×1 filled tick 10 @ 4.4');
  });
});
