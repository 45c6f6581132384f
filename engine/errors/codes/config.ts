import { defineErrors } from '../define.ts';

/** Codes for configuration loading and checking (engine/config, engine/catalogue). Prefix: TW_CONFIG_. */
export const configErrors = defineErrors({});
