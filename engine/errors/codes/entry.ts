import { defineErrors } from '../define.ts';

/** Codes for entry planning: leg selection, sizing, rolls (engine/entry). Prefix: TW_ENTRY_. */
export const entryErrors = defineErrors({});
