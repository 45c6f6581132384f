import { defineErrors } from '../define.ts';

/** Codes for the HTTP API (adapters/http). Prefix: TW_HTTP_. */
export const httpErrors = defineErrors({});
