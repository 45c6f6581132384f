/**
 * What a cached conversion is keyed on (docs/replay.md, "Columnar cache"): the source file's content (SHA-256 of its
 * bytes, so a renamed or touched file still hits and any edit misses), the column mapping asked for (a mapping
 * object, or the built-in layout / `auto`), the cache format, the DuckDB version, and the code that normalizes rows
 * (the source of the files below, so an edit to the normalizer or the writer invalidates every entry by itself).
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { version as duckdbVersion } from '@duckdb/node-api';
import type { ResolvedColumns } from './columns.ts';

/** Bump when the layout of a cache entry changes in a way the code hash below would not show. */
export const CACHE_FORMAT = 1;

/** The files whose code decides what a cache entry holds: reading, normalizing, checking and writing rows. */
const NORMALIZER_FILES = ['columns.ts', 'columns-sql.ts', 'file-check.ts', 'plausibility.ts', 'source-read.ts', 'cache-write.ts', 'contract-table.ts', 'cache-key.ts'];

let codeHash: string | undefined;

/** A file's source, or a marker when it cannot be read (a bundled build): the format number still keys the entry. */
function sourceOf(file: string): Buffer | string {
  try {
    return readFileSync(new URL(file, import.meta.url));
  } catch {
    return `unreadable:${file}`;
  }
}

/** SHA-256 over the normalizer's source files (read once per process). */
export function normalizerVersion(): string {
  if (codeHash === undefined) {
    const h = createHash('sha256');
    for (const f of NORMALIZER_FILES) h.update(f).update('\0').update(sourceOf(f)).update('\0');
    codeHash = h.digest('hex');
  }
  return codeHash;
}

/** SHA-256 of a file's bytes, streamed (a few ms per MB). */
export function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    const input = createReadStream(path, { highWaterMark: 1 << 20 });
    input.on('data', (chunk) => h.update(chunk));
    input.on('error', reject);
    input.on('end', () => resolve(h.digest('hex')));
  });
}

/**
 * The mapping as asked for: a resolved mapping (its JSON, the optional set as a sorted list) or a layout name, and
 * the `underlying` option (layouts without an underlying column write it into every row).
 */
export function mappingIdentity(columns: ResolvedColumns | undefined, source: string | undefined, underlying: string | undefined): string {
  const under = `underlying:${(underlying ?? '').toUpperCase()}`;
  if (!columns) return `layout:${source ?? 'auto'};${under}`;
  return `mapping:${JSON.stringify({ ...columns, optional: [...columns.optional].sort() })};${under}`;
}

export interface CacheKey {
  /** Hex SHA-256 naming the entry's files. */
  key: string;
  contentHash: string;
  mapping: string;
}

export async function cacheKey(path: string, columns: ResolvedColumns | undefined, source: string | undefined, underlying: string | undefined): Promise<CacheKey> {
  const contentHash = await hashFile(path);
  const mapping = mappingIdentity(columns, source, underlying);
  const key = createHash('sha256').update(JSON.stringify({ format: CACHE_FORMAT, duckdb: duckdbVersion(), code: normalizerVersion(), contentHash, mapping })).digest('hex');
  return { key, contentHash, mapping };
}
