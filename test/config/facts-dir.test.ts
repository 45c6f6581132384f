import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import validate from '../../bin/commands/validate.ts';
import { parseCommandArgs } from '../../bin/command.ts';
import { readConfigDir } from '../../engine/config/index.ts';
import { isWatchedConfigPath } from '../../engine/reload/index.ts';
import { BASE_DIR, REPO } from './helpers.ts';

const temp = mkdtempSync(join(tmpdir(), 'tickwise-facts-dir-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;
const copyExample = (): string => {
  const dir = join(temp, `c${n++}`);
  cpSync(join(REPO, 'scenarios', 'derived-facts', 'config'), dir, { recursive: true });
  return dir;
};

describe('facts.yaml in a config folder', () => {
  it('is read with the folder, and its derived facts reach the resolved config', () => {
    const { config, findings } = readConfigDir(copyExample());
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(config!.files).toEqual(['strategies.yaml', 'facts.yaml', 'rules/premium-left.yaml']);
    expect(config!.derivedFacts!.map((d) => d.name)).toEqual(['premiumLeftShare', 'distanceToShortPoints']);
  });

  it('changes the config version when only facts.yaml changes (what a hot reload compares)', () => {
    const dir = copyExample();
    const before = readConfigDir(dir).config!.version;
    const text = `facts:\n  - name: premiumLeftShare\n    expr: coalesce((credit - pnl) / credit, 1)\n    unit: ratio\n    description: x.\n  - name: distanceToShortPoints\n    expr: underlyingDistanceToShortStrikePct * underlyingPrice\n    unit: price\n    description: y.\n`;
    writeFileSync(join(dir, 'facts.yaml'), text);
    const after = readConfigDir(dir);
    expect(after.config!.version).not.toBe(before);
    expect(after.config!.derivedFacts![0].expr).toBe('coalesce((credit - pnl) / credit, 1)');
  });

  it('is optional: a folder without one has no derived facts and no finding about it', () => {
    const dir = join(temp, `c${n++}`);
    cpSync(BASE_DIR, dir, { recursive: true });
    const { config, findings } = readConfigDir(dir);
    expect(config!.derivedFacts).toBeUndefined();
    expect(findings.some((f) => f.file === 'facts.yaml')).toBe(false);
  });

  it('reports a facts.yaml that is not a regular file at facts.yaml, and the rules on its facts are not valid', () => {
    const dir = copyExample();
    rmSync(join(dir, 'facts.yaml'));
    mkdirSync(join(dir, 'facts.yaml'));
    const { config, findings } = readConfigDir(dir);
    expect(config).toBeNull();
    expect(findings[0]).toMatchObject({ file: 'facts.yaml', code: 'TW_CONFIG_FILE_UNREADABLE' });
  });

  it('has its derived facts listed by tickwise validate, after the summary of the version', async () => {
    const chunks: string[] = [];
    const out = new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } });
    const code = await validate.run(parseCommandArgs(validate, ['--config', copyExample()]), { stdout: out, stderr: out, cwd: REPO, env: {} });
    expect(code).toBe(0);
    const lines = chunks.join('').trimEnd().split('\n');
    expect(lines.slice(-3)).toEqual([
      expect.stringMatching(/^ok: 1 strategies, 1 rules in 3 files .*config version cfg-[0-9a-f]{12}$/),
      'derived fact premiumLeftShare (ratio, position) = (credit - pnl) / credit',
      'derived fact distanceToShortPoints (price, position) = underlyingDistanceToShortStrikePct * underlyingPrice',
    ]);
  });

  it('is watched for hot reload like strategies.yaml', () => {
    expect(isWatchedConfigPath('facts.yaml')).toBe(true);
    expect(isWatchedConfigPath('facts.yaml.swp')).toBe(false);
  });
});
