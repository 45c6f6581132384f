/**
 * The paper broker's fill model on a ratio combo: a 1-2-1 butterfly's net counts the body twice, its displayed size
 * is read in whole butterflies (the body needs two contracts per unit), and each leg fills ratio × units contracts.
 */
import { describe, expect, it } from 'vitest';
import { executionPrice, legFills } from '../../../adapters/sim/paper-fill.ts';
import { contractKey, type OptionContract, type OptionQuote, type OrderLeg } from '../../../engine/domain/index.ts';

const call = (strike: number): OptionContract => ({ underlying: 'SPY', root: 'SPY', expiry: '2026-02-20', right: 'call', strike, multiplier: 100, settlement: 'physical' });
const legs: OrderLeg[] = [
  { contract: call(445), side: 'buy', ratio: 1 },
  { contract: call(450), side: 'sell', ratio: 2 },
  { contract: call(455), side: 'buy', ratio: 1 },
];
const quotes = new Map<string, OptionQuote>([
  [445, { bid: 7.0, ask: 7.2, askSize: 10 }],
  [450, { bid: 3.8, ask: 4.0, bidSize: 5 }],
  [455, { bid: 1.3, ask: 1.5, askSize: 10 }],
].map(([k, q]) => { const c = call(k as number); return [contractKey(c), { key: contractKey(c), contract: c, ...(q as object) } as OptionQuote]; }));

describe('a butterfly on the paper fill model', () => {
  it('prices buys at the ask and the two sold calls at the bid: 7.2 − 2 × 3.8 + 1.5', () => {
    const e = executionPrice(legs, (k) => quotes.get(k), 0)!;
    expect(e.prices).toEqual([7.2, 3.8, 1.5]);
    expect(e.net).toBeCloseTo(7.2 - 2 * 3.8 + 1.5, 9);
  });

  it('reads a bid size of 5 on the body as 2 whole butterflies', () => {
    expect(executionPrice(legs, (k) => quotes.get(k), 0)!.sizeUnits).toBe(2);
  });

  it('fills ratio × units contracts on each leg', () => {
    expect(legFills(legs, [7.2, 3.8, 1.5], 3).map((f) => `${f.side} ${f.quantity}`)).toEqual(['buy 3', 'sell 6', 'buy 3']);
  });
});
