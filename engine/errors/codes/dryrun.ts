import { defineErrors } from '../define.ts';

/** Codes for dry-run scenarios (engine/dryrun, bin/commands/dry-run). Prefix: TW_DRYRUN_. */
export const dryrunErrors = defineErrors({});
