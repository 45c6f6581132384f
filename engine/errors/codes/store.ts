import { defineErrors } from '../define.ts';

/** Codes for the DuckDB store and facts (engine/store, engine/facts). Prefix: TW_STORE_. */
export const storeErrors = defineErrors({
  TW_STORE_LOCKED: {
    message: 'the database {path} is locked by another process{holder}',
    hint: 'another tickwise is running on this file: stop it, or pass a different --db path',
    fix: 'DuckDB lets one process own a database file (even readers are locked out). Stop the other tickwise (or any other program holding the file), or start this one with `--db` pointing at another file. Other tools should read through the running instance\'s API instead of opening the file.',
    exit: 1,
    retry: 'non-retryable',
  },
  TW_STORE_OPEN_FAILED: {
    message: 'cannot open the database {path}: {reason}',
    hint: 'check that the path is a DuckDB file tickwise may read and write',
    fix: 'The file could not be opened as a DuckDB database. Check the path, its permissions and free disk space; if the file is not a tickwise database, pass another `--db` path.',
    exit: 1,
    retry: 'non-retryable',
  },
  TW_STORE_NEWER_SCHEMA: {
    message: 'the database {path} has schema version {found}, newer than this tickwise understands ({supported})',
    hint: 'upgrade tickwise to open this file, or use another --db path',
    fix: 'A newer tickwise wrote this file. Older versions never downgrade a file: upgrade tickwise, or start with a fresh database.',
    exit: 1,
    retry: 'non-retryable',
  },
  TW_STORE_MIGRATION_FAILED: {
    message: 'migrating the database {path} to schema version {version} ({name}) failed: {reason}',
    hint: 'the file was left at its previous schema version; report this with the file attached',
    fix: 'Each migration runs in its own transaction and rolls back on failure, so the file keeps its previous version. Keep a copy of the file and report the error.',
    exit: 1,
    retry: 'fatal',
  },
  TW_STORE_COMMIT_FAILED: {
    message: 'committing tick {seq} failed and was rolled back: {reason}',
    hint: 'nothing of this tick was written; the engine stops so it can restart from the last committed tick',
    fix: 'The tick transaction failed (a constraint, a full disk, an I/O error). It was rolled back as a whole, so the database still holds the previous committed tick; restart tickwise after fixing the cause.',
    exit: 1,
    retry: 'fatal',
  },
  TW_STORE_QUERY_FAILED: {
    message: 'the store query "{query}" failed: {reason}',
    hint: 'this is a bug or a damaged database file; report it with the message',
    fix: 'A read or facts query failed. If the database file was edited by hand or damaged, restore it; otherwise report the error.',
    exit: 1,
    retry: 'non-retryable',
  },
  TW_STORE_TICK_STATE: {
    message: 'store tick protocol violated: {reason}',
    hint: 'call beginTick, then ingestMarket, then commitTick or rollbackTick, one tick at a time',
    fix: 'The kernel must bracket every tick: `beginTick()` opens the transaction, `ingestMarket()` and the facts query run inside it, `commitTick()` commits it or `rollbackTick()` discards it.',
    exit: 1,
    retry: 'fatal',
  },
});
