/**
 * A ratio-2 leg through entry planning: the 1-2-1 butterflies of the catalogue are selected, priced, sized and rolled
 * with the body counted twice. Expected figures are worked out here from the strikes and quotes, not read back.
 */
import { describe, expect, it } from 'vitest';
import {
  averageIv, basisFromFills, isRejected, maxProfitLoss, maxValue, planEntry, planRoll, selectLegs, sizePosition,
  type LegSelection, type PayoffLeg, type RollPlan,
} from '../../engine/entry/index.ts';
import { spxChain } from './spx-fixture.ts';
import { strategy } from './strategy-fixture.ts';

const opened = spxChain('2019-04-25');
const later = spxChain('2019-05-07');
const mid = (q: { bid: number; ask: number }) => (q.bid + q.ask) / 2;
const C = (strike: number, side: 'buy' | 'sell', ratio: number): PayoffLeg => ({ contract: { right: 'call', strike, expiry: '2026-01-16' }, side, ratio });

function fly(structure: 'long-call-butterfly' | 'long-put-butterfly', over: Parameters<typeof strategy>[1] = {}) {
  return strategy(structure, { legs: { targetDelta: 0.5, wingWidth: 25, dte: { min: 30, max: 45, target: 35 } }, ...over });
}

function select(s: ReturnType<typeof fly>, day = opened): LegSelection {
  const r = selectLegs(s, day.quotes, day.underlyingPrice, day.now);
  if (isRejected(r)) throw new Error(r.rejected.message);
  return r;
}

describe('payoff of a 1-2-1 butterfly', () => {
  it('makes width − debit at the body, loses the debit beyond the wings, and breaks even debit inside each wing', () => {
    const legs = [C(95, 'buy', 1), C(100, 'sell', 2), C(105, 'buy', 1)];
    expect(maxProfitLoss(legs, 1.5, 100)).toEqual({ maxProfitCents: 35_000, maxLossCents: 15_000, breakevens: [96.5, 103.5] });
    expect(maxValue(legs)).toBe(5);
  });

  it('counts the ratio: with a body of 1 the same strikes are an unbounded long call spread plus a call', () => {
    const legs = [C(95, 'buy', 1), C(100, 'sell', 1), C(105, 'buy', 1)];
    expect(maxProfitLoss(legs, 1.5, 100).maxProfitCents).toBeNull();
    expect(maxValue(legs)).toBeNull();
  });

  it('books the basis of three units from their fills', () => {
    const legs = [C(95, 'buy', 1), C(100, 'sell', 2), C(105, 'buy', 1)];
    expect(basisFromFills(legs, -3 * 150_00, 3, 100)).toEqual({ maxProfitCents: 3 * 350_00, maxLossCents: 3 * 150_00, breakevens: [96.5, 103.5] });
  });
});

describe('IV at entry of a ratio structure', () => {
  it('weighs each short leg by its contracts per unit', () => {
    const sel = select(fly('long-call-butterfly'));
    const [lo, body] = sel.legs;
    const legs = [{ ...lo, side: 'sell' as const, quote: { ...lo.quote, iv: 0.3 } }, { ...body, quote: { ...body.quote, iv: 0.15 } }];
    expect(averageIv(legs)).toBeCloseTo((0.3 + 2 * 0.15) / 3, 6);
    expect(averageIv(sel.legs)).toBe(body.quote.iv);
  });
});

describe('a long call butterfly on real SPX quotes of 2019-04-25 (SPX 2919.04)', () => {
  const sel = select(fly('long-call-butterfly'));
  const [lo, body, hi] = sel.legs;

  it('buys one call 25 below and one 25 above the at-the-money strike, and sells two there', () => {
    expect(sel.legs.map((l) => `${l.side} ${l.ratio} ${l.contract.right}`)).toEqual(['buy 1 call', 'sell 2 call', 'buy 1 call']);
    expect(body.contract.strike).toBe(2920);
    expect([lo.contract.strike, hi.contract.strike]).toEqual([2895, 2945]);
    expect(new Set(sel.legs.map((l) => l.contract.expiry)).size).toBe(1);
  });

  it('prices the body twice: net mid, max profit, max loss and breakevens', () => {
    const u = sel.perUnit;
    expect(u.midNet).toBeCloseTo(mid(lo.quote) - 2 * mid(body.quote) + mid(hi.quote), 6);
    expect(u.naturalNet).toBeCloseTo(lo.quote.ask - 2 * body.quote.bid + hi.quote.ask, 6);
    expect(u.debitCents).toBe(Math.round(u.limitNet * 100 * 100));
    expect(u.maxLossCents).toBe(u.debitCents);
    expect(u.maxProfitCents).toBe(25 * 100 * 100 - u.debitCents);
    expect(u.breakevens).toEqual([Math.round((2895 + u.limitNet) * 100) / 100, Math.round((2945 - u.limitNet) * 100) / 100]);
  });

  it('sizes by the debit: a 2% risk budget of $100,000 buys floor($2,000 / debit) butterflies', () => {
    const r = sizePosition(sel, fly('long-call-butterfly', { sizing: { maxRiskFraction: 0.02 } }), 100_000_00);
    expect(r.riskPerUnitCents).toBe(sel.perUnit.debitCents);
    expect(r.contracts).toBe(Math.floor(2_000_00 / sel.perUnit.debitCents));
  });

  it('plans an entry whose order legs carry ratios 1/2/1 and whose totals are per unit × quantity', () => {
    const plan = planEntry(fly('long-call-butterfly', { sizing: { contracts: 3 } }), { quotes: opened.quotes, underlyingPrice: opened.underlyingPrice, now: opened.now, equityCents: 100_000_00, openCount: 0 });
    if ('skipped' in plan) throw new Error(plan.skipped.message);
    expect(plan.legs.map((l) => l.ratio)).toEqual([1, 2, 1]);
    expect(plan.quantity).toBe(3);
    expect([plan.debitCents, plan.maxLossCents]).toEqual([3 * sel.perUnit.debitCents, 3 * sel.perUnit.debitCents]);
  });

  it('rolls 3 butterflies (3/−6/3 held) as 3 units of 1/2/1 out to a later expiry', () => {
    const position = { structure: 'long-call-butterfly' as const, underlying: 'SPX', legs: sel.legs.map((l) => ({ contract: l.contract, quantity: (l.side === 'buy' ? 1 : -1) * l.ratio * 3 })) };
    const r = planRoll(position, fly('long-call-butterfly'), later.quotes, later.underlyingPrice, later.now, { side: 'tested', targetDte: 40 }) as RollPlan;
    expect(isRejected(r)).toBe(false);
    expect(r.rolled).toBe('all'); // one-sided: there is no tested side to roll alone
    expect(r.quantity).toBe(3);
    expect(r.closeLegs.map((l) => `${l.side} ${l.ratio}`)).toEqual(['sell 1', 'buy 2', 'sell 1']);
    expect(r.openLegs.map((l) => `${l.side} ${l.ratio}`)).toEqual(['buy 1', 'sell 2', 'buy 1']);
    expect(r.toExpiry > r.fromExpiry).toBe(true);
  });
});

describe('a long put butterfly on real SPX quotes', () => {
  it('mirrors the call butterfly: wings 25 either side of two puts sold at the money, max loss = debit', () => {
    const sel = select(fly('long-put-butterfly'));
    expect(sel.legs.map((l) => `${l.side} ${l.ratio} ${l.contract.right} ${l.contract.strike}`)).toEqual(['buy 1 put 2895', 'sell 2 put 2920', 'buy 1 put 2945']);
    expect(sel.perUnit.maxLossCents).toBe(sel.perUnit.debitCents);
    expect(sel.perUnit.maxProfitCents).toBe(25 * 100 * 100 - sel.perUnit.debitCents);
  });
});
