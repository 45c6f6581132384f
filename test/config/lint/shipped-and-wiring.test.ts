import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import validate from '../../../bin/commands/validate.ts';
import { parseCommandArgs } from '../../../bin/command.ts';
import { formatFinding, validateConfigDir, type Finding } from '../../../engine/config/index.ts';
import { REPO } from '../helpers.ts';
import { CASES, filesOf } from './cases.ts';

const lintOnly = (fs: readonly Finding[]) => fs.filter((f) => f.code.startsWith('TW_LINT_'));

describe('the lint on the shipped configurations', () => {
  it('finds nothing in the repository root configuration', async () => {
    const { config, findings } = await validateConfigDir(REPO);
    expect(config).not.toBeNull();
    expect(lintOnly(findings).map((f) => formatFinding(f))).toEqual([]);
  });

  // Both folders copy every shipped rule (test/config/rule-copies.test.ts) for one strategy that lists only some of
  // them in manage.rules: the rules it leaves out are truly unmanaged there, and that is all the lint reports.
  for (const dir of ['examples/backtest-spx', 'scenarios/replay/spx-config']) {
    it(`reports only the rules no strategy manages in ${dir}`, async () => {
      const { config, findings } = await validateConfigDir(join(REPO, dir));
      expect(config).not.toBeNull();
      const managed = new Set(config!.strategies.flatMap((s) => s.rules));
      const unmanaged = config!.rules.filter((r) => r.scope === 'position' && !managed.has(r.name)).map((r) => r.name);
      const lint = lintOnly(findings);
      expect(lint.map((f) => f.code)).toEqual(unmanaged.map(() => 'TW_LINT_UNMANAGED'));
      expect(lint.map((f) => f.message.match(/rule "([^"]+)"/)?.[1]).sort()).toEqual([...unmanaged].sort());
    });
  }
});

const temp = mkdtempSync(join(tmpdir(), 'tickwise-lint-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function writeCase(name: string): string {
  const c = CASES.find((x) => x.name === name)!;
  const dir = join(temp, name.replace(/\W+/g, '-'));
  mkdirSync(join(dir, 'rules'), { recursive: true });
  for (const f of filesOf(c)) writeFileSync(join(dir, f.path), f.text);
  return dir;
}

function sink() {
  const chunks: string[] = [];
  return { stream: new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } }), text: () => chunks.join('') };
}

describe('the lint in the one validation path', () => {
  it('adds its findings to validateConfigDir as warnings that leave the config valid (start and reload go on)', async () => {
    const dir = writeCase('a higher take-profit below take-profit in priority');
    const { config, findings } = await validateConfigDir(dir);
    expect(config).not.toBeNull();
    expect(findings.map((f) => `${f.severity} ${f.code}`)).toEqual(['warning TW_LINT_SHADOWED']);
  });

  it('is printed by tickwise validate, which still exits 0', async () => {
    const dir = writeCase('bounds on dte that exclude each other');
    const out = sink();
    const code = await validate.run(parseCommandArgs(validate, ['--config', dir]), { stdout: out.stream, stderr: sink().stream, cwd: REPO, env: {} });
    expect(code).toBe(0);
    expect(out.text()).toMatch(/^rules\/lint\.yaml:9:11: warning TW_LINT_NEVER_TRUE the condition of rule "dte-window" can never be true/m);
    expect(out.text()).toMatch(/^ok: .*\(0 errors, \d+ warnings\)/m);
  });
});
