import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import validate from '../../bin/commands/validate.ts';
import { parseCommandArgs } from '../../bin/command.ts';
import { isTickwiseError } from '../../engine/errors/index.ts';
import { REPO } from './helpers.ts';
import { shippedRuleNames, shippedStrategyNames } from '../support/shipped-config.ts';

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } });
  return { stream, text: () => chunks.join('') };
}

async function run(argv: string[], cwd = REPO): Promise<{ code: number; out: string }> {
  const out = sink();
  const err = sink();
  const code = await validate.run(parseCommandArgs(validate, argv), { stdout: out.stream, stderr: err.stream, cwd, env: {} });
  return { code, out: out.text() };
}

const temp = mkdtempSync(join(tmpdir(), 'tickwise-validate-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function copyShipped(name: string): string {
  const dir = join(temp, name);
  cpSync(join(REPO, 'rules'), join(dir, 'rules'), { recursive: true });
  cpSync(join(REPO, 'facts.yaml'), join(dir, 'facts.yaml'));
  cpSync(join(REPO, 'strategies.yaml'), join(dir, 'strategies.yaml'));
  return dir;
}

describe('tickwise validate', () => {
  it('exits 0 on the shipped configuration, names the underlyings it cannot check without a feed, and prints a one-line summary', async () => {
    const { code, out } = await run([]);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^strategies\.yaml:\d+:17: warning TW_CONFIG_UNDERLYINGS_UNCHECKED could not check that the underlyings exist \(SPY, QQQ\): no market feed is connected/);
    const files = 2 + readdirSync(join(REPO, 'rules')).filter((n) => n.endsWith('.yaml')).length; // strategies.yaml, facts.yaml, rules/
    expect(lines[1]).toMatch(new RegExp(`^ok: ${shippedStrategyNames().length} strategies, ${shippedRuleNames().length} rules in ${files} files \\(0 errors, 1 warning\\); config version cfg-[0-9a-f]{12}$`));
    expect(lines.slice(2)).toEqual(['derived fact extrinsicShare (ratio, position) = extrinsicValue / credit']);
  });

  it('exits 2 (invalid configuration) and prints FILE:LINE:COL lines for a typo in an operator', async () => {
    const dir = copyShipped('typo');
    const path = join(dir, 'rules', 'risk.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('operator: absGreaterThanInclusive', 'operator: absGreaterThan'));
    const { code, out } = await run(['--config', dir]);
    expect(code).toBe(2);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^rules\/risk\.yaml:\d+:25: error TW_CONFIG_UNKNOWN_OPERATOR unknown operator "absGreaterThan"; did you mean "absGreaterThanInclusive"\? \(operators: .*\)$/);
    expect(lines.at(-1)).toMatch(/^invalid: 1 error, 0 warnings in /);
  });

  it('prints findings as a JSON array with file, line, column, severity, code, message, hint and pointer', async () => {
    const dir = copyShipped('json');
    const path = join(dir, 'strategies.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('takeProfitPct: 0.4', 'takeProfitPct: 40'));
    const { code, out } = await run(['--config', dir, '--format', 'json']);
    expect(code).toBe(2);
    const findings = JSON.parse(out);
    expect(findings[0]).toEqual({ file: 'strategies.yaml', line: expect.any(Number), col: 24, severity: 'error', code: 'TW_CONFIG_PERCENT_SLIP', message: expect.stringContaining('did you mean 0.4?'), hint: expect.any(String), pointer: '/strategies/2/manage/params/takeProfitPct' });
  });

  it('exits 0 with warnings only', async () => {
    const dir = copyShipped('warn');
    const path = join(dir, 'rules', 'exits.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('appliesTo: [short-vol]', 'appliesTo: [short-vol, nothing-here]'));
    const { code, out } = await run(['--config', dir]);
    expect(code).toBe(0);
    expect(out).toContain('warning TW_CONFIG_UNKNOWN_APPLIES_TO');
    expect(out).toMatch(/ok: .*\(0 errors, 2 warnings\)/);
  });

  it('names the underlyings it cannot check in a warning and exits 0 (start refuses an unknown one)', async () => {
    const dir = copyShipped('spyy');
    const path = join(dir, 'strategies.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('underlying: QQQ', 'underlying: SPYY'));
    const { code, out } = await run(['--config', dir]);
    expect(code).toBe(0);
    expect(out).toMatch(/^strategies\.yaml:26:17: warning TW_CONFIG_UNDERLYINGS_UNCHECKED could not check that the underlyings exist \(SPY, SPYY, QQQ\): no market feed is connected/);
  });

  it('fails with a usage error (exit 2) for a missing folder', async () => {
    const e = await run(['--config', join(temp, 'does-not-exist')]).catch((x: unknown) => x);
    expect(isTickwiseError(e) && e.code).toBe('TW_CONFIG_DIR_NOT_FOUND');
    expect(isTickwiseError(e) && e.exit).toBe(2);
  });

  it('reports a folder without strategies.yaml as a finding', async () => {
    const dir = join(temp, 'empty');
    cpSync(join(REPO, 'rules'), join(dir, 'rules'), { recursive: true });
    cpSync(join(REPO, 'facts.yaml'), join(dir, 'facts.yaml'));
    const { code, out } = await run(['--config', dir]);
    expect(code).toBe(2);
    expect(out).toContain('strategies.yaml:1:1: error TW_CONFIG_FILE_MISSING');
  });

  it('rejects an unknown --format as a usage error', async () => {
    const e = await run(['--format', 'xml']).catch((x: unknown) => x);
    expect(isTickwiseError(e) && e.exit).toBe(2);
  });
});
