import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { twError } from '../errors/index.ts';
import type { Finding } from './types.ts';
import { finding } from './finding.ts';
import { loadConfigFromFiles, STRATEGIES_FILE, type ConfigFileText, type LoadResult } from './load.ts';
import { MAX_FILE_BYTES } from './parse.ts';

/**
 * Reads `strategies.yaml` and `rules/*.yaml` (sorted) from a config folder, then loads them with
 * `loadConfigFromFiles`. A missing folder is a TickwiseError (exit 2); missing or unreadable files are findings.
 * This is the one place the engine touches the file system, and only the folder the CLI hands it.
 */
export async function loadConfigDir(dir: string): Promise<LoadResult> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw twError('TW_CONFIG_DIR_NOT_FOUND', { dir });
  const files: ConfigFileText[] = [];
  const extra: Finding[] = [];
  const read = async (rel: string) => {
    const abs = join(dir, ...rel.split('/'));
    const s = await stat(abs).catch(() => null);
    if (!s) return;
    if (!s.isFile()) {
      extra.push(finding('TW_CONFIG_FILE_UNREADABLE', { file: rel, reason: 'it is not a regular file' }, { file: rel, line: 1, col: 1, pointer: '' }));
      return;
    }
    try {
      if (s.size > MAX_FILE_BYTES) {
        extra.push(finding('TW_CONFIG_FILE_TOO_LARGE', { sizeKb: Math.round(s.size / 1024), limitKb: MAX_FILE_BYTES / 1024 }, { file: rel, line: 1, col: 1, pointer: '' }));
        return;
      }
      files.push({ path: rel, text: decode(await readFile(abs)) });
    } catch (e) {
      extra.push(finding('TW_CONFIG_FILE_UNREADABLE', { file: rel, reason: (e as Error).message }, { file: rel, line: 1, col: 1, pointer: '' }));
    }
  };
  await read(STRATEGIES_FILE);
  const rulesDir = join(dir, 'rules');
  const names = (await readdir(rulesDir).catch(() => [] as string[])).filter((n) => /\.ya?ml$/.test(n)).sort();
  for (const n of names) await read(`rules/${n}`);
  const result = loadConfigFromFiles(files);
  if (extra.length === 0) return result;
  // A file that could not be read must not be reported as missing as well.
  const unread = new Set(extra.map((f) => f.file));
  const rest = result.findings.filter((f) => !(f.code === 'TW_CONFIG_FILE_MISSING' && (unread.has(f.file) || (f.file === 'rules/' && [...unread].some((u) => u.startsWith('rules/'))))));
  return { config: null, findings: [...extra, ...rest] };
}

/** UTF-8 decode; invalid sequences become U+FFFD, which the parser reports as a binary file. */
function decode(bytes: Buffer): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
