/**
 * One classifier for DuckDB's error messages: which kind of failure a message is, and the coded error it becomes.
 * The patterns follow the messages DuckDB 1.x really produces (test/store/classify.test.ts provokes each one on a
 * real file). Order matters: a WAL replay failure mentions corruption, and a corrupt page's message says "block", so
 * the lock is recognised by its full shape ("Could not set lock on file … Conflicting lock is held …"), never by the
 * word "lock" alone.
 */
import { twError, type TickwiseError } from '../errors/index.ts';

export type StoreFailure =
  | 'locked'
  | 'wal-replay'
  | 'corrupt'
  | 'not-duckdb'
  | 'permission'
  | 'disk-full'
  | 'io'
  | 'other';

const CLASSES: readonly (readonly [StoreFailure, RegExp])[] = [
  ['locked', /Could not set lock on file[\s\S]*Conflicting lock is held/i],
  ['wal-replay', /Failure while replaying WAL|Corrupt WAL file/i],
  ['disk-full', /No space left on device|ENOSPC|disk is full|Disk quota exceeded|EDQUOT/i],
  ['permission', /Permission denied|EACCES|Operation not permitted|EPERM|Read-only file system|EROFS/i],
  ['not-duckdb', /not a valid DuckDB database file|is not a DuckDB database|database file with version number/i],
  ['corrupt', /Corrupt database file|checksum .* does not match|Could not read enough bytes from file|file is corrupt/i],
  ['io', /IO Error|I\/O error|EIO\b|Is a directory|Input\/output error/i],
];

/** The kind of failure a DuckDB (or Node fs) error message describes. */
export function classifyStoreError(message: string): StoreFailure {
  for (const [kind, re] of CLASSES) if (re.test(message)) return kind;
  return 'other';
}

/** Failures of a write the kernel may retry: the data on disk is intact and the cause is outside tickwise. */
export function isWriteFailure(kind: StoreFailure): boolean {
  return kind === 'disk-full' || kind === 'permission' || kind === 'io';
}

function reasonOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** The coded error for a failure to open (or migrate) the database at `path`. */
export function openError(path: string, cause: unknown, free: string): TickwiseError {
  const reason = reasonOf(cause);
  const opts = { cause };
  switch (classifyStoreError(reason)) {
    case 'locked': {
      const pid = /\(PID (\d+)\)/.exec(reason)?.[1];
      return twError('TW_STORE_LOCKED', { path, holder: pid ? ` (process ${pid})` : '', reason }, opts);
    }
    case 'wal-replay':
      return twError('TW_STORE_WAL_REPLAY', { path, reason }, opts);
    case 'corrupt':
      return twError('TW_STORE_CORRUPT', { path, reason }, opts);
    case 'not-duckdb':
      return twError('TW_STORE_NOT_DUCKDB', { path, reason }, opts);
    case 'permission':
      return twError('TW_STORE_PERMISSION', { path, reason }, opts);
    case 'disk-full':
      return twError('TW_STORE_DISK_FULL', { path, what: 'the database (opening it)', free, reason }, opts);
    case 'io':
      return twError('TW_STORE_IO', { path, reason }, opts);
    default:
      return twError('TW_STORE_OPEN_FAILED', { path, reason }, opts);
  }
}

/**
 * The coded error for a failed tick commit: TW_STORE_DISK_FULL / TW_STORE_WRITE_FAILED for failures of the disk
 * (retryable: the kernel keeps the tick and tries again), TW_STORE_COMMIT_FAILED for anything else (fatal).
 */
export function commitError(path: string, seq: number, cause: unknown, free: string): TickwiseError {
  const reason = reasonOf(cause);
  const kind = classifyStoreError(reason);
  const what = `tick ${seq}`;
  if (kind === 'disk-full') return twError('TW_STORE_DISK_FULL', { path, what, free, reason }, { cause });
  if (isWriteFailure(kind)) return twError('TW_STORE_WRITE_FAILED', { path, what, free, reason }, { cause });
  return twError('TW_STORE_COMMIT_FAILED', { seq, reason }, { cause });
}

/** Codes a kernel retries (the tick is kept and committed again later). */
export const RETRYABLE_WRITE_CODES: ReadonlySet<string> = new Set(['TW_STORE_DISK_FULL', 'TW_STORE_WRITE_FAILED']);
