import { describe, expect, it } from 'vitest';
import { isRejected, planRoll, selectLegs, testedRight, type LegSelection, type RollPlan, type RollPosition } from '../../engine/entry/index.ts';
import { spxChain } from './spx-fixture.ts';
import { strategy } from './strategy-fixture.ts';

// Opened 2019-04-25 (SPX 2919) in the 05-08 expiry; by 2019-05-07 SPX had fallen to about 2884: the put side is tested.
const opened = spxChain('2019-04-25');
const later = spxChain('2019-05-07');
const s = strategy('iron-condor', { legs: { targetDelta: 0.16, wingWidth: 25, dte: { min: 10, max: 20, target: 14 } } });
const sel = selectLegs(s, opened.quotes, opened.underlyingPrice, opened.now) as LegSelection;
const position: RollPosition = {
  structure: 'iron-condor', underlying: 'SPX',
  legs: sel.legs.map((l) => ({ contract: l.contract, quantity: l.side === 'sell' ? -2 : 2 })),
};

describe('planRoll on real SPX quotes', () => {
  it('opened the condor in the 2019-05-08 expiry', () => {
    expect(sel.expiry).toBe('2019-05-08');
    expect(later.underlyingPrice).toBeLessThan(opened.underlyingPrice);
  });

  it('rolls only the tested (put) side out to a later expiry nearest the target DTE, re-centred on 16 delta', () => {
    const r = planRoll(position, s, later.quotes, later.underlyingPrice, later.now, { side: 'tested', targetDte: 30 }) as RollPlan;
    expect(isRejected(r)).toBe(false);
    expect(r.rolled).toBe('put');
    expect(r.fromExpiry).toBe('2019-05-08');
    expect(r.toExpiry > r.fromExpiry).toBe(true);
    expect(r.open.dte).toBe(29); // 2019-06-05; the fixture lists nothing between 06-05 and 06-07 at 30 days
    expect(r.quantity).toBe(2);
    expect(r.closeLegs.map((l) => `${l.side} ${l.contract.right} ${l.contract.strike}`)).toEqual(
      position.legs.filter((l) => l.contract.right === 'put').map((l) => `${l.quantity < 0 ? 'buy' : 'sell'} put ${l.contract.strike}`),
    );
    expect(r.openLegs.every((l) => l.contract.right === 'put' && l.contract.expiry === r.toExpiry)).toBe(true);
    const short = r.open.legs.find((l) => l.side === 'sell');
    expect(Math.abs(Math.abs(short?.delta as number) - 0.16)).toBeLessThan(0.02);
    // Buying back the tested short costs more than the new spread brings in: a net debit.
    expect(r.estimatedNet).toBeGreaterThan(0);
    expect(r.estimatedNet).toBeCloseTo(r.closeMidNet + r.openMidNet, 6);
    expect(r.naturalNet).toBeGreaterThanOrEqual(r.estimatedNet);
  });

  it('rolls the whole condor when asked for all sides', () => {
    const r = planRoll(position, s, later.quotes, later.underlyingPrice, later.now, { side: 'all' }) as RollPlan;
    expect(r.rolled).toBe('all');
    expect(r.closeLegs).toHaveLength(4);
    expect(r.openLegs).toHaveLength(4);
    expect(r.toExpiry).toBe('2019-05-20'); // nearest the strategy's 14-day target after 05-08, counted from 05-07
  });

  it('rejects a roll when no later expiry is listed', () => {
    const onlyCurrent = later.quotes.filter((q) => q.contract.expiry <= '2019-05-08');
    const r = planRoll(position, s, onlyCurrent, later.underlyingPrice, later.now, { side: 'all' });
    expect(r).toMatchObject({ rejected: { code: 'TW_ENTRY_ROLL_NO_EXPIRY' } });
  });
});

describe('testedRight', () => {
  const leg = (right: 'put' | 'call', strike: number, quantity: number) => ({ contract: { right, strike }, quantity });
  it('is the side whose short strike is nearest the underlying, or in the money', () => {
    const legs = [leg('put', 90, 1), leg('put', 95, -1), leg('call', 110, -1), leg('call', 115, 1)];
    expect(testedRight(legs, 97)).toBe('put');
    expect(testedRight(legs, 106)).toBe('call');
    expect(testedRight(legs, 120)).toBe('call');
    expect(testedRight(legs, 102.5)).toBe('put');
  });
});
