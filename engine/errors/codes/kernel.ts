import { defineErrors } from '../define.ts';

/** Codes for the kernel, store, lifecycle, evaluator and risk gate (engine/kernel, engine/store, engine/lifecycle, engine/evaluate, engine/risk, engine/facts). Prefix: TW_KERNEL_. */
export const kernelErrors = defineErrors({});
