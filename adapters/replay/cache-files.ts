/**
 * Where cache entries live and how one is trusted. An entry is three files named by its key (cache-key.ts):
 * `<key>.parquet` (the normalized rows, cache-write.ts), `<key>.contracts.json` (the contract dictionary) and
 * `<key>.json` (what reading the file found, and the other two files' sizes and SHA-256). An entry is used only when
 * the JSON parses, names the same key and format, and both files have exactly the recorded size and hash; anything
 * else is stale and rebuilt. Files are written
 * under a temporary name and renamed, the JSON last, so a crash or a concurrent writer never leaves a half entry
 * that passes.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { MalformedReport } from './file-check.ts';
import { CACHE_FORMAT, hashFile } from './cache-key.ts';

/** The JSON half of an entry. */
export interface CacheMeta {
  format: number;
  key: string;
  contentHash: string;
  mapping: string;
  /** The path the entry was built from (informational: a renamed file with the same bytes still hits). */
  builtFrom: string;
  /** The mapping's name: `cboe`, `optionsdx` or `custom`. */
  layout: string;
  rows: number;
  bytes: number;
  parquetHash: string;
  contractsBytes: number;
  contractsHash: string;
  malformed: MalformedReport;
  undated: number;
}

/**
 * The cache folder when the options name none: `$TICKWISE_CACHE_DIR/replay`, else `$XDG_CACHE_HOME/tickwise/replay`,
 * else `~/.cache/tickwise/replay`; false (no cache) when `TICKWISE_REPLAY_CACHE=off`.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | false {
  if (env.TICKWISE_REPLAY_CACHE === 'off') return false;
  if (env.TICKWISE_CACHE_DIR) return join(env.TICKWISE_CACHE_DIR, 'replay');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tickwise', 'replay');
}

export interface EntryPaths {
  parquet: string;
  contracts: string;
  meta: string;
}

export function entryPaths(dir: string, key: string): EntryPaths {
  return { parquet: join(dir, `${key}.parquet`), contracts: join(dir, `${key}.contracts.json`), meta: join(dir, `${key}.json`) };
}

/** A usable entry, or why there is none (`absent`, or a reason it is stale). */
export type EntryState = { ok: true; meta: CacheMeta; paths: EntryPaths } | { ok: false; reason: string };

/** Why a file does not match the size and hash recorded for it, or undefined when it does. */
async function mismatch(what: string, path: string, bytes: number, hash: string): Promise<string | undefined> {
  if (!existsSync(path)) return `its ${what} is missing`;
  const size = statSync(path).size;
  if (size !== bytes) return `its ${what} has ${size} bytes, ${bytes} were written`;
  if ((await hashFile(path)) !== hash) return `its ${what} does not match the hash written with it`;
  return undefined;
}

export async function checkEntry(dir: string, key: string): Promise<EntryState> {
  const paths = entryPaths(dir, key);
  if (!existsSync(paths.meta)) return { ok: false, reason: 'absent' };
  let meta: CacheMeta;
  try {
    meta = JSON.parse(readFileSync(paths.meta, 'utf8')) as CacheMeta;
  } catch {
    return { ok: false, reason: 'its description file does not parse' };
  }
  if (!meta || typeof meta !== 'object' || meta.format !== CACHE_FORMAT || meta.key !== key) return { ok: false, reason: 'its description file is of another format or key' };
  if (typeof meta.rows !== 'number' || typeof meta.undated !== 'number' || !meta.malformed || typeof meta.layout !== 'string') return { ok: false, reason: 'its description file lacks fields' };
  const bad = (await mismatch('Parquet file', paths.parquet, meta.bytes, meta.parquetHash)) ?? (await mismatch('contract dictionary', paths.contracts, meta.contractsBytes, meta.contractsHash));
  return bad ? { ok: false, reason: bad } : { ok: true, meta, paths };
}

/** A temporary name next to `final`, unique to this writer. */
export function temporaryName(final: string): string {
  return `${final}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** Creates the folder (and parents); throws the file system's error when it cannot. */
export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

/** Moves the finished Parquet file and dictionary into place and writes the entry's JSON after them (by rename). */
export function commitEntry(dir: string, tmp: { parquet: string; contracts: string }, meta: CacheMeta): EntryPaths {
  const paths = entryPaths(dir, meta.key);
  renameSync(tmp.parquet, paths.parquet);
  renameSync(tmp.contracts, paths.contracts);
  const tmpMeta = temporaryName(paths.meta);
  writeFileSync(tmpMeta, JSON.stringify(meta, null, 1) + '\n');
  renameSync(tmpMeta, paths.meta);
  return paths;
}

/** Removes an entry's files (a stale entry before its rebuild); missing files are fine. */
export function removeEntry(dir: string, key: string): void {
  const paths = entryPaths(dir, key);
  for (const p of [paths.meta, paths.parquet, paths.contracts]) rmSync(p, { force: true });
}
