import { defineErrors } from '../define.ts';

/** Codes for the DuckDB store and facts (engine/store, engine/facts). Prefix: TW_STORE_. */
export const storeErrors = defineErrors({});
