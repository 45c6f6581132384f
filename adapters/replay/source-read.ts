/**
 * The file-reading half of a replay source: the options file (CSV, plain or gzipped, or Parquet) read through DuckDB
 * into the normalized table `quotes` (columns-sql.ts), with the whole-file checks (gzip stream, header, malformed rows,
 * dates). What it produces depends only on the file's bytes and the mapping asked for, which is why it is what the
 * columnar cache stores (cache-write.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { twError } from '../../engine/errors/index.ts';
import { BUILT_IN, detectLayout, missingColumns, type ResolvedColumns } from './columns.ts';
import { normalizedSelect, relationFor } from './columns-sql.ts';
import { delimiterOf, headerOf, malformedRows, readHead, type MalformedReport } from './file-check.ts';
import { checkDates } from './plausibility.ts';
import { query } from './duck.ts';
import type { SourceOptions } from './source.ts';

/** What reading the file found: the mapping used (given or detected), and the rows it could not use. */
export interface ReadResult {
  columns: ResolvedColumns;
  malformed: MalformedReport;
  /** Rows whose quote date is blank or does not parse in the mapping's format (never replayed). */
  undated: number;
}

function chooseColumns(opts: SourceOptions, header: string[], path: string): ResolvedColumns {
  if (opts.columns) return opts.columns;
  if (opts.source === 'cboe' || opts.source === 'optionsdx') return BUILT_IN[opts.source];
  const found = detectLayout(header);
  if (found) return BUILT_IN[found];
  // Neither layout: name what the closer one lacks.
  const [cboe, odx] = [missingColumns(BUILT_IN.cboe, header), missingColumns(BUILT_IN.optionsdx, header)];
  const closer = cboe.length <= odx.length ? { name: 'cboe', missing: cboe } : { name: 'optionsdx', missing: odx };
  throw twError('TW_REPLAY_MISSING_COLUMNS', { what: 'options', path, source: `neither cboe nor optionsdx; closest ${closer.name}`, columns: closer.missing.join(', '), header: headerList(header) });
}

/** The header for a message: at most 12 names of at most 40 characters (a binary or garbage file has odd ones). */
function headerList(h: string[]): string {
  const names = h.slice(0, 12).map((n) => JSON.stringify(n).slice(1, -1)).map((n) => (n.length > 40 ? `${n.slice(0, 40)}…` : n));
  return h.length > 12 ? `${names.join(', ')}, … (${h.length} columns)` : names.join(', ');
}

/** A layout without an underlying column needs the `underlying` option (checked on every open, cached or not). */
export function requireUnderlying(columns: ResolvedColumns, underlying: string | undefined): void {
  if (columns.columns.underlying === undefined && !underlying) {
    throw twError('TW_REPLAY_BAD_OPTION', { name: 'underlying', problem: `is required: the ${columns.name} layout has no underlying column`, advice: 'pass underlying: "SPX" (or the symbol the file holds)' });
  }
}

/** Reads the file at `path` (already resolved) into table `quotes` on `connection`: every row, dated or not. */
export async function readIntoQuotes(connection: DuckDBConnection, opts: SourceOptions, path: string): Promise<ReadResult> {
  const csv = !/\.parquet$/i.test(path);
  const head = csv ? await readHead('options', path) : '';
  const delim = csv ? delimiterOf(head) : undefined;
  const fileHeader = csv ? headerOf(head, delim!) : undefined;
  const plain = relationFor(path, { delim, header: fileHeader });
  const header = fileHeader ?? (await query<string>(connection, `DESCRIBE SELECT * FROM ${plain}`, 'options', path, opts.source ?? 'auto')).column_name;
  const columns = chooseColumns(opts, header, path);
  const q = <T>(sql: string, params?: string[]) => query<T>(connection, sql, 'options', path, columns.name, params);
  const missing = missingColumns(columns, header);
  if (missing.length > 0) throw twError('TW_REPLAY_MISSING_COLUMNS', { what: 'options', path, source: columns.name, columns: missing.join(', '), header: headerList(header) });
  requireUnderlying(columns, opts.underlying);
  const select = normalizedSelect(columns, csv ? relationFor(path, { delim, header: fileHeader, rejects: 'rejects' }) : plain, header, (opts.underlying ?? '').toUpperCase());
  await q(`CREATE TABLE quotes AS ${select}`);
  const all = Number((await q<number>('SELECT CAST(count(*) AS INTEGER) AS n FROM quotes')).n[0]);
  const malformed = csv ? await malformedRows(connection, 'rejects', columns.layout === 'wide' ? all / 2 : all, 'options', path) : { rows: 0, first: [] };
  const undated = await checkDates(q, columns, plain, header, path);
  return { columns, malformed, undated };
}
