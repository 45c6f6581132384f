/**
 * The columnar cache (docs/replay.md, "Columnar cache"): a source file is read and normalized once (source-read.ts)
 * and kept as Parquet keyed by its content hash and the mapping (cache-key.ts); later replays of the same bytes read
 * that file instead of parsing the CSV. A stale or unreadable entry is rebuilt, never trusted. `openQuotes` says
 * where the normalized rows are: the Parquet file of the entry (with contract ids and the dictionary), or, with the
 * cache off, table `quotes`.
 */
import { readFileSync, rmSync, statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { twError } from '../../engine/errors/index.ts';
import { BUILT_IN, type ResolvedColumns } from './columns.ts';
import { sqlString } from './columns-sql.ts';
import { cacheKey, CACHE_FORMAT, hashFile, type CacheKey } from './cache-key.ts';
import { checkEntry, commitEntry, defaultCacheDir, ensureDir, entryPaths, removeEntry, temporaryName, type CacheMeta, type EntryPaths } from './cache-files.ts';
import { writeEntryFiles } from './cache-write.ts';
import { contractsFromJson, type ContractTable } from './contract-table.ts';
import { readIntoQuotes, requireUnderlying, type ReadResult } from './source-read.ts';
import type { SourceOptions } from './source.ts';

/** What the cache did for this replay (`report().cache`). */
export interface CacheReport {
  /** `hit`: read from the cache; `built`: no entry, one was written; `rebuilt`: a stale entry was replaced; `off`: not used. */
  status: 'hit' | 'built' | 'rebuilt' | 'off';
  dir?: string;
  /** The entry's key (its file names without extension). */
  key?: string;
  /** Why an entry was rebuilt, or why the cache is off. */
  reason?: string;
}

/** Where the rows are: with the cache, the entry's Parquet file (all dated rows of the file) and its dictionary. */
export interface OpenedQuotes extends ReadResult {
  cache: CacheReport;
  cached?: { parquet: string; contracts: ContractTable };
}

/** The entry's rows and dictionary, or why they cannot be used (DuckDB cannot read it, or other row counts). */
async function openEntry(c: DuckDBConnection, paths: EntryPaths, meta: CacheMeta): Promise<{ contracts: ContractTable } | { reason: string }> {
  const contracts = contractsFromJson(readFileSync(paths.contracts, 'utf8'));
  if (!contracts) return { reason: 'its contract dictionary does not parse' };
  try {
    const n = Number((await c.runAndReadAll(`SELECT CAST(count(*) AS INTEGER) AS n FROM read_parquet(${sqlString(paths.parquet)})`)).getColumnsObjectJS().n[0]);
    if (n !== meta.rows) return { reason: `its Parquet file holds ${n} rows, ${meta.rows} were written` };
  } catch (e) {
    return { reason: `DuckDB could not read it (${(e as Error).message.split('\n')[0]})` };
  }
  return { contracts };
}

function layoutOf(opts: SourceOptions, meta: CacheMeta): ResolvedColumns | undefined {
  if (opts.columns) return opts.columns;
  return meta.layout === 'cboe' || meta.layout === 'optionsdx' ? BUILT_IN[meta.layout] : undefined;
}

/** Writes the entry for what `readIntoQuotes` left in `quotes` and opens it as a later replay will. */
async function build(c: DuckDBConnection, dir: string, key: CacheKey, read: ReadResult, path: string): Promise<{ parquet: string; contracts: ContractTable }> {
  ensureDir(dir);
  const final = entryPaths(dir, key.key);
  const tmp = { parquet: temporaryName(final.parquet), contracts: temporaryName(final.contracts) };
  try {
    const rows = await writeEntryFiles(c, tmp.parquet, tmp.contracts);
    const meta: CacheMeta = {
      format: CACHE_FORMAT, key: key.key, contentHash: key.contentHash, mapping: key.mapping, builtFrom: path, layout: read.columns.name, rows,
      bytes: statSync(tmp.parquet).size, parquetHash: await hashFile(tmp.parquet), contractsBytes: statSync(tmp.contracts).size, contractsHash: await hashFile(tmp.contracts),
      malformed: read.malformed, undated: read.undated,
    };
    const paths = commitEntry(dir, tmp, meta);
    const opened = await openEntry(c, paths, meta);
    if ('reason' in opened) {
      removeEntry(dir, key.key);
      throw new Error(`the entry just written cannot be read back: ${opened.reason}`);
    }
    await c.run('DROP TABLE quotes');
    return { parquet: paths.parquet, contracts: opened.contracts };
  } finally {
    for (const p of Object.values(tmp)) rmSync(p, { force: true });
  }
}

/**
 * Opens the options file through the cache unless `opts.cacheDir` is false. An explicit cache folder that cannot be
 * written is refused (TW_REPLAY_CACHE_FAILED); the default folder falls back to the uncached path, saying why in the
 * report.
 */
export async function openQuotes(c: DuckDBConnection, opts: SourceOptions, path: string): Promise<OpenedQuotes> {
  const explicit = opts.cacheDir !== undefined;
  const dir = explicit ? opts.cacheDir : defaultCacheDir();
  if (dir === false || dir === undefined) return { ...(await readIntoQuotes(c, opts, path)), cache: { status: 'off', reason: explicit ? 'cacheDir: false' : 'TICKWISE_REPLAY_CACHE=off' } };
  const key = await cacheKey(path, opts.columns, opts.source, opts.underlying);
  const state = await checkEntry(dir, key.key);
  let reason = state.ok ? undefined : state.reason;
  if (state.ok) {
    const columns = layoutOf(opts, state.meta);
    const opened = columns ? await openEntry(c, state.paths, state.meta) : { reason: 'its layout is unknown' };
    if (columns && 'contracts' in opened) {
      requireUnderlying(columns, opts.underlying);
      const cache: CacheReport = { status: 'hit', dir, key: key.key };
      return { columns, malformed: state.meta.malformed, undated: state.meta.undated, cache, cached: { parquet: state.paths.parquet, contracts: opened.contracts } };
    }
    reason = 'reason' in opened ? opened.reason : reason;
  }
  if (reason !== 'absent') removeEntry(dir, key.key);
  const read = await readIntoQuotes(c, opts, path);
  let cached: { parquet: string; contracts: ContractTable };
  try {
    cached = await build(c, dir, key, read, path);
  } catch (e) {
    const why = (e as Error).message.split('\n')[0];
    if (explicit) throw twError('TW_REPLAY_CACHE_FAILED', { dir, reason: why }, { cause: e });
    // The default folder is a convenience: without it the replay reads the file as before (`quotes` is untouched).
    return { ...read, cache: { status: 'off', dir, reason: `the cache folder could not be written (${why})` } };
  }
  const cache: CacheReport = reason === 'absent' ? { status: 'built', dir, key: key.key } : { status: 'rebuilt', dir, key: key.key, reason: reason! };
  return { ...read, cache, cached };
}
