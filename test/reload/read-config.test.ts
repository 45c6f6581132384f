import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigDir } from '../../engine/config/index.ts';
import { readConfig } from '../../bin/wiring/reload.ts';
import { copyConfig, read, replaceOnce, writeInPlace } from './helpers.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const fresh = () => {
  const d = copyConfig();
  dirs.push(d);
  return d;
};

describe('the reloader reads the config folder exactly as tickwise validate does', () => {
  const cases: [string, (dir: string) => void][] = [
    ['an unchanged copy', () => {}],
    ['a rule with an unknown operator', (d) => writeInPlace(d, 'rules/exits.yaml', replaceOnce(read(d, 'rules/exits.yaml'), 'operator: lessThanInclusive\n          value: { param: timeExitDte }', 'operator: lessThanInclusiv\n          value: { param: timeExitDte }'))],
    ['no rules folder', (d) => rmSync(join(d, 'rules'), { recursive: true })],
    ['no strategies.yaml', (d) => rmSync(join(d, 'strategies.yaml'))],
    ['a folder named like a rules file', (d) => mkdirSync(join(d, 'rules', 'odd.yaml'))],
    ['an oversized rules file', (d) => writeFileSync(join(d, 'rules', 'huge.yaml'), `# ${'x'.repeat(1024 * 1024 + 10)}\n`)],
    ['a byte-order mark and a .yml file', (d) => {
      writeInPlace(d, 'strategies.yaml', `\ufeff${read(d, 'strategies.yaml')}`);
      writeFileSync(join(d, 'rules', 'extra.yml'), 'rules: []\n');
    }],
  ];
  for (const [name, edit] of cases) {
    it(`gives the same result for ${name}`, async () => {
      const d = fresh();
      edit(d);
      const expected = await loadConfigDir(d);
      const actual = await readConfig(d);
      expect(actual.config?.version ?? null).toBe(expected.config?.version ?? null);
      expect(actual.findings).toEqual(expected.findings);
    });
  }

  it('reports a vanished folder as a finding instead of throwing', async () => {
    const d = fresh();
    rmSync(d, { recursive: true });
    await expect(loadConfigDir(d)).rejects.toMatchObject({ code: 'TW_CONFIG_DIR_NOT_FOUND' });
    expect(await readConfig(d)).toMatchObject({ config: null, findings: [{ code: 'TW_CONFIG_DIR_NOT_FOUND', severity: 'error' }] });
  });
});
