import { defineErrors } from '../define.ts';

/** Codes for the position lifecycle machine (engine/lifecycle). Prefix: TW_LIFECYCLE_. */
export const lifecycleErrors = defineErrors({});
