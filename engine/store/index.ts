/** The DuckDB store: public surface. See docs/store.md. */
export { openStore, Store, type OpenStoreOptions, type TickTransaction } from './store.ts';
export { classifyStoreError, isWriteFailure, RETRYABLE_WRITE_CODES, type StoreFailure } from './classify.ts';
export { formatBytes, freeBytes, PRIVATE_FILE_MODE } from './file-system.ts';
export { Db, diskFullMessage, type SqlParam } from './db.ts';
export { MIGRATIONS, LATEST_SCHEMA_VERSION, type Migration } from './migrations.ts';
export { TABLES, type TableName, type TableSpec, type ColumnSpec } from './tables.ts';
export { midPrice, quoteRow } from './ingest.ts';
export { NOT_FINAL_ORDER_STATUSES } from './recovery.ts';
export type { StoreReads } from './reads.ts';
export type * from './types.ts';
export { AlertOutbox, type OutboxAlert, type DeliveryStatus } from './outbox.ts';
export { appendAlerts } from './alert-rows.ts';
export { StreamFrameLog, type StoredFrame } from './stream-frames.ts';
