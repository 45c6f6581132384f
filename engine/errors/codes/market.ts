import { defineErrors } from '../define.ts';

/** Codes for market data adapters: sim and replay (adapters/sim, adapters/replay). Prefix: TW_MARKET_. */
export const marketErrors = defineErrors({});
