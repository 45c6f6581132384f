/**
 * What the store needs from the file system besides DuckDB: the free space of the database's filesystem (for the
 * disk-full error) and private file modes. The database holds the whole book (positions, orders, fills, the broker's
 * checkpoint), so the file and its write-ahead log are owner-only (0600) and a directory tickwise creates is 0700.
 *
 * DuckDB creates the `.wal` itself, and deletes and re-creates it at every checkpoint, with the process umask (mode
 * 0666 & ~umask). So while a database file is open the process umask also masks group and other (`| 0o077`); it is put
 * back when the last file store closes. Files tickwise writes meanwhile (logs, exports) are owner-only too.
 */
import { chmodSync, existsSync, mkdirSync, statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_DIR_MODE = 0o700;
const PRIVATE_UMASK = 0o077;

/** Free bytes for an unprivileged user on the filesystem holding `path` (null when it cannot be read). */
export function freeBytes(path: string): number | null {
  try {
    const s = statfsSync(existsSync(path) ? path : dirname(path));
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

/** Bytes in a readable unit: "0 B", "512 KiB", "1.5 GiB"; "unknown" for null. */
export function formatBytes(n: number | null): string {
  if (n === null) return 'unknown';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : Number(v.toFixed(1))} ${units[u]}`;
}

/** Creates the database's directory (0700 for the levels it creates). */
export function ensureDir(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Tightens the database file and its `.wal` to 0600 when they are readable or writable by others. */
export function tightenModes(path: string): void {
  for (const f of [path, `${path}.wal`]) {
    try {
      if ((statSync(f).mode & 0o077) !== 0) chmodSync(f, PRIVATE_FILE_MODE);
    } catch {
      // absent (the .wal exists only between checkpoints)
    }
  }
}

let holders = 0;
let savedUmask: number | null = null;

/**
 * Masks group and other in the process umask while file stores are open (see the file comment). Returns the release
 * function. In a worker thread, where the umask cannot be set, files are still tightened after every commit.
 */
export function holdPrivateUmask(): { release(): void; active: boolean } {
  let active = false;
  try {
    const previous = process.umask(PRIVATE_UMASK);
    process.umask(previous | PRIVATE_UMASK);
    if (holders === 0) savedUmask = previous;
    holders++;
    active = true;
  } catch {
    active = false;
  }
  let released = false;
  return {
    active,
    release() {
      if (!active || released) return;
      released = true;
      holders--;
      if (holders === 0 && savedUmask !== null) {
        process.umask(savedUmask);
        savedUmask = null;
      }
    },
  };
}
