import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyConfig, harness, nextResult, replaceOnce, type Harness } from './helpers.ts';

// Real symbolic links in a temporary folder and the real watcher (node:fs.watch): no SIGHUP, no reloadNow.
const TIMEOUT = 60_000;
let open: Harness | null = null;
const cleanup: string[] = [];
afterEach(async () => {
  await open?.close();
  open = null;
  for (const d of cleanup.splice(0)) rmSync(d, { recursive: true, force: true });
});
const IC_TP = 'takeProfitPct: 0.5\n    execution';

describe('hot reload follows symbolic links', () => {
  it('reloads when the target of a symlinked rules file is edited, in place or by rename', async () => {
    const dir = copyConfig();
    const ext = mkdtempSync(join(tmpdir(), 'tickwise-ext-'));
    cleanup.push(dir, ext);
    renameSync(join(dir, 'rules', 'exits.yaml'), join(ext, 'exits.yaml'));
    symlinkSync(join(ext, 'exits.yaml'), join(dir, 'rules', 'exits.yaml'));
    const h = (open = await harness({ dir }));
    const v1 = h.kernel.config.version;
    const text = readFileSync(join(ext, 'exits.yaml'), 'utf8');
    writeFileSync(join(ext, 'exits.yaml'), `${text}# edited in place\n`);
    const first = await nextResult(h);
    expect(first).toMatchObject({ ok: true });
    expect(first.version).not.toBe(v1);
    // An editor's atomic save: a temporary file renamed over the target.
    writeFileSync(join(ext, 'exits.yaml.tmp'), `${text}# saved by rename\n`);
    renameSync(join(ext, 'exits.yaml.tmp'), join(ext, 'exits.yaml'));
    const second = await nextResult(h);
    expect(second).toMatchObject({ ok: true });
    expect(second.version).not.toBe(first.version);
  }, TIMEOUT);

  it('picks up a swapped config folder link (ln -s v2 cur.tmp && mv -T cur.tmp current) and then watches the new folder', async () => {
    const base = mkdtempSync(join(tmpdir(), 'tickwise-deploy-'));
    cleanup.push(base);
    const v1Dir = copyConfig();
    cpSync(v1Dir, join(base, 'v1'), { recursive: true });
    cpSync(v1Dir, join(base, 'v2'), { recursive: true });
    rmSync(v1Dir, { recursive: true });
    const s2 = join(base, 'v2', 'strategies.yaml');
    writeFileSync(s2, replaceOnce(readFileSync(s2, 'utf8'), IC_TP, 'takeProfitPct: 0.45\n    execution'));
    symlinkSync('v1', join(base, 'current'));
    const h = (open = await harness({ dir: join(base, 'current') }));
    const v1 = h.kernel.config.version;

    symlinkSync('v2', join(base, 'cur.tmp'));
    renameSync(join(base, 'cur.tmp'), join(base, 'current')); // what `mv -T` does: an atomic rename over the link
    const swapped = await nextResult(h);
    expect(swapped.ok).toBe(true);
    expect(swapped.version).not.toBe(v1);
    expect(swapped.diff!.thresholds).toContainEqual(expect.objectContaining({ strategy: 'spy-iron-condor', param: 'takeProfitPct', from: 0.5, to: 0.45 }));

    // The watches moved with the link: an edit inside v2 reloads, an edit of the old v1 does not matter.
    writeFileSync(s2, replaceOnce(readFileSync(s2, 'utf8'), 'takeProfitPct: 0.45\n    execution', 'takeProfitPct: 0.4\n    execution'));
    const edited = await nextResult(h);
    expect(edited.ok).toBe(true);
    expect(edited.diff!.thresholds).toContainEqual(expect.objectContaining({ strategy: 'spy-iron-condor', param: 'takeProfitPct', from: 0.5, to: 0.4 }));
  }, TIMEOUT);

  it('reloads when a symlinked rules folder is pointed elsewhere', async () => {
    const dir = copyConfig();
    const ext = mkdtempSync(join(tmpdir(), 'tickwise-rules-'));
    cleanup.push(dir, ext);
    cpSync(join(dir, 'rules'), join(ext, 'a'), { recursive: true });
    cpSync(join(dir, 'rules'), join(ext, 'b'), { recursive: true });
    writeFileSync(join(ext, 'b', 'exits.yaml'), `${readFileSync(join(ext, 'b', 'exits.yaml'), 'utf8')}# b\n`);
    rmSync(join(dir, 'rules'), { recursive: true });
    symlinkSync(join(ext, 'a'), join(dir, 'rules'));
    const h = (open = await harness({ dir }));
    const v1 = h.kernel.config.version;
    mkdirSync(join(ext, 'tmp'));
    symlinkSync(join(ext, 'b'), join(ext, 'tmp', 'rules'));
    renameSync(join(ext, 'tmp', 'rules'), join(dir, 'rules'));
    const r = await nextResult(h);
    expect(r.ok).toBe(true);
    expect(r.version).not.toBe(v1);
  }, TIMEOUT);
});
