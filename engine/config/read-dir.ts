import * as nodeFs from 'node:fs';
import { join } from 'node:path';
import type { Finding } from './types.ts';
import { finding, sortFindings } from './finding.ts';
import { isRulesFileName, loadConfigFromFiles, STRATEGIES_FILE, type ConfigFileText, type LoadResult } from './load.ts';
import { MAX_FILE_BYTES } from './parse.ts';
import { FACTS_FILE } from './schema-facts.ts';
import { ALERTS_FILE } from './check-alerts.ts';

/** The file-system calls the reader makes; tests inject failures (EACCES cannot be provoked as root). */
export interface ConfigFs {
  statSync: (path: string) => nodeFs.Stats;
  lstatSync: (path: string) => nodeFs.Stats;
  readdirSync: (path: string) => string[];
  readFileSync: (path: string) => Buffer;
  readlinkSync: (path: string) => string;
}

export const NODE_FS: ConfigFs = {
  statSync: (p) => nodeFs.statSync(p),
  lstatSync: (p) => nodeFs.lstatSync(p),
  readdirSync: (p) => nodeFs.readdirSync(p),
  readFileSync: (p) => nodeFs.readFileSync(p),
  readlinkSync: (p) => nodeFs.readlinkSync(p),
};

const errno = (e: unknown) => (e as NodeJS.ErrnoException)?.code ?? '';

/** The operating system's reason in words, with its code: `permission denied (EACCES)`. */
export function describeFsError(e: unknown): string {
  const code = errno(e);
  const words: Record<string, string> = {
    EACCES: 'permission denied', EPERM: 'operation not permitted', ENOTDIR: 'a part of the path is a file, not a folder',
    ELOOP: 'too many levels of symbolic links', ENAMETOOLONG: 'the path is too long', EIO: 'an input/output error', ENOENT: 'no such file or folder',
  };
  return code ? `${words[code] ?? (e as Error).message} (${code})` : String((e as Error)?.message ?? e);
}

/**
 * Reads and validates a config folder: `strategies.yaml`, the optional `facts.yaml` (derived facts), then `rules/*.yaml` (sorted; `.yml` and any letter case;
 * hidden and editor lock files skipped), then `loadConfigFromFiles`. Synchronous: a few small files read in well
 * under a millisecond, and hot reload must not wait behind the kernel's ticks. Every problem is a finding, never an
 * exception: a folder that is missing or unusable is one finding at `.` with the operating system's real cause; a
 * file that is missing, unreadable, a dangling link, not a regular file or oversized is a finding at that file.
 * This is the one reader behind `validate`, `start`, `dry-run` and hot reload (docs/configuration.md).
 */
export function readConfigDir(dir: string, fs: ConfigFs = NODE_FS): LoadResult {
  const folder = checkFolder(dir, fs);
  if (folder) return { config: null, findings: [folder] };
  const files: ConfigFileText[] = [];
  const extra: Finding[] = [];
  const at = (rel: string) => ({ file: rel, line: 1, col: 1, pointer: '' });
  const unreadable = (rel: string, reason: string) => extra.push(finding('TW_CONFIG_FILE_UNREADABLE', { file: rel, reason }, at(rel)));
  const read = (rel: string) => {
    const abs = join(dir, ...rel.split('/'));
    let s: nodeFs.Stats;
    try {
      s = fs.statSync(abs);
    } catch (e) {
      const link = linkTarget(abs, fs);
      if (link !== null) return void unreadable(rel, `it is a symbolic link to "${link}", which ${errno(e) === 'ENOENT' ? 'does not exist' : `cannot be read: ${describeFsError(e)}`}`);
      if (errno(e) !== 'ENOENT') unreadable(rel, describeFsError(e));
      return; // missing: loadConfigFromFiles reports a missing strategies.yaml (and rules/ with no files)
    }
    if (!s.isFile()) return void unreadable(rel, 'it is not a regular file');
    if (s.size > MAX_FILE_BYTES) return void extra.push(finding('TW_CONFIG_FILE_TOO_LARGE', { sizeKb: Math.round(s.size / 1024), limitKb: MAX_FILE_BYTES / 1024 }, at(rel)));
    try {
      files.push({ path: rel, text: decode(fs.readFileSync(abs)) });
    } catch (e) {
      unreadable(rel, describeFsError(e));
    }
  };
  read(STRATEGIES_FILE);
  read(FACTS_FILE); // optional: a missing facts.yaml is no finding
  read(ALERTS_FILE); // optional: missing is not a finding
  for (const n of rulesNames(dir, fs, unreadable)) read(`rules/${n}`);
  const result = loadConfigFromFiles(files, { rulesUnread: extra.some((f) => f.file.startsWith('rules/')) });
  if (extra.length === 0) return result;
  // A file that could not be read must not be reported as missing as well.
  const unread = new Set(extra.map((f) => f.file));
  const rest = result.findings.filter((f) => !(f.code === 'TW_CONFIG_FILE_MISSING' && (unread.has(f.file) || (f.file === 'rules/' && [...unread].some((u) => u.startsWith('rules/'))))));
  return { ...result, config: null, findings: sortFindings([...extra, ...rest]) };
}

function checkFolder(dir: string, fs: ConfigFs): Finding | null {
  const p = folderProblem(dir, fs);
  return p ? finding(p.code, p.params, { file: '.', line: 1, col: 1, pointer: '' }) : null;
}

/** Why `dir` cannot be used as a config folder (the operating system's real cause), or null when it can. */
export function folderProblem(dir: string, fs: ConfigFs = NODE_FS): { code: 'TW_CONFIG_DIR_NOT_FOUND' | 'TW_CONFIG_DIR_UNREADABLE'; params: Record<string, string> } | null {
  let s: nodeFs.Stats;
  try {
    s = fs.statSync(dir);
  } catch (e) {
    if (errno(e) === 'ENOENT') return { code: 'TW_CONFIG_DIR_NOT_FOUND', params: { dir } };
    return { code: 'TW_CONFIG_DIR_UNREADABLE', params: { dir, reason: describeFsError(e), expected: errno(e) === 'ENOTDIR' ? 'check the path: one of its parts is a file' : 'check the folder\'s permissions' } };
  }
  if (!s.isDirectory()) return { code: 'TW_CONFIG_DIR_UNREADABLE', params: { dir, reason: 'it is a file, not a folder', expected: 'pass the folder that holds strategies.yaml and rules/, not a file in it' } };
  try {
    fs.readdirSync(dir);
  } catch (e) {
    return { code: 'TW_CONFIG_DIR_UNREADABLE', params: { dir, reason: describeFsError(e), expected: 'check the folder\'s permissions (tickwise needs to list and read it)' } };
  }
  return null;
}

/** The rules file names in `rules/`, sorted; a `rules` that exists but cannot be listed is a finding. */
function rulesNames(dir: string, fs: ConfigFs, unreadable: (rel: string, reason: string) => void): string[] {
  try {
    return fs.readdirSync(join(dir, 'rules')).filter(isRulesFileName).sort();
  } catch (e) {
    if (errno(e) === 'ENOENT') {
      const link = linkTarget(join(dir, 'rules'), fs);
      if (link !== null) unreadable('rules/', `it is a symbolic link to "${link}", which does not exist`);
      return [];
    }
    unreadable('rules/', errno(e) === 'ENOTDIR' ? 'it is a file, not a folder' : describeFsError(e));
    return [];
  }
}

/** Where a symbolic link points, or null when `abs` is not a link. */
function linkTarget(abs: string, fs: ConfigFs): string | null {
  try {
    return fs.lstatSync(abs).isSymbolicLink() ? fs.readlinkSync(abs) : null;
  } catch {
    return null;
  }
}

/** UTF-8 decode; invalid sequences become U+FFFD, which the parser reports as a binary file. */
function decode(bytes: Buffer): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
