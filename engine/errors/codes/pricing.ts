import { defineErrors } from '../define.ts';

/** Codes for pricing and the option calculator (engine/pricing, `tickwise price`). Prefix: TW_PRICING_. */
export const pricingErrors = defineErrors({
  TW_PRICING_INVALID_INPUT: {
    message: '{name} must be {expected}, got {value}',
    hint: '{advice}',
    fix: 'Spot and strike must be positive prices, time to expiry a positive number of years (30 days = 30/365 = 0.0822), volatility a non-negative decimal per year (0.20 = 20%), rates and dividend yields decimals per year (0.05 = 5%). Percentages written as whole numbers (20 for 20%) are refused on purpose.',
    exit: 2,
  },
  TW_PRICING_BELOW_INTRINSIC: {
    message: 'a {right} premium of {price} is below the lowest no-arbitrage value {lower} (discounted intrinsic value) for spot {spot}, strike {strike}, {years} years',
    hint: 'no volatility produces this price: check the premium, the spot, the strike and the right',
    fix: 'A European call is worth at least max(S·e^(−qT) − K·e^(−rT), 0) and a put at least max(K·e^(−rT) − S·e^(−qT), 0). A quoted price below that is a stale or crossed quote, a mistyped number, or the wrong right (call vs put). Check the inputs; for market data, use the mid of a live two-sided quote.',
    exit: 2,
  },
  TW_PRICING_ABOVE_UPPER_BOUND: {
    message: 'a {right} premium of {price} is at or above the highest no-arbitrage value {upper} for spot {spot}, strike {strike}, {years} years',
    hint: 'no volatility produces this price: a call is worth less than the discounted spot, a put less than the discounted strike',
    fix: 'A European call is worth less than S·e^(−qT) and a put less than K·e^(−rT). Check that the premium is per share (not per contract: divide by the multiplier, usually 100) and that spot and strike are right.',
    exit: 2,
  },
  TW_PRICING_VOL_OR_PREMIUM: {
    message: '`tickwise price` needs exactly one of --vol and --premium, got {given}',
    hint: 'give --vol 0.2 to price the option, or --premium 4.76 to find its implied volatility',
    fix: 'With --vol the calculator prices the option and its Greeks; with --premium it solves for the implied volatility first and then reports the Greeks at that volatility. Giving both (or neither) is ambiguous.',
    exit: 2,
  },
  TW_PRICING_IV_NOT_FOUND: {
    message: 'implied volatility did not converge for a {right} premium of {price} (spot {spot}, strike {strike}, {years} years): {reason}',
    hint: 'the price needs a volatility beyond {maxVolPct}% per year; check the inputs',
    fix: 'The premium is inside the no-arbitrage bounds but so close to the upper bound that only an absurd volatility reproduces it. Check that the premium is per share and that the time to expiry is in years.',
    exit: 2,
  },
});
