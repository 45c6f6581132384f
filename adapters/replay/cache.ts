/**
 * The columnar cache (docs/replay.md, "Columnar cache"): a source file is read and normalized once (source-read.ts)
 * and kept as Parquet keyed by its content hash and the mapping (cache-key.ts); later replays of the same bytes load
 * that file instead of parsing the CSV. A stale or unreadable entry is rebuilt, never trusted. `openQuotes` leaves the
 * normalized rows in table `quotes` either way, with the cache's contract ids (`cid`) when the cache is in use.
 */
import { rmSync, statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { twError } from '../../engine/errors/index.ts';
import { BUILT_IN, type ResolvedColumns } from './columns.ts';
import { sqlString } from './columns-sql.ts';
import { cacheKey, CACHE_FORMAT, hashFile } from './cache-key.ts';
import { checkEntry, commitEntry, defaultCacheDir, ensureDir, removeEntry, temporaryName, entryPaths, type CacheMeta } from './cache-files.ts';
import { writeParquet } from './cache-write.ts';
import { readIntoQuotes, requireUnderlying, type ReadResult } from './source-read.ts';
import type { SourceOptions } from './source.ts';

/** What the cache did for this replay (`report().cache`). */
export interface CacheReport {
  /** `hit`: read from the cache; `built`: no entry, one was written; `rebuilt`: a stale entry was replaced; `off`: not used. */
  status: 'hit' | 'built' | 'rebuilt' | 'off';
  dir?: string;
  /** The entry's key (its file name without extension). */
  key?: string;
  /** Why an entry was rebuilt, or why the cache is off. */
  reason?: string;
}

/**
 * Loads an entry's Parquet file into `table`; a reason (and no table) when DuckDB cannot read it or it holds another
 * number of rows than its JSON says.
 */
async function loadEntry(c: DuckDBConnection, parquet: string, meta: CacheMeta, table = 'quotes'): Promise<string | undefined> {
  try {
    await c.run(`CREATE TABLE ${table} AS SELECT * FROM read_parquet(${sqlString(parquet)})`);
    const n = Number((await c.runAndReadAll(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${table}`)).getColumnsObjectJS().n[0]);
    if (n === meta.rows) return undefined;
    await c.run(`DROP TABLE ${table}`);
    return `its Parquet file holds ${n} rows, ${meta.rows} were written`;
  } catch (e) {
    await c.run(`DROP TABLE IF EXISTS ${table}`);
    return `DuckDB could not read it (${(e as Error).message.split('\n')[0]})`;
  }
}

function layoutOf(opts: SourceOptions, meta: CacheMeta): ResolvedColumns | undefined {
  if (opts.columns) return opts.columns;
  return meta.layout === 'cboe' || meta.layout === 'optionsdx' ? BUILT_IN[meta.layout] : undefined;
}

/** Writes the entry for what `readIntoQuotes` left in `quotes`, then reloads `quotes` from it (with the ids). */
async function build(c: DuckDBConnection, dir: string, key: Awaited<ReturnType<typeof cacheKey>>, read: ReadResult, path: string): Promise<void> {
  ensureDir(dir);
  const tmp = temporaryName(entryPaths(dir, key.key).parquet);
  try {
    const rows = await writeParquet(c, tmp);
    const meta: CacheMeta = {
      format: CACHE_FORMAT, key: key.key, contentHash: key.contentHash, mapping: key.mapping, builtFrom: path, layout: read.columns.name,
      rows, bytes: statSync(tmp).size, parquetHash: await hashFile(tmp), malformed: read.malformed, undated: read.undated,
    };
    const parquet = commitEntry(dir, tmp, meta);
    // The replay reads what a later run will read: the entry just written, swapped in for the table it came from.
    const problem = await loadEntry(c, parquet, meta, 'quotes_cached');
    if (problem) throw new Error(`the entry just written cannot be read back: ${problem}`);
    await c.run('DROP TABLE quotes');
    await c.run('ALTER TABLE quotes_cached RENAME TO quotes');
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Reads the options file into table `quotes`, through the cache unless `opts.cacheDir` is false. An explicit cache
 * folder that cannot be written is refused (TW_REPLAY_CACHE_FAILED); the default folder falls back to the uncached
 * path, saying why in the report.
 */
export async function openQuotes(c: DuckDBConnection, opts: SourceOptions, path: string): Promise<ReadResult & { cache: CacheReport }> {
  if (opts.cacheDir === false) return { ...(await readIntoQuotes(c, opts, path)), cache: { status: 'off', reason: 'cacheDir: false' } };
  const explicit = opts.cacheDir !== undefined;
  const dir = opts.cacheDir || defaultCacheDir();
  const key = await cacheKey(path, opts.columns, opts.source, opts.underlying);
  const state = await checkEntry(dir, key.key);
  let reason = state.ok ? undefined : state.reason;
  if (state.ok) {
    const columns = layoutOf(opts, state.meta);
    reason = columns ? await loadEntry(c, state.parquet, state.meta) : 'its layout is unknown';
    if (columns && reason === undefined) {
      requireUnderlying(columns, opts.underlying);
      return { columns, malformed: state.meta.malformed, undated: state.meta.undated, cache: { status: 'hit', dir, key: key.key } };
    }
  }
  if (reason !== 'absent') removeEntry(dir, key.key);
  const read = await readIntoQuotes(c, opts, path);
  try {
    await build(c, dir, key, read, path);
  } catch (e) {
    const why = (e as Error).message.split('\n')[0];
    if (explicit) throw twError('TW_REPLAY_CACHE_FAILED', { dir, reason: why }, { cause: e });
    // The default folder is a convenience: without it the replay reads the file as before (`quotes` is untouched).
    return { ...read, cache: { status: 'off', dir, reason: `the cache folder could not be written (${why})` } };
  }
  return { ...read, cache: reason === 'absent' ? { status: 'built', dir, key: key.key } : { status: 'rebuilt', dir, key: key.key, reason: reason! } };
}
