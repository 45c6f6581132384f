/**
 * A thin wrapper over one DuckDB connection: counts statements (tests assert the facts use one query per tick),
 * converts results to plain JS (no BigInt), and bulk-appends rows through data chunks (the fastest path from JS).
 */
import { BIGINT, BOOLEAN, DOUBLE, DuckDBDataChunk, DuckDBResultReader, DuckDBTypeId, VARCHAR, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBResult, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { decodeRow, type ColumnKind, type TableSpec } from './tables.ts';

export type SqlParam = string | number | boolean | null | bigint;

const CHUNK_ROWS = 2048;

const DUCK_TYPES: Record<ColumnKind, DuckDBType> = { text: VARCHAR, int: BIGINT, float: DOUBLE, bool: BOOLEAN, json: VARCHAR };

function encode(kind: ColumnKind, v: unknown): DuckDBValue {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'int':
      return BigInt(Math.round(v as number));
    case 'float':
      return Number.isFinite(v as number) ? (v as number) : null;
    case 'json':
      return JSON.stringify(v);
    case 'bool':
      return Boolean(v);
    default:
      return String(v);
  }
}

/**
 * Rows as plain objects, built from the columnar JS conversion (several times faster than row-object conversion for
 * wide results); BIGINT values become numbers.
 */
function plainRows<T>(reader: { getColumnsObjectJS(): Record<string, unknown[]>; currentRowCount: number }): T[] {
  const cols = Object.entries(reader.getColumnsObjectJS());
  const n = reader.currentRowCount;
  const rows = new Array<Record<string, unknown>>(n);
  for (let i = 0; i < n; i++) {
    const row: Record<string, unknown> = {};
    for (const [name, values] of cols) {
      const v = values[i];
      row[name] = typeof v === 'bigint' ? Number(v) : v;
    }
    rows[i] = row;
  }
  return rows as T[];
}

/**
 * The hot-path column reader (the facts query at 10,000 positions): for DOUBLE and VARCHAR columns the vectors' own
 * accessors already give JS numbers and strings (or null), the same values `getColumnsObjectJS` gives, without its
 * generic per-value conversion.
 */
async function readDoublesAndStrings(result: DuckDBResult): Promise<{ rowCount: number; columns: Record<string, unknown[]> }> {
  const names = result.columnNames();
  const out = names.map(() => [] as unknown[]);
  let rowCount = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const n = chunk.rowCount;
    for (let c = 0; c < names.length; c++) {
      const v = chunk.getColumnVector(c);
      const col = out[c];
      for (let i = 0; i < n; i++) col.push(v.getItem(i));
    }
    rowCount += n;
  }
  const columns: Record<string, unknown[]> = {};
  names.forEach((name, c) => (columns[name] = out[c]));
  return { rowCount, columns };
}

/** DuckDB's own message for a commit that could not write the write-ahead log on a full disk (DuckDB 1.x). */
export function diskFullMessage(path: string): string {
  return `TransactionContext Error: Failed to commit: Could not write file "${path}.wal": No space left on device`;
}

export class Db {
  readonly conn: DuckDBConnection;
  /** Statements run through this wrapper since it was created. */
  statements = 0;
  /** Test seam (see `failNextCommits`): commits still to fail, and the message they fail with. */
  private commitFaults: { left: number; message: string } | null = null;

  constructor(conn: DuckDBConnection) {
    this.conn = conn;
  }

  private readonly prepared = new Map<string, DuckDBPreparedStatement>();

  async run(sql: string, params?: SqlParam[]): Promise<void> {
    this.statements++;
    if (sql === 'COMMIT' && this.commitFaults) await this.injectedCommitFailure();
    await this.conn.run(sql, params as DuckDBValue[] | undefined);
  }

  /**
   * Test seam: the next `n` COMMITs fail the way DuckDB's do when a write fails (default: the disk-full message of a
   * WAL write). Like DuckDB, the failed commit ends the transaction (its writes are discarded), so a ROLLBACK after it
   * fails with "no transaction is active". `n` = 0 stops injecting.
   */
  failNextCommits(n: number, message: string): void {
    this.commitFaults = n > 0 ? { left: n, message } : null;
  }

  private async injectedCommitFailure(): Promise<void> {
    const f = this.commitFaults!;
    f.left -= 1;
    if (f.left <= 0) this.commitFaults = null;
    await this.conn.run('ROLLBACK');
    throw new Error(f.message);
  }

  /**
   * Runs a statement through a prepared-statement cache: DuckDB's planning costs milliseconds for a query like the
   * facts, execution far less, so hot-path statements (every tick) are planned once per connection.
   */
  async runCached(sql: string, params: SqlParam[] = []): Promise<void> {
    this.statements++;
    const ps = await this.statement(sql);
    if (params.length) ps.bind(params as DuckDBValue[]);
    await ps.run();
  }

  /** `all` through the prepared-statement cache (see `runCached`). */
  async allCached<T = Record<string, unknown>>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    this.statements++;
    const ps = await this.statement(sql);
    if (params.length) ps.bind(params as DuckDBValue[]);
    return plainRows<T>(await ps.runAndReadAll());
  }

  /**
   * A result as columns (name → values), through the prepared-statement cache: the cheapest shape for wide results
   * read in bulk (the facts). BIGINT columns arrive as BigInt: cast them in SQL.
   */
  /**
   * Column arrays of a query run afresh. Use this for reads that must see the current transaction's writes: a cached
   * prepared statement re-executed in a later transaction was seen returning a stale result for the facts query.
   */
  async columns(sql: string, params?: SqlParam[]): Promise<{ rowCount: number; columns: Record<string, unknown[]> }> {
    this.statements++;
    const result = await this.conn.run(sql, params as DuckDBValue[] | undefined);
    const ids = Array.from({ length: result.columnCount }, (_, c) => result.columnTypeId(c));
    if (ids.every((id) => id === DuckDBTypeId.DOUBLE || id === DuckDBTypeId.VARCHAR)) return readDoublesAndStrings(result);
    const reader = new DuckDBResultReader(result);
    await reader.readAll();
    return { rowCount: reader.currentRowCount, columns: reader.getColumnsObjectJS() as Record<string, unknown[]> };
  }

  async columnsCached(sql: string, params: SqlParam[] = []): Promise<{ rowCount: number; columns: Record<string, unknown[]> }> {
    this.statements++;
    const ps = await this.statement(sql);
    if (params.length) ps.bind(params as DuckDBValue[]);
    const reader = await ps.runAndReadAll();
    return { rowCount: reader.currentRowCount, columns: reader.getColumnsObjectJS() as Record<string, unknown[]> };
  }

  /** Rows as plain objects; BIGINT values become numbers (cast in SQL where exactness past 2^53 matters). */
  async all<T = Record<string, unknown>>(sql: string, params?: SqlParam[]): Promise<T[]> {
    this.statements++;
    return plainRows<T>(await this.conn.runAndReadAll(sql, params as DuckDBValue[] | undefined));
  }

  private async statement(sql: string): Promise<DuckDBPreparedStatement> {
    let ps = this.prepared.get(sql);
    if (!ps) {
      ps = await this.conn.prepare(sql);
      this.prepared.set(sql, ps);
    }
    return ps;
  }

  /** Releases cached statements (before closing the connection). */
  release(): void {
    for (const ps of this.prepared.values()) ps.destroySync();
    this.prepared.clear();
  }

  /** Rows decoded with a table spec (JSON columns parsed). */
  async rows<T>(spec: TableSpec, sql: string, params?: SqlParam[]): Promise<T[]> {
    return (await this.all(sql, params)).map((r) => decodeRow<T>(spec, r));
  }

  /**
   * Appends `rows` (camelCase objects) to `table` (same columns, in spec order) with data chunks. Runs inside the
   * connection's open transaction when there is one, so a rollback discards the rows.
   */
  async append(spec: TableSpec, rows: readonly object[], table = spec.name, catalog: string | null = null): Promise<void> {
    if (rows.length === 0) return;
    this.statements++;
    const types = spec.columns.map((c) => DUCK_TYPES[c.kind]);
    const appender = await this.conn.createAppender(table, 'main', catalog);
    try {
      for (let off = 0; off < rows.length; off += CHUNK_ROWS) {
        const n = Math.min(CHUNK_ROWS, rows.length - off);
        const columns = spec.columns.map((c) => {
          const col = new Array<DuckDBValue>(n);
          for (let i = 0; i < n; i++) col[i] = encode(c.kind, (rows[off + i] as Record<string, unknown>)[c.field]);
          return col;
        });
        const chunk = DuckDBDataChunk.create(types, n);
        chunk.setColumns(columns);
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }
}
