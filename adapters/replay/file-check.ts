/**
 * Checks on the raw file that DuckDB does not make: a gzip stream cut short (DuckDB reads a truncated .gz up to the
 * break without an error), and rows whose field count differs from the header (dropped and counted, or refused).
 */
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import { twError } from '../../engine/errors/index.ts';

/** A malformed row: its file line number (the header is line 1) and what is wrong with it. */
export interface MalformedRow {
  line: number;
  problem: string;
}

/** Malformed rows dropped: how many, and the first few. */
export interface MalformedReport {
  rows: number;
  first: MalformedRow[];
}

/** Up to this many malformed rows are always dropped and counted; beyond it, up to this share of the file's rows. */
export const MALFORMED_MIN = 5;
export const MALFORMED_SHARE = 0.01;
const EXAMPLES = 5;

function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** Decompresses a gzip file to the end (discarding the output); throws TW_REPLAY_CORRUPT_GZIP where it breaks. */
export async function checkGzip(what: string, path: string): Promise<void> {
  if (!isGzip(path)) return;
  const size = statSync(path).size;
  await new Promise<void>((resolve, reject) => {
    const gunzip = createGunzip();
    const input = createReadStream(path);
    gunzip.on('data', () => {});
    gunzip.on('end', () => resolve());
    gunzip.on('error', (e) => {
      input.destroy();
      // bytesWritten: compressed bytes the decompressor had taken in when it failed.
      reject(twError('TW_REPLAY_CORRUPT_GZIP', { what, path, offset: gunzip.bytesWritten, size, reason: e.message }, { cause: e }));
    });
    input.on('error', (e) => reject(e));
    input.pipe(gunzip);
  });
}

/**
 * Reads the rows DuckDB rejected (table `rejects`, one entry per bad field, so grouped by line) and either returns
 * them for the report or, when more than MALFORMED_MIN rows and more than MALFORMED_SHARE of `goodRows + bad` are
 * bad, throws TW_REPLAY_MALFORMED_ROWS naming the first.
 */
export async function malformedRows(c: DuckDBConnection, rejects: string, goodRows: number, what: string, path: string): Promise<MalformedReport> {
  const sql = `SELECT CAST(line AS INTEGER) AS line, min(TRY_CAST(regexp_extract(error_message, 'Found: (\\d+)', 1) AS INTEGER)) AS found,
    max(TRY_CAST(regexp_extract(error_message, 'Expected Number of Columns: (\\d+)', 1) AS INTEGER)) AS expected,
    any_value(error_type) AS kind, any_value(error_message) AS message
    FROM "${rejects}" GROUP BY line ORDER BY line`;
  const r = (await c.runAndReadAll(sql)).getRowObjectsJS() as { line: number; found: number | null; expected: number | null; kind: string; message: string }[];
  const rows = r.map((x): MalformedRow => ({ line: x.line, problem: describe(x) }));
  const total = goodRows + rows.length;
  const limit = Math.max(MALFORMED_MIN, Math.floor(total * MALFORMED_SHARE));
  if (rows.length > limit) throw twError('TW_REPLAY_MALFORMED_ROWS', { what, path, count: rows.length, total, limit, line: rows[0].line, problem: rows[0].problem });
  return { rows: rows.length, first: rows.slice(0, EXAMPLES) };
}

function describe(x: { found: number | null; expected: number | null; kind: string; message: string }): string {
  if (x.kind === 'MISSING COLUMNS' && x.found !== null && x.expected !== null) return `has ${x.found} fields, the header has ${x.expected}`;
  if (x.kind === 'TOO MANY COLUMNS' && x.expected !== null) return `has more than ${x.expected} fields, the header has ${x.expected}`;
  return `cannot be read (${x.message.split('\n')[0]})`;
}
