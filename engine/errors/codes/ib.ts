import { defineErrors } from '../define.ts';

/** Codes for the Interactive Brokers adapter (adapters/ib). Prefix: TW_IB_. */
export const ibErrors = defineErrors({});
