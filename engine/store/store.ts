/**
 * The store: the engine's one port to DuckDB. One writer connection runs the per-tick transaction (and the facts
 * query, which must see the tick's uncommitted quotes); a second connection serves reads for the API, which see only
 * committed ticks.
 *
 * The per-tick protocol: `beginTick()` → `ingestMarket(tick)` → facts query on `store.db` → `commitTick(batch)`;
 * on any failure `rollbackTick()` (commitTick rolls back by itself when its own writes fail).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { isTickwiseError, twError } from '../errors/index.ts';
import type { MarketTick } from '../domain/index.ts';
import { writeBatch } from './commit.ts';
import { Db } from './db.ts';
import { MarketIngest } from './ingest.ts';
import { migrate } from './migrate.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations.ts';
import { StoreReads } from './reads.ts';
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
  private openTick = false;

  constructor(path: string, schemaVersion: number, instance: DuckDBInstance, writer: Db, reader: Db) {
    this.path = path;
    this.schemaVersion = schemaVersion;
    this.instance = instance;
    this.db = writer;
    this.readerDb = reader;
    this.reads = new StoreReads(reader);
  }

  get inTick(): boolean {
    return this.openTick;
  }

  /** Opens the tick's transaction. */
  async beginTick(): Promise<void> {
    if (this.openTick) throw twError('TW_STORE_TICK_STATE', { reason: 'beginTick called while a tick is open' });
    await this.db.run('BEGIN TRANSACTION');
    this.openTick = true;
  }

  /** Upserts the tick's quotes, underlyings and VIX inside the open tick. */
  async ingestMarket(tick: MarketTick, options?: IngestOptions): Promise<void> {
    this.requireTick('ingestMarket');
    await this.market.ingest(this.db, tick, options);
  }

  /** Writes the rest of the tick and commits. On failure rolls back everything of the tick and throws TW_STORE_COMMIT_FAILED. */
  async commitTick(batch: TickBatch): Promise<void> {
    this.requireTick('commitTick');
    try {
      await writeBatch(this.db, batch);
      await this.db.run('COMMIT');
      this.openTick = false;
    } catch (cause) {
      await this.rollbackTick();
      throw twError('TW_STORE_COMMIT_FAILED', { seq: batch.seq, reason: (cause as Error).message }, { cause });
    }
  }

  /** Discards everything written since `beginTick`. Safe to call when no tick is open. */
  async rollbackTick(): Promise<void> {
    if (!this.openTick) return;
    this.openTick = false;
    await this.db.run('ROLLBACK');
  }

  /** Everything a restart needs (read on the writer connection, before the first tick). */
  async loadState(): Promise<LoadedState> {
    return loadState(this.db, this.schemaVersion);
  }

  /** The current losing streak of closed positions (see recovery.ts for the exact rule). */
  async consecutiveLosses(): Promise<number> {
    return consecutiveLosses(this.db);
  }

  /** Rolls back an open tick and closes the file (releasing its lock). */
  async close(): Promise<void> {
    await this.rollbackTick().catch(() => undefined);
    this.readerDb.release();
    this.db.release();
    this.readerDb.conn.closeSync();
    this.db.conn.closeSync();
    this.instance.closeSync();
  }

  private requireTick(what: string): void {
    if (!this.openTick) throw twError('TW_STORE_TICK_STATE', { reason: `${what} called without beginTick` });
  }
}

const LOCK_RE = /lock/i;

/** Opens (or creates) a tickwise database and brings its schema up to date. */
export async function openStore(path: string, options: OpenStoreOptions = {}): Promise<Store> {
  let instance: DuckDBInstance;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    // One thread: the store's statements are small (a tick's rows), where DuckDB's thread hand-offs cost more than they
    // save (measured: about 25% less time per tick than with two threads on this 2-core machine).
    instance = await DuckDBInstance.create(path, { threads: '1' });
  } catch (cause) {
    const reason = (cause as Error).message;
    if (LOCK_RE.test(reason)) {
      const pid = /PID (\d+)/.exec(reason)?.[1];
      throw twError('TW_STORE_LOCKED', { path, holder: pid ? ` (process ${pid})` : '' }, { cause });
    }
    throw twError('TW_STORE_OPEN_FAILED', { path, reason }, { cause });
  }
  try {
    const writer = new Db(await instance.connect());
    const version = await migrate(writer, path, options.migrations ?? MIGRATIONS);
    // Staging tables follow the current row specs; a file deliberately left at an older version (tests) gets none.
    if (version === LATEST_SCHEMA_VERSION) await createStaging(writer);
    const reader = new Db(await instance.connect());
    return new Store(path, version, instance, writer, reader);
  } catch (e) {
    instance.closeSync();
    if (isTickwiseError(e)) throw e;
    throw twError('TW_STORE_OPEN_FAILED', { path, reason: (e as Error).message }, { cause: e });
  }
}
