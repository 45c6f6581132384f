/**
 * A small real tmpfs for the full-disk tests (mounting needs root, which CI and these machines have). Mounted when the
 * test file loads and unmounted after its tests; where mounting is not permitted, `skip` says why.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export type Tmpfs = { dir: string } | { skip: string };

export function useTmpfs(sizeMb: number, prefix: string): Tmpfs {
  const at = mkdtempSync(join(tmpdir(), prefix));
  let fs: Tmpfs;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', at], { stdio: 'pipe' });
    fs = { dir: at };
  } catch (e) {
    rmSync(at, { recursive: true, force: true });
    fs = { skip: `mounting a tmpfs is not permitted here (${String((e as Error).message).split('\n')[0]})` };
  }
  afterAll(() => {
    if ('dir' in fs) {
      execFileSync('umount', [fs.dir]);
      rmSync(fs.dir, { recursive: true, force: true });
    }
  });
  return fs;
}
