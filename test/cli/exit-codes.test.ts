/**
 * Every command follows the documented exit codes (README, docs/errors.md, `--help`): 0 ok, 1 the command's check
 * failed, 2 usage error or invalid configuration. Each case spawns the real CLI (`node bin/tickwise.js`); they run in
 * parallel, since each spends most of its time starting Node and tsx.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const temp = mkdtempSync(join(tmpdir(), 'tickwise-exit-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function run(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/tickwise.js', ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function config(name: string, edit: (strategies: string) => string): string {
  const dir = join(temp, name);
  cpSync(join(root, 'rules'), join(dir, 'rules'), { recursive: true });
  cpSync(join(root, 'facts.yaml'), join(dir, 'facts.yaml'));
  writeFileSync(join(dir, 'strategies.yaml'), edit(readFileSync(join(root, 'strategies.yaml'), 'utf8')));
  return dir;
}

describe('exit codes of every command', () => {
  it('are 0 for ok and 2 for a usage error or an invalid configuration, for validate, start, dry-run, price and the top level', async () => {
    // start with an invalid config, and the top level's unknown command, are in start.test.ts and cli.test.ts.
    const invalid = config('invalid', (t) => t.replace('takeProfitPct: 0.4', 'takeProfitPct: 40'));
    const unknown = config('spyy', (t) => t.replace('underlying: QQQ', 'underlying: SPYY'));
    const db = join(temp, 'x.duckdb');
    const start = ['start', '--speed', '0', '--port', '0', '--no-api', '--no-watch', '--ticks', '1', '--db', db];
    const cases: [string, string[], number, RegExp][] = [
      ['validate, valid', ['validate'], 0, /^ok: /m],
      ['validate, invalid config', ['validate', '--config', invalid], 2, /error TW_CONFIG_PERCENT_SLIP/],
      ['start, unknown underlying', [...start, '--config', unknown], 2, /strategies\.yaml:\d+:17: error TW_CONFIG_UNKNOWN_UNDERLYING strategy "qqq-put-credit-spread" trades underlying "SPYY"[^]*TW_KERNEL_INVALID_CONFIG/],
      ['dry-run, invalid config', ['dry-run', 'scenarios/rules/take-profit-fires.yaml', '--config', invalid], 2, /TW_DRYRUN_CONFIG_INVALID/],
      ['price, missing option', ['price', '--right', 'put', '--vol', '0.2'], 2, /TW_CLI_MISSING_OPTION/],
      ['top level, unknown option', ['--frob'], 2, /TW_CLI_UNKNOWN_TOP_OPTION unknown option "--frob": tickwise takes a command first/],
    ];
    const results = await Promise.all(cases.map(([, args]) => run(...args)));
    const seen = cases.map(([name], i) => `${name}: ${results[i].status}`);
    expect(seen).toEqual(cases.map(([name, , code]) => `${name}: ${code}`));
    cases.forEach(([name, , , output], i) => {
      expect(`${results[i].stdout}${results[i].stderr}`, name).toMatch(output);
      expect(results[i].stderr, name).not.toMatch(/\n\s+at /);
    });
  }, 120_000);
});
