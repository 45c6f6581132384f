import { describe, expect, it } from 'vitest';
import { selectLegs, isRejected, type LegSelection } from '../../engine/entry/index.ts';
import { spxChain } from './spx-fixture.ts';
import { strategy } from './strategy-fixture.ts';

const day = spxChain('2019-04-25');

function select(s: ReturnType<typeof strategy>): LegSelection {
  const r = selectLegs(s, day.quotes, day.underlyingPrice, day.now);
  if (isRejected(r)) throw new Error(r.rejected.message);
  return r;
}
const strikes = (sel: LegSelection) => sel.legs.map((l) => `${l.side} ${l.contract.right} ${l.contract.strike}`);

describe('selectLegs on real SPX quotes of 2019-04-25 (SPX 2919.04)', () => {
  it('picks a 16-delta iron condor with 25-point wings in the 30–45 DTE window nearest 35 days', () => {
    const sel = select(strategy('iron-condor'));
    expect(sel.expiry).toBe('2019-05-31');
    expect(sel.dte).toBe(36);
    expect(sel.legs.every((l) => l.contract.root === 'SPXW' && l.contract.expiry === '2019-05-31')).toBe(true);
    expect(strikes(sel)).toEqual(['buy put 2755', 'sell put 2780', 'sell call 3005', 'buy call 3030']);
    for (const l of sel.legs.filter((x) => x.side === 'sell')) expect(Math.abs(Math.abs(l.delta as number) - 0.16)).toBeLessThan(0.01);
    const u = sel.perUnit;
    // Net credit: natural (sell at bid, buy at ask) is the smaller credit, mid the larger; the limit sits between.
    expect(u.midNet).toBeCloseTo(-5.4, 6);
    expect(u.naturalNet).toBeCloseTo(-4.8, 6);
    expect(u.limitNet).toBeGreaterThanOrEqual(u.midNet);
    expect(u.limitNet).toBeLessThanOrEqual(u.naturalNet);
    expect(u.creditCents).toBe(54_000);
    expect(u.maxProfitCents).toBe(u.creditCents);
    expect(u.maxLossCents).toBe(25 * 100 * 100 - u.creditCents);
    expect(u.breakevens).toEqual([2774.6, 3010.4]);
    expect(u.ivAtEntry).toBeCloseTo((0.1607 + 0.092) / 2, 6);
  });

  it('picks a put credit spread: short put near the target delta, long put 25 points lower', () => {
    const sel = select(strategy('put-credit-spread', { legs: { targetDelta: 0.3, wingWidth: 25, dte: { min: 30, max: 45, target: 35 } } }));
    const [long, short] = sel.legs;
    expect(short.side).toBe('sell');
    expect(long.contract.strike).toBe(short.contract.strike - 25);
    expect(Math.abs(Math.abs(short.delta as number) - 0.3)).toBeLessThan(0.015);
    expect(sel.perUnit.midNet).toBeLessThan(0);
    expect(sel.perUnit.maxLossCents).toBe(2_500_00 - sel.perUnit.creditCents);
    expect(sel.perUnit.breakevens).toEqual([short.contract.strike + sel.perUnit.limitNet]);
  });

  it('picks a call credit spread with the long call above the short', () => {
    const sel = select(strategy('call-credit-spread'));
    expect(strikes(sel)).toEqual(['sell call 3005', 'buy call 3030']);
    expect(sel.perUnit.maxLossCents).toBe(2_500_00 - sel.perUnit.creditCents);
  });

  it('prices a long call vertical as a debit whose max loss is the debit', () => {
    const sel = select(strategy('long-call-vertical', { legs: { targetDelta: 0.5, wingWidth: 25, dte: { min: 30, max: 45, target: 35 } } }));
    expect(strikes(sel)).toEqual(['buy call 2920', 'sell call 2945']);
    const u = sel.perUnit;
    expect(u.midNet).toBeGreaterThan(0);
    expect(u.creditCents).toBe(0);
    expect(u.debitCents).toBe(135_500);
    expect(u.maxLossCents).toBe(u.debitCents);
    expect(u.maxProfitCents).toBe(25 * 100 * 100 - u.debitCents);
    expect(u.breakevens).toEqual([2920 + u.limitNet]);
  });

  it('prices a long put vertical with the short put 25 points lower', () => {
    const sel = select(strategy('long-put-vertical', { legs: { targetDelta: 0.5, wingWidth: 25, dte: { min: 30, max: 45, target: 35 } } }));
    expect(strikes(sel)).toEqual(['sell put 2895', 'buy put 2920']);
    expect(sel.perUnit.maxLossCents).toBe(sel.perUnit.debitCents);
  });

  it('centres an iron butterfly on the strike nearest the underlying', () => {
    const sel = select(strategy('iron-butterfly'));
    expect(strikes(sel)).toEqual(['buy put 2895', 'sell put 2920', 'sell call 2920', 'buy call 2945']);
    expect(Math.abs(2920 - day.underlyingPrice)).toBeLessThanOrEqual(2.5);
    expect(sel.perUnit.maxLossCents).toBe(2_500_00 - sel.perUnit.creditCents);
  });

  it('gives a short strangle an undefined (null) max loss', () => {
    const sel = select(strategy('short-strangle'));
    expect(strikes(sel)).toEqual(['sell put 2780', 'sell call 3005']);
    expect(sel.perUnit.maxLossCents).toBeNull();
    expect(sel.perUnit.maxProfitCents).toBe(sel.perUnit.creditCents);
    expect(sel.perUnit.breakevens).toEqual([2780 + sel.perUnit.limitNet, 3005 - sel.perUnit.limitNet]);
  });

  it('builds a calendar at the same strike with a later back month, max loss = debit, max profit unknown', () => {
    const sel = select(strategy('calendar', { legs: { targetDelta: 0.5, dte: { min: 20, max: 30, target: 22 }, backDte: { min: 36, max: 60, target: 43 } } }));
    expect(sel.expiry).toBe('2019-05-17');
    expect(sel.backExpiry).toBe('2019-06-07');
    const [front, back] = sel.legs;
    expect(front.contract.strike).toBe(back.contract.strike);
    expect(front.side).toBe('sell');
    expect(back.side).toBe('buy');
    expect(sel.perUnit.maxLossCents).toBe(sel.perUnit.debitCents);
    expect(sel.perUnit.maxProfitCents).toBeNull();
  });

  it('keeps every leg of a monthly expiry in one option root when SPX and SPXW both list it', () => {
    const sel = select(strategy('iron-condor', { legs: { targetDelta: 0.16, wingWidth: 25, dte: { min: 20, max: 25, target: 22 } } }));
    expect(sel.expiry).toBe('2019-05-17');
    const roots = new Set(sel.legs.map((l) => l.contract.root));
    expect(roots.size).toBe(1);
  });

  it('starts at the natural price when the execution policy says so', () => {
    const sel = select(strategy('iron-condor', { execution: { startPrice: 'natural', repriceStep: 0.05, repriceIntervalSeconds: 30, maxReprices: 3, onTimeout: 'cancel' } }));
    expect(sel.perUnit.limitNet).toBeCloseTo(-4.8, 6);
    expect(sel.perUnit.creditCents).toBe(48_000);
  });
});
