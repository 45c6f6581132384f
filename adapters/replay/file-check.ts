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

const HEAD_BYTES = 64 * 1024;

/**
 * The first bytes of the file's (decompressed) text. A gzip file is decompressed to the end (the rest discarded), so
 * a stream cut short or corrupt throws TW_REPLAY_CORRUPT_GZIP with the compressed byte offset where it broke.
 */
export async function readHead(what: string, path: string): Promise<string> {
  if (!isGzip(path)) {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(HEAD_BYTES);
      return buf.subarray(0, readSync(fd, buf, 0, HEAD_BYTES, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  }
  const size = statSync(path).size;
  return new Promise<string>((resolve, reject) => {
    const gunzip = createGunzip();
    const input = createReadStream(path);
    const head: Buffer[] = [];
    let have = 0;
    gunzip.on('data', (chunk: Buffer) => {
      if (have < HEAD_BYTES) head.push(chunk);
      have += chunk.length;
    });
    gunzip.on('end', () => resolve(Buffer.concat(head).subarray(0, HEAD_BYTES).toString('utf8')));
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
 * The delimiter of a delimited text file, from its header line: the most frequent of `,` `;` tab `|` outside
 * quotes. Given to DuckDB explicitly, because its sniffer, shown a few short rows among the first ones, settles on
 * a wrong dialect and reads the whole header as one column.
 */
export function delimiterOf(head: string): string {
  const line = headerLine(head).replace(/"[^"]*"/g, '');
  let best = ',';
  let most = 0;
  for (const d of [',', ';', '\t', '|']) {
    const n = line.split(d).length - 1;
    if (n > most) [best, most] = [d, n];
  }
  return best;
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

const headerLine = (head: string) => head.replace(/^\uFEFF/, '').split(/\r?\n/)[0];

/**
 * The header's column names: split on the delimiter outside double quotes, unquoted, a UTF-8 BOM and surrounding
 * spaces removed; a repeated name gets a suffix (`_2`, `_3`) so every column can be named.
 */
export function headerOf(head: string, delim: string): string[] {
  const line = headerLine(head);
  const names: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === delim && !quoted) {
      names.push(cur);
      cur = '';
    } else cur += ch;
  }
  names.push(cur);
  const seen = new Map<string, number>();
  return names.map((raw) => {
    const name = raw.trim() || 'column';
    const n = (seen.get(name.toUpperCase()) ?? 0) + 1;
    seen.set(name.toUpperCase(), n);
    return n === 1 ? name : `${name}_${n}`;
  });
}
