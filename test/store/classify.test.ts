/**
 * Every failure to open a database gets its own code and hint, provoked on a real file damaged the way it happens in
 * practice: a page overwritten, a file cut short, a text file at the path, a damaged write-ahead log, a directory at
 * the path, another user's file, and a second process holding the lock.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTickwiseError } from '../../engine/errors/index.ts';
import { classifyStoreError, openStore, type Store } from '../../engine/store/index.ts';
import { position } from './fixtures.ts';

const T0 = Date.parse('2026-03-02T15:00:00Z');
const tryOpen = join(import.meta.dirname, 'fixtures', 'try-open.ts');
let dir: string;
let file: string;
const open: Store[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tw-classify-'));
  file = join(dir, 'tickwise.duckdb');
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A real tickwise database with a few committed ticks. */
async function realFile(path: string, keepOpen = false): Promise<Store> {
  const s = await openStore(path);
  for (let seq = 1; seq <= 3; seq++) {
    await s.beginTick();
    await s.commitTick({ seq, time: T0 + seq * 60_000, configVersion: 'v1', positions: [position(`p${seq}`)] });
  }
  if (keepOpen) open.push(s);
  else await s.close();
  return s;
}

async function openError(path: string) {
  const err = await openStore(path).then(async (s) => {
    await s.close();
    return null;
  }, (e: unknown) => e);
  if (!isTickwiseError(err)) throw new Error(`expected a coded error, got ${String(err)}`);
  return err;
}

/** DuckDB's file header is three 4 KiB blocks; the data blocks start after it. */
const FIRST_BLOCK = 3 * 4096;

describe('classifying a database that cannot be opened', () => {
  it('reports a page whose checksum does not match as TW_STORE_CORRUPT, not as a lock held by another process', async () => {
    await realFile(file);
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(size - FIRST_BLOCK, 0xab), 0, size - FIRST_BLOCK, FIRST_BLOCK);
    closeSync(fd);
    const err = await openError(file);
    // DuckDB says "... in block at location ...": the old /lock/i test matched "block".
    expect(String((err.cause as Error).message)).toMatch(/Corrupt database file.*block/);
    expect(err.code).toBe('TW_STORE_CORRUPT');
    expect(err.message).not.toMatch(/another process/);
    expect(err.hint).toMatch(/restore the file from a backup/);
  });

  it('reports a file cut short as TW_STORE_CORRUPT', async () => {
    await realFile(file);
    truncateSync(file, FIRST_BLOCK + 100);
    const err = await openError(file);
    expect(err.code).toBe('TW_STORE_CORRUPT');
    expect(err.message).toContain(file);
  });

  it('reports a text file at the path as TW_STORE_NOT_DUCKDB and leaves it untouched', async () => {
    writeFileSync(file, 'positions:\n  - SPY 450P\n'.repeat(500));
    const before = readFileSync(file);
    const err = await openError(file);
    expect(err.code).toBe('TW_STORE_NOT_DUCKDB');
    expect(err.hint).toMatch(/--db path/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('reports a damaged write-ahead log as TW_STORE_WAL_REPLAY', async () => {
    // Copy the file and its .wal while the store is open (closing would checkpoint the log away), then damage the log.
    await realFile(file, true);
    const copy = join(dir, 'copy.duckdb');
    copyFileSync(file, copy);
    copyFileSync(`${file}.wal`, `${copy}.wal`);
    const wal = readFileSync(`${copy}.wal`);
    expect(wal.length).toBeGreaterThan(200);
    wal.fill(0x5a, 100, Math.min(wal.length, 4000));
    writeFileSync(`${copy}.wal`, wal);
    const err = await openError(copy);
    expect(err.code).toBe('TW_STORE_WAL_REPLAY');
    expect(err.message).toContain(`${copy}.wal`);
  });

  it('reports a directory at the path as TW_STORE_IO', async () => {
    mkdirSync(file);
    const err = await openError(file);
    expect(err.code).toBe('TW_STORE_IO');
    expect(err.message).toMatch(/Is a directory/);
  });

  it('reports a file this user may not open as TW_STORE_PERMISSION', async () => {
    await realFile(file);
    chmodSync(file, 0o600);
    let out: string;
    if (process.getuid?.() === 0) {
      // root opens any file: ask as another user (nobody), as a second tickwise under another account would.
      chmodSync(dir, 0o755);
      out = execFileSync(process.execPath, ['--import', 'tsx', tryOpen, file], { encoding: 'utf8', uid: 65534, gid: 65534, env: { ...process.env, HOME: tmpdir() } });
    } else {
      chmodSync(file, 0o000);
      out = execFileSync(process.execPath, ['--import', 'tsx', tryOpen, file], { encoding: 'utf8' });
      chmodSync(file, 0o600);
    }
    const result = JSON.parse(out.trim().split('\n').pop()!);
    expect(result.code).toBe('TW_STORE_PERMISSION');
    expect(result.hint).toMatch(/user that owns the file/);
  }, 30_000);

  it('reports a second process on the file as TW_STORE_LOCKED with the holder\'s process id', async () => {
    await realFile(file, true);
    const out = execFileSync(process.execPath, ['--import', 'tsx', tryOpen, file], { encoding: 'utf8' });
    const result = JSON.parse(out.trim().split('\n').pop()!);
    expect(result.code).toBe('TW_STORE_LOCKED');
    expect(result.message).toContain(`(process ${process.pid})`);
    expect(result.message).toMatch(/Conflicting lock is held/);
  }, 30_000);
});

describe('the classifier', () => {
  it('tells DuckDB\'s real messages apart, whatever words they share', () => {
    expect(classifyStoreError('IO Error: Corrupt database file: computed checksum 1 does not match stored checksum 2 in block at location 12288')).toBe('corrupt');
    expect(classifyStoreError('IO Error: Could not set lock on file "/x.duckdb": Conflicting lock is held in /usr/bin/node (PID 42) by user u. See also https://duckdb.org/docs/connect/concurrency')).toBe('locked');
    expect(classifyStoreError('IO Error: Failure while replaying WAL file "/x.duckdb.wal": Corrupt WAL file: entry at byte position 56 computed checksum 1 does not match stored checksum 2')).toBe('wal-replay');
    expect(classifyStoreError('TransactionContext Error: Failed to commit: Could not write file "/x.duckdb.wal": No space left on device')).toBe('disk-full');
    expect(classifyStoreError('IO Error: Cannot open file "/x.duckdb": Permission denied')).toBe('permission');
    expect(classifyStoreError('Constraint Error: NOT NULL constraint failed: transitions.position_id')).toBe('other');
  });
});
