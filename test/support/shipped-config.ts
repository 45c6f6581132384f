/**
 * What the shipped configuration declares, read straight from the YAML (not through the loader under test), so tests
 * compare the loaded config with the files instead of hard-coding how many rules or strategies there are.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const REPO = join(import.meta.dirname, '..', '..');

/** The names of the rules in rules/*.yaml, in file order. */
export function shippedRuleNames(dir = REPO): string[] {
  const files = readdirSync(join(dir, 'rules')).filter((n) => n.endsWith('.yaml')).sort();
  return files.flatMap((n) => ((parse(readFileSync(join(dir, 'rules', n), 'utf8')) as { rules?: { name: string }[] } | null)?.rules ?? []).map((r) => r.name));
}

/** The names of the strategies in strategies.yaml. */
export function shippedStrategyNames(dir = REPO): string[] {
  return ((parse(readFileSync(join(dir, 'strategies.yaml'), 'utf8')) as { strategies?: { name: string }[] }).strategies ?? []).map((s) => s.name);
}
