import { defineErrors } from '../define.ts';

/** Codes for the tick kernel and the start command (engine/kernel). Prefix: TW_KERNEL_. */
export const kernelErrors = defineErrors({});
