/** A small structural diff of plain JSON-like data: the leaves that differ, with their paths. */
import type { FieldChange } from './types.ts';

type Plain = unknown;

/** Every leaf that differs between `a` and `b`. Arrays of different lengths are reported whole. */
export function deepDiff(a: Plain, b: Plain, path = ''): FieldChange[] {
  if (sameValue(a, b)) return [];
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [{ path, from: a, to: b }];
    return a.flatMap((x, i) => deepDiff(x, b[i], `${path}[${i}]`));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => deepDiff(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return [{ path, from: a, to: b }];
}

/** Deep equality of plain data; `undefined` members equal missing ones. */
export function sameValue(a: Plain, b: Plain): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!sameValue(a[k], b[k])) return false;
    return true;
  }
  return false;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `obj` without the named keys (a shallow copy). */
export function omit(obj: object, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (!keys.includes(k)) out[k] = v;
  return out;
}

/**
 * For a change inside a condition tree (`…[2].value`), the fact of the condition it belongs to, read from `tree`
 * (the new version's, or the old one's when the new lacks it). Paths are relative to the tree.
 */
export function factAt(tree: unknown, path: string): string | undefined {
  const m = /^(.*)\.(value|operator|params(?:\..*)?)$/.exec(path);
  if (!m) return undefined;
  let node: unknown = tree;
  for (const part of m[1].match(/[^.[\]]+/g) ?? []) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return isRecord(node) && typeof node.fact === 'string' ? node.fact : undefined;
}
