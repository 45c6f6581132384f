/**
 * IB entry candidates follow the structure catalogue: a structure anchored at the money (butterflies) asks for strikes
 * around the at-the-money strike, where its legs are, not around a target-delta strike it never uses.
 */
import { describe, expect, it } from 'vitest';
import { candidatesFor, shapeOf } from '../../engine/kernel/subscriptions.ts';
import type { ChainListing } from '../../engine/domain/index.ts';
import { strategy } from './strategy-fixture.ts';

const listing: ChainListing = {
  underlying: 'SPY', multiplier: 100, settlement: 'physical',
  expiries: [{ expiry: '2026-12-18', strikes: Array.from({ length: 25 }, (_, i) => 520 + 5 * i) }],
};
const tick = { vix: { level: 16, prevClose: 16 } } as Parameters<typeof shapeOf>[1];

const firstStrikes = (structure: Parameters<typeof strategy>[0]) => {
  const s = strategy(structure, { legs: { targetDelta: 0.16, wingWidth: 5, dte: { min: 20, max: 40, target: 30 } } });
  return candidatesFor(listing, listing.expiries[0]!, 581, shapeOf(s, tick, 30)).slice(0, 6).map((c) => `${c.right[0]}${c.strike}`);
};

describe('entry candidates from the structure catalogue', () => {
  it('centres a long call butterfly on the money: its body and both wings come first', () => {
    expect(firstStrikes('long-call-butterfly')).toEqual(['p580', 'c580', 'c580', 'c585', 'c575', 'c590']);
  });

  it('still places a 16-delta iron condor\'s candidates out of the money on both sides', () => {
    const got = firstStrikes('iron-condor');
    expect(got.slice(0, 2)).toEqual(['p580', 'c580']);
    expect(got.slice(2).every((c) => (c[0] === 'p' ? Number(c.slice(1)) < 570 : Number(c.slice(1)) > 590))).toBe(true);
  });
});
