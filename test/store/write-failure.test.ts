/**
 * A commit the disk refuses: rolled back cleanly (DuckDB has already ended the transaction, so no ROLLBACK may be
 * sent), reported as TW_STORE_DISK_FULL with the free space, and the store keeps working once there is room. Proven
 * with the commit-failure seam (DuckDB's own message and behaviour) and on a real full filesystem (a small tmpfs; the
 * test says why and skips when mounting is not permitted).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, unlinkSync, writeFileSync, openSync, writeSync, closeSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTickwiseError } from '../../engine/errors/index.ts';
import { openStore, type Store, type TickBatch } from '../../engine/store/index.ts';
import { position } from './fixtures.ts';
import { useTmpfs } from '../support/tmpfs.ts';

const T0 = Date.parse('2026-03-02T15:00:00Z');
let dir: string;
let store: Store | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tw-write-'));
});
afterEach(async () => {
  await store?.close().catch(() => undefined);
  store = null;
  rmSync(dir, { recursive: true, force: true });
});

const tick = (seq: number, extra: Partial<TickBatch> = {}): TickBatch => ({ seq, time: T0 + seq * 60_000, configVersion: 'v1', positions: [position(`p${seq}`)], ...extra });
const ticks = async (s: Store) => (await s.db.all<{ seq: number }>('SELECT seq::INT AS seq FROM ticks ORDER BY seq')).map((r) => r.seq);

describe('a commit that fails on a full disk', () => {
  it('is reported as TW_STORE_DISK_FULL with the free space, leaves nothing of the tick, and sends no ROLLBACK DuckDB would refuse', async () => {
    store = await openStore(join(dir, 'tw.duckdb'));
    await store.beginTick();
    await store.commitTick(tick(1));
    store.failNextCommits(1);
    await store.beginTick();
    await store.ingestMarket({ time: T0 + 120_000, underlyings: [{ symbol: 'SPY', price: 450 }], quotes: [] });
    const err = await store.commitTick(tick(2)).catch((e: unknown) => e);
    expect(isTickwiseError(err) && err.code).toBe('TW_STORE_DISK_FULL');
    if (!isTickwiseError(err)) return;
    expect(err.message).toMatch(/cannot write tick 2 to .*tw\.duckdb: the disk is full \(\d+(\.\d+)? [KMGT]?i?B free\)/);
    expect(err.message).toContain('No space left on device');
    expect(err.hint).toMatch(/sends no order until the tick is written/);
    expect(store.transaction).toBe('none');
    // a rollback now is a no-op, not "cannot rollback - no transaction is active"
    await expect(store.rollbackTick()).resolves.toBeUndefined();
    expect(await ticks(store)).toEqual([1]);
    expect(await store.db.all('SELECT symbol FROM underlyings')).toEqual([]);
    await store.beginTick();
    await store.commitTick(tick(2));
    expect(await ticks(store)).toEqual([1, 2]);
  });

  it('reports other write failures as TW_STORE_WRITE_FAILED and failures that are not the disk\'s as TW_STORE_COMMIT_FAILED', async () => {
    store = await openStore(join(dir, 'tw.duckdb'));
    store.failNextCommits(1, 'TransactionContext Error: Failed to commit: Could not write file "x.wal": Input/output error');
    await store.beginTick();
    const io = await store.commitTick(tick(1)).catch((e: unknown) => e);
    expect(isTickwiseError(io) && io.code).toBe('TW_STORE_WRITE_FAILED');
    store.failNextCommits(1, 'TransactionContext Error: Failed to commit: PRIMARY KEY or UNIQUE constraint violation');
    await store.beginTick();
    const other = await store.commitTick(tick(1)).catch((e: unknown) => e);
    expect(isTickwiseError(other) && other.code).toBe('TW_STORE_COMMIT_FAILED');
    expect(store.inTick).toBe(false);
  });
});

describe('file permissions', () => {
  it('creates the database and its write-ahead log owner-only (0600), and tightens an existing file on open', async () => {
    const file = join(dir, 'new', 'tw.duckdb');
    const umask = process.umask(0o022);
    store = await openStore(file);
    await store.beginTick();
    await store.commitTick(tick(1));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(`${file}.wal`)).toBe(true);
    expect(statSync(`${file}.wal`).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'new')).mode & 0o777).toBe(0o700);
    await store.close();
    store = null;
    // the process umask is back to what it was once no file store is open
    expect(process.umask(0o022)).toBe(0o022);
    chmodSync(file, 0o644);
    store = await openStore(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    process.umask(umask);
  });
});

const fs = useTmpfs(3, 'tw-tmpfs-');
if ('skip' in fs) console.log(`skipping the real full-disk tests: ${fs.skip}`);

/** Fills the filesystem until the kernel refuses more (ENOSPC). */
function fill(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  // the last partial blocks too
  try {
    for (;;) writeFileSync(path, Buffer.alloc(512, 1), { flag: 'a' });
  } catch {
    // full
  }
}

describe.skipIf('skip' in fs)('on a real full filesystem (tmpfs)', () => {
  const root = 'dir' in fs ? fs.dir : '';

  it('refuses the tick with TW_STORE_DISK_FULL ("0 B free"), keeps the data, commits again once there is room, and reopens on a full disk', async () => {
    const file = join(root, 'db', 'tw.duckdb');
    mkdirSync(join(root, 'db'), { recursive: true });
    const filler = join(root, 'filler');
    store = await openStore(file);
    await store.beginTick();
    await store.commitTick(tick(1));
    fill(filler);
    const big = tick(2, { alerts: Array.from({ length: 3000 }, (_, i) => ({ time: T0, severity: 'info', source: 'test', positionId: null, message: `alert ${i} ${'x'.repeat(200)}` })) });
    await store.beginTick();
    const err = await store.commitTick(big).catch((e: unknown) => e);
    expect(isTickwiseError(err) ? err.code : String(err)).toBe('TW_STORE_DISK_FULL');
    expect((err as Error).message).toMatch(/\(0 B free\)/);
    expect(store.inTick).toBe(false);
    expect(await ticks(store)).toEqual([1]);

    // A restart while the disk is still full opens the file and reads the book.
    await store.close().catch(() => undefined);
    store = await openStore(file);
    expect(await ticks(store)).toEqual([1]);
    expect(store.freeSpace()).toBe('0 B');
    // A new database cannot even be created there: the same code, with the free space.
    const fresh = await openStore(join(root, 'db', 'fresh.duckdb')).catch((e: unknown) => e);
    expect(isTickwiseError(fresh) && fresh.code).toBe('TW_STORE_DISK_FULL');
    expect((fresh as Error).message).toMatch(/cannot write the database \(opening it\) to .*fresh\.duckdb: the disk is full \(0 B free\)/);

    unlinkSync(filler);
    await store.beginTick();
    await store.commitTick(big);
    expect(await ticks(store)).toEqual([1, 2]);
  });
});
