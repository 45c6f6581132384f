import { describe, expect, it } from 'vitest';
import { limitPrice, roundTowardNatural } from '../../engine/lifecycle/pricing.ts';

const policy = { startPrice: 'mid' as const, repriceStep: 0.05, repriceIntervalSeconds: 300, maxReprices: 6, onTimeout: 'cancel' as const };

describe('limit prices are rounded to the cent on the natural side', () => {
  // Regression: a half-cent mid on a credit (−1.525) was rounded to −1.53, asking for more than mid.
  it('rounds a half-cent credit mid toward natural, never past mid', () => {
    expect(limitPrice({ mid: -1.525, natural: -1.4 }, policy, 0)).toBe(-1.52);
  });

  it('rounds a half-cent debit mid toward natural', () => {
    expect(limitPrice({ mid: 2.345, natural: 2.5 }, policy, 0)).toBe(2.35);
  });

  it('keeps whole-cent prices exact despite float noise and never goes beyond natural', () => {
    expect(roundTowardNatural(-0.6799999999999999, -0.6)).toBe(-0.68);
    expect(roundTowardNatural(1.2300000000000002, 1.5)).toBe(1.23);
    expect(limitPrice({ mid: -1.0, natural: -0.93 }, policy, 3)).toBe(-0.93);
  });
});
