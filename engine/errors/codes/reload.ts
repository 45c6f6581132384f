import { defineErrors } from '../define.ts';

/** Codes for hot reload (engine/reload). Prefix: TW_RELOAD_. */
export const reloadErrors = defineErrors({});
