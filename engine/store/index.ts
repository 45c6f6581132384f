/** The DuckDB store: public surface. See docs/store.md. */
export { openStore, Store, type OpenStoreOptions } from './store.ts';
export { Db, type SqlParam } from './db.ts';
export { MIGRATIONS, LATEST_SCHEMA_VERSION, type Migration } from './migrations.ts';
export { TABLES, type TableName, type TableSpec, type ColumnSpec } from './tables.ts';
export { midPrice, quoteRow } from './ingest.ts';
export { NOT_FINAL_ORDER_STATUSES } from './recovery.ts';
export type { StoreReads } from './reads.ts';
export type * from './types.ts';
