import { defineErrors } from '../define.ts';

/** Codes for rule evaluation and the risk gate (engine/evaluate, engine/risk). Prefix: TW_EVALUATE_. */
export const evaluateErrors = defineErrors({});
