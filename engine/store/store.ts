/**
 * The store: the engine's one port to DuckDB. One writer connection runs the per-tick transaction (and the facts
 * query, which must see the tick's uncommitted quotes); a second connection serves reads for the API, which see only
 * committed ticks.
 *
 * The per-tick protocol: `beginTick()` → `ingestMarket(tick)` → facts query on `store.db` → `commitTick(batch)`;
 * on any failure `rollbackTick()` (commitTick rolls back by itself when its own writes fail).
 *
 * The transaction state is tracked exactly: a statement that fails inside the tick leaves DuckDB's transaction open
 * (aborted: it needs a ROLLBACK), while a failed COMMIT has already ended it (DuckDB rolls back by itself; a ROLLBACK
 * then fails with "no transaction is active"). Failures are classified once (classify.ts) into coded errors.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { isTickwiseError, twError } from '../errors/index.ts';
import type { MarketTick } from '../domain/index.ts';
import { commitError, openError } from './classify.ts';
import { writeBatch } from './commit.ts';
import { Db, diskFullMessage } from './db.ts';
import { ensureDir, formatBytes, freeBytes, holdPrivateUmask, tightenModes } from './file-system.ts';
import { MarketIngest } from './ingest.ts';
import { migrate } from './migrate.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations.ts';
import { AlertOutbox } from './outbox.ts';
import { StoreReads } from './reads.ts';
import { StreamFrameLog } from './stream-frames.ts';
import { consecutiveLosses, loadState } from './recovery.ts';
import type { IngestOptions, LoadedState, TickBatch } from './types.ts';
import { createStaging } from './upsert.ts';

export interface OpenStoreOptions {
  /**
   * The migrations to apply (default: all). Tests pass a prefix to create an older file; a store opened below the
   * latest version can run SQL on `store.db` but not ticks.
   */
  migrations?: readonly Migration[];
}

/** Where the tick transaction is: none open, open, or open after a failed statement (DuckDB needs a ROLLBACK). */
export type TickTransaction = 'none' | 'open' | 'aborted';

export class Store {
  readonly path: string;
  readonly schemaVersion: number;
  /** The writer connection. engine/facts runs its one query per tick here, inside the open tick. */
  readonly db: Db;
  /** Read queries for the API and reports (a separate connection: committed data only). */
  readonly reads: StoreReads;
  private readonly instance: DuckDBInstance;
  private readonly readerDb: Db;
  private readonly market = new MarketIngest();
  private tx: TickTransaction = 'none';
  /** Connections of their own (the outbox, the stream's frames): their writes never join the tick's transaction. */
  private readonly sideDbs = new Map<string, Promise<Db>>();
  private readonly umask: { release(): void; active: boolean } | null;

  constructor(path: string, schemaVersion: number, instance: DuckDBInstance, writer: Db, reader: Db, umask: { release(): void; active: boolean } | null = null) {
    this.umask = umask;
    this.path = path;
    this.schemaVersion = schemaVersion;
    this.instance = instance;
    this.db = writer;
    this.readerDb = reader;
    this.reads = new StoreReads(reader);
  }

  get inTick(): boolean {
    return this.tx !== 'none';
  }

  /** The tick transaction's state (see the file comment). */
  get transaction(): TickTransaction {
    return this.tx;
  }

  /** Free space on the database's filesystem, readable ("1.5 GiB"; "unknown" for an in-memory store). */
  freeSpace(): string {
    return this.path === ':memory:' ? 'unknown' : formatBytes(freeBytes(this.path));
  }

  /** Test seam: the next `n` tick commits fail with DuckDB's disk-full message (or `message`), as DuckDB fails them. */
  failNextCommits(n: number, message = diskFullMessage(this.path)): void {
    this.db.failNextCommits(n, message);
  }

  /** Opens the tick's transaction. */
  async beginTick(): Promise<void> {
    if (this.tx !== 'none') throw twError('TW_STORE_TICK_STATE', { reason: 'beginTick called while a tick is open' });
    await this.db.run('BEGIN TRANSACTION');
    this.tx = 'open';
  }

  /** Upserts the tick's quotes, underlyings and VIX inside the open tick. */
  async ingestMarket(tick: MarketTick, options?: IngestOptions): Promise<void> {
    this.requireTick('ingestMarket');
    try {
      await this.market.ingest(this.db, tick, options);
    } catch (e) {
      this.tx = 'aborted';
      // The day's expired-quote prune may have been rolled back with the tick: do it again next time.
      this.market.forgetPrune();
      throw e;
    }
  }

  /**
   * Writes the rest of the tick and commits. On failure everything of the tick is rolled back and a coded error is
   * thrown: TW_STORE_DISK_FULL or TW_STORE_WRITE_FAILED (retryable, with the free space) when the disk refused a
   * write, TW_STORE_COMMIT_FAILED otherwise.
   */
  async commitTick(batch: TickBatch): Promise<void> {
    this.requireTick('commitTick');
    try {
      await writeBatch(this.db, batch);
    } catch (cause) {
      this.tx = 'aborted';
      await this.rollbackTick();
      throw commitError(this.path, batch.seq, cause, this.freeSpace());
    }
    try {
      await this.db.run('COMMIT');
    } catch (cause) {
      // DuckDB ended the transaction itself when its commit failed: nothing to roll back.
      this.tx = 'none';
      this.market.forgetPrune();
      throw commitError(this.path, batch.seq, cause, this.freeSpace());
    }
    this.tx = 'none';
    if (this.umask && !this.umask.active) tightenModes(this.path);
  }

  /** Discards everything written since `beginTick`. Safe to call when no tick is open. */
  async rollbackTick(): Promise<void> {
    if (this.tx === 'none') return;
    this.tx = 'none';
    this.market.forgetPrune();
    try {
      await this.db.run('ROLLBACK');
    } catch (e) {
      // Only "no transaction is active" is harmless here (DuckDB ended it already); anything else is real.
      if (!/no transaction is active/i.test((e as Error).message)) throw e;
    }
  }

  /** Everything a restart needs (read on the writer connection, before the first tick). */
  async loadState(): Promise<LoadedState> {
    return loadState(this.db, this.schemaVersion);
  }

  /** The current losing streak of closed positions (see recovery.ts for the exact rule). */
  async consecutiveLosses(): Promise<number> {
    return consecutiveLosses(this.db);
  }

  /** The notification outbox (outbox.ts), on a connection of its own: its writes never join the tick's transaction. */
  async outbox(): Promise<AlertOutbox> {
    return new AlertOutbox(await this.side('outbox'));
  }

  /** The live stream's last frames (stream-frames.ts), on a connection of its own. */
  async streamFrames(): Promise<StreamFrameLog> {
    return new StreamFrameLog(await this.side('frames'));
  }

  private side(name: string): Promise<Db> {
    if (!this.sideDbs.has(name)) this.sideDbs.set(name, this.instance.connect().then((c) => new Db(c)));
    return this.sideDbs.get(name)!;
  }

  /** Rolls back an open tick and closes the file (releasing its lock). */
  async close(): Promise<void> {
    await this.rollbackTick().catch(() => undefined);
    for (const side of this.sideDbs.values()) {
      const db = await side.catch(() => null);
      db?.release();
      db?.conn.closeSync();
    }
    this.readerDb.release();
    this.db.release();
    this.readerDb.conn.closeSync();
    this.db.conn.closeSync();
    try {
      // Closing checkpoints; on a full disk that fails, and the WAL keeps the commits for the next open.
      this.instance.closeSync();
    } finally {
      this.umask?.release();
    }
  }

  private requireTick(what: string): void {
    if (this.tx === 'none') throw twError('TW_STORE_TICK_STATE', { reason: `${what} called without beginTick` });
    if (this.tx === 'aborted') throw twError('TW_STORE_TICK_STATE', { reason: `${what} called after a failed statement: roll the tick back first` });
  }
}

/**
 * Opens (or creates) a tickwise database and brings its schema up to date. A file database and its `.wal` are made
 * owner-only (0600, see file-system.ts); a failure is classified into its own code (classify.ts).
 */
export async function openStore(path: string, options: OpenStoreOptions = {}): Promise<Store> {
  const onDisk = path !== ':memory:';
  const free = () => (onDisk ? formatBytes(freeBytes(path)) : 'unknown');
  let instance: DuckDBInstance;
  const umask = onDisk ? holdPrivateUmask() : null;
  try {
    if (onDisk) {
      ensureDir(path);
      tightenModes(path);
    }
    // One thread: the store's statements are small (a tick's rows), where DuckDB's thread hand-offs cost more than they
    // save (measured: about 25% less time per tick than with two threads on this 2-core machine).
    instance = await DuckDBInstance.create(path, { threads: '1' });
    if (onDisk) tightenModes(path);
  } catch (cause) {
    umask?.release();
    throw openError(path, cause, free());
  }
  try {
    const writer = new Db(await instance.connect());
    const version = await migrate(writer, path, options.migrations ?? MIGRATIONS);
    // Staging tables follow the current row specs; a file deliberately left at an older version (tests) gets none.
    if (version === LATEST_SCHEMA_VERSION) await createStaging(writer);
    const reader = new Db(await instance.connect());
    if (onDisk) tightenModes(path);
    return new Store(path, version, instance, writer, reader, umask);
  } catch (e) {
    instance.closeSync();
    umask?.release();
    if (isTickwiseError(e)) throw e;
    throw openError(path, e, free());
  }
}
