import { defineErrors } from '../define.ts';

/** Codes for pricing and the option calculator (engine/pricing). Prefix: TW_PRICING_. */
export const pricingErrors = defineErrors({});
