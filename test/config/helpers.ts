import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigFileText } from '../../engine/config/index.ts';

export const REPO = join(import.meta.dirname, '..', '..');
export const BASE_DIR = join(REPO, 'test', 'fixtures', 'config', 'base');

/** Reads strategies.yaml, facts.yaml (when there is one) and rules/*.yaml of a config folder as `{ path, text }`. */
export function readConfigFiles(dir: string): ConfigFileText[] {
  const rules = readdirSync(join(dir, 'rules')).filter((n) => n.endsWith('.yaml')).sort();
  return [
    { path: 'strategies.yaml', text: readFileSync(join(dir, 'strategies.yaml'), 'utf8') },
    ...(existsSync(join(dir, 'facts.yaml')) ? [{ path: 'facts.yaml', text: readFileSync(join(dir, 'facts.yaml'), 'utf8') }] : []),
    ...rules.map((n) => ({ path: `rules/${n}`, text: readFileSync(join(dir, 'rules', n), 'utf8') })),
  ];
}

export const shippedFiles = (): ConfigFileText[] => readConfigFiles(REPO);
export const baseFiles = (): ConfigFileText[] => readConfigFiles(BASE_DIR);

/** Replaces one file's text. */
export function withFile(files: ConfigFileText[], path: string, edit: (text: string) => string): ConfigFileText[] {
  if (!files.some((f) => f.path === path)) return [...files, { path, text: edit('') }];
  return files.map((f) => (f.path === path ? { path, text: edit(f.text) } : f));
}

/** Replaces 1-based line `n` (the new text may span several lines, or be '' to blank it). */
export const setLine = (n: number, line: string) => (text: string) => {
  const lines = text.split('\n');
  lines[n - 1] = line;
  return lines.join('\n');
};

/** Inserts lines after 1-based line `n` (0 = at the top). */
export const insertAfter = (n: number, line: string) => (text: string) => {
  const lines = text.split('\n');
  lines.splice(n, 0, line);
  return lines.join('\n');
};
