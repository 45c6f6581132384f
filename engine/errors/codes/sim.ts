import { defineErrors } from '../define.ts';

/** Codes for the simulated market and the paper broker (adapters/sim). Prefix: TW_SIM_. */
export const simErrors = defineErrors({});
