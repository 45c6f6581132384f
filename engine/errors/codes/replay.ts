import { defineErrors } from '../define.ts';

/** Codes for historical replay (adapters/replay). Prefix: TW_REPLAY_. */
export const replayErrors = defineErrors({});
