import { mkdtempSync, rmSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigDir, NODE_FS, readConfigDir, type ConfigFs } from '../../engine/config/index.ts';
import { REPO } from './helpers.ts';

const temp = mkdtempSync(join(tmpdir(), 'tickwise-read-dir-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;
function copyShipped(): string {
  const dir = join(temp, `c${n++}`);
  cpSync(join(REPO, 'rules'), join(dir, 'rules'), { recursive: true });
  cpSync(join(REPO, 'facts.yaml'), join(dir, 'facts.yaml'));
  cpSync(join(REPO, 'strategies.yaml'), join(dir, 'strategies.yaml'));
  return dir;
}
const eacces = (path: string) => Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES' });

describe('reading the config folder', () => {
  it('reports a --config path that is a file with its real cause, not as a missing folder', async () => {
    const file = join(copyShipped(), 'strategies.yaml');
    await expect(loadConfigDir(file)).rejects.toMatchObject({ code: 'TW_CONFIG_DIR_UNREADABLE', exit: 2, message: expect.stringContaining('it is a file, not a folder') });
    expect(readConfigDir(file).findings).toMatchObject([{ code: 'TW_CONFIG_DIR_UNREADABLE', file: '.', line: 1, col: 1 }]);
  });

  it('reports a path through a file (ENOTDIR) with its real cause', async () => {
    const through = join(copyShipped(), 'strategies.yaml', 'inner');
    await expect(loadConfigDir(through)).rejects.toMatchObject({ code: 'TW_CONFIG_DIR_UNREADABLE', message: expect.stringContaining('(ENOTDIR)') });
  });

  // Tests run as root, where chmod 000 does not stop reads: the permission error is injected through the fs seam
  // that the reader takes, with the errno the kernel would give.
  it('reports a folder it may not list as permission denied, with the errno', async () => {
    const dir = copyShipped();
    const fs: ConfigFs = { ...NODE_FS, readdirSync: (p) => { if (p === dir) throw eacces(p); return NODE_FS.readdirSync(p); } };
    await expect(loadConfigDir(dir, { fs })).rejects.toMatchObject({ code: 'TW_CONFIG_DIR_UNREADABLE', message: `cannot read configuration folder "${dir}": permission denied (EACCES)` });
  });

  it('reports a rules file it may not read at that file, and nothing as missing', () => {
    const dir = copyShipped();
    const fs: ConfigFs = { ...NODE_FS, readFileSync: (p) => { if (p.endsWith('exits.yaml')) throw eacces(p); return NODE_FS.readFileSync(p); } };
    const { config, findings } = readConfigDir(dir, fs);
    expect(config).toBeNull();
    expect(findings.map((f) => `${f.file} ${f.code} ${f.message}`)).toEqual(['rules/exits.yaml TW_CONFIG_FILE_UNREADABLE cannot read "rules/exits.yaml": permission denied (EACCES)']);
  });

  it('still reports a missing folder as not found', async () => {
    await expect(loadConfigDir(join(temp, 'nope'))).rejects.toMatchObject({ code: 'TW_CONFIG_DIR_NOT_FOUND' });
  });

  it('reports a dangling symbolic link in rules/ instead of skipping it', () => {
    const dir = copyShipped();
    symlinkSync(join(temp, 'gone.yaml'), join(dir, 'rules', 'extra.yaml'));
    const { config, findings } = readConfigDir(dir);
    expect(config).toBeNull();
    expect(findings).toMatchObject([{ file: 'rules/extra.yaml', line: 1, col: 1, code: 'TW_CONFIG_FILE_UNREADABLE', message: `cannot read "rules/extra.yaml": it is a symbolic link to "${join(temp, 'gone.yaml')}", which does not exist` }]);
  });

  it('reads rules files with an upper-case or .yml extension like any other', () => {
    const dir = copyShipped();
    const rule = (name: string) => `rules:\n  - name: ${name}\n    description: Note it.\n    priority: 1\n    scope: position\n    when: { all: [{ fact: dte, operator: lessThan, value: 2 }] }\n    then: { action: alert }\n    severity: info\n`;
    writeFileSync(join(dir, 'rules', 'EXTRA.YAML'), rule('upper-alert'));
    writeFileSync(join(dir, 'rules', 'more.Yml'), rule('mixed-alert'));
    const { config, findings } = readConfigDir(dir);
    expect(findings).toEqual([]);
    expect(config!.files).toContain('rules/EXTRA.YAML');
    expect(config!.files).toContain('rules/more.Yml');
    expect(config!.rules.map((r) => r.name)).toEqual(expect.arrayContaining(['upper-alert', 'mixed-alert']));
  });

  it('skips hidden files and editor lock links in rules/ (they are not configuration)', () => {
    const dir = copyShipped();
    symlinkSync('root@host.1234', join(dir, 'rules', '.#exits.yaml')); // how emacs marks a file it is editing
    writeFileSync(join(dir, 'rules', '.draft.yaml'), 'not: [valid');
    const { config, findings } = readConfigDir(dir);
    expect(findings).toEqual([]);
    expect(config?.files).toEqual(['strategies.yaml', 'facts.yaml', 'rules/exits.yaml', 'rules/extrinsic-exit.yaml', 'rules/portfolio.yaml', 'rules/risk.yaml']);
  });
});
