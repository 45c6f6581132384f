import { describe, expect, it } from 'vitest';
import { deltaTolerance } from '../../engine/entry/index.ts';
import { fromExchangeTime, type OptionQuote } from '../../engine/domain/index.ts';
import { isRejected, selectLegs, type LegSelection, type Rejected } from '../../engine/entry/index.ts';
import { quote, strategy } from './strategy-fixture.ts';

// A small hand-built chain: "today" is Monday 2026-03-02 11:00 New York; one expiry 32 days out (2026-04-03).
const NOW = fromExchangeTime('2026-03-02', 11 * 60);
const EXP = '2026-04-03';
const S = 100;

function chain(): OptionQuote[] {
  return [
    quote(EXP, 'put', 80, 0.2, 0.3, -0.05),
    quote(EXP, 'put', 85, 0.5, 0.6, -0.1),
    quote(EXP, 'put', 90, 1.0, 1.1, -0.16),
    quote(EXP, 'put', 95, 2.0, 2.2, -0.3),
    quote(EXP, 'call', 105, 1.9, 2.1, 0.3),
    quote(EXP, 'call', 110, 0.9, 1.0, 0.16),
    quote(EXP, 'call', 117, 0.3, 0.4, 0.07),
    quote(EXP, 'call', 125, 0.05, 0.1, 0.02),
  ];
}
const ic = (over: Parameters<typeof strategy>[1] = {}) =>
  strategy('iron-condor', { legs: { targetDelta: 0.16, wingWidth: 5, dte: { min: 25, max: 40, target: 30 } }, ...over });
const pick = (r: LegSelection | Rejected) => {
  if (isRejected(r)) throw new Error(JSON.stringify(r.rejected));
  return r.legs.map((l) => `${l.side} ${l.contract.right} ${l.contract.strike}`);
};

describe('selectLegs on hand-built chains', () => {
  it('rejects with a reason naming the window and the listed expiries when no expiry is inside the DTE window', () => {
    const r = selectLegs(strategy('iron-condor', { legs: { targetDelta: 0.16, wingWidth: 5, dte: { min: 40, max: 60, target: 45 } } }), chain(), S, NOW);
    expect(r).toMatchObject({ rejected: { code: 'TW_ENTRY_NO_EXPIRY' } });
    if (isRejected(r)) expect(r.rejected.message).toContain('between 40 and 60 days out (listed: 2026-04-03 (32d))');
  });

  it('takes the nearest listed strike when the exact wing strike is missing', () => {
    // call wing target 115 is not listed: 117 is the nearest beyond the short 110.
    expect(pick(selectLegs(ic(), chain(), S, NOW))).toEqual(['buy put 85', 'sell put 90', 'sell call 110', 'buy call 117']);
  });

  it('rejects when no strike lies beyond the short strike for the wing', () => {
    const noWing = chain().filter((q) => !(q.contract.right === 'call' && q.contract.strike > 110));
    expect(selectLegs(ic(), noWing, S, NOW)).toMatchObject({ rejected: { code: 'TW_ENTRY_NO_WING', params: { right: 'call', shortStrike: 110 } } });
  });

  it('never sells a strike with no bid, and skips crossed quotes', () => {
    const q = chain().map((x) => {
      if (x.contract.right === 'put' && x.contract.strike === 90) return { ...x, bid: 0 };
      if (x.contract.right === 'call' && x.contract.strike === 110) return { ...x, bid: 1.2, ask: 1.0 };
      return x;
    });
    // put 90 has no bid: 85 (|Δ| 0.10) is nearest 0.16; call 110 is crossed, and the nearest tradable calls, 117
    // (|Δ| 0.07) and 105 (0.30), are both further than the tolerance (0.08) from 0.16: no entry, rather than a short
    // call with a different risk than the strategy asked for.
    const r = selectLegs(ic(), q, S, NOW);
    if (!isRejected(r)) throw new Error('expected a rejection');
    expect(r.rejected.code).toBe('TW_ENTRY_NO_STRIKE');
    expect(r.rejected.message).toContain('call');
    const putsOnly = chain().map((x) => (x.contract.right === 'put' && x.contract.strike === 90 ? { ...x, bid: 0 } : x));
    expect(pick(selectLegs(ic(), putsOnly, S, NOW))).toEqual(['buy put 80', 'sell put 85', 'sell call 110', 'buy call 117']);
  });

  it('picks by delta only within half the target (at least 0.05) of it', () => {
    expect(deltaTolerance(0.16)).toBe(0.08);
    expect(deltaTolerance(0.5)).toBe(0.25);
    expect(deltaTolerance(0.05)).toBe(0.05);
  });

  it('skips quotes flagged as bad data, even for a wing', () => {
    const q = chain().map((x) => (x.contract.right === 'put' && x.contract.strike === 85 ? { ...x, flags: ['stale'] } : x));
    expect(pick(selectLegs(ic(), q, S, NOW))).toEqual(['buy put 80', 'sell put 90', 'sell call 110', 'buy call 117']);
  });

  it('computes delta with Black–Scholes from the IV when a quote has none', () => {
    const q = chain().map((x) => ({ ...x, delta: undefined, iv: 0.25 }));
    const r = selectLegs(ic(), q, S, NOW);
    if (isRejected(r)) throw new Error(r.rejected.message);
    for (const l of r.legs) expect(typeof l.delta).toBe('number');
    const short = r.legs.find((l) => l.side === 'sell' && l.contract.right === 'put');
    // 25% vol, 32 days (σ√T ≈ 0.074): BSM puts the 95 put at |Δ| ≈ 0.23 and the 90 put at ≈ 0.07; 95 is nearer 0.16.
    expect(short?.contract.strike).toBe(95);
    expect(Math.abs(short?.delta as number)).toBeGreaterThan(0.2);
    expect(Math.abs(short?.delta as number)).toBeLessThan(0.26);
  });

  it('skips quotes with neither delta nor IV', () => {
    const q = chain().map((x) => (x.contract.strike === 90 ? { ...x, delta: undefined } : x));
    expect(pick(selectLegs(ic(), q, S, NOW))[1]).toBe('sell put 85');
  });

  it('chooses the expiry nearest the target, the earlier one on a tie', () => {
    const early = chain().map((x) => quote('2026-03-30', x.contract.right, x.contract.strike, x.bid, x.ask, x.delta));
    const r = selectLegs(ic(), [...early, ...chain()], S, NOW); // 28 and 32 days out, target 30
    expect(isRejected(r) ? null : r.expiry).toBe('2026-03-30');
  });

  it('needs a wing width for winged structures', () => {
    const r = selectLegs(strategy('iron-condor', { legs: { targetDelta: 0.16, wingWidth: undefined, dte: { min: 25, max: 40, target: 30 } } }), chain(), S, NOW);
    expect(r).toMatchObject({ rejected: { code: 'TW_ENTRY_NEEDS_WING_WIDTH' } });
  });

  it('rejects a credit structure whose quotes would make it a debit', () => {
    const q = chain().map((x) => (x.contract.strike === 85 || x.contract.strike === 117 ? { ...x, bid: 5, ask: 5.2 } : x));
    expect(selectLegs(ic(), q, S, NOW)).toMatchObject({ rejected: { code: 'TW_ENTRY_BAD_NET_PRICE' } });
  });

  it('rejects a missing underlying price', () => {
    expect(selectLegs(ic(), chain(), Number.NaN, NOW)).toMatchObject({ rejected: { code: 'TW_ENTRY_NO_UNDERLYING_PRICE' } });
  });

  it('ignores other underlyings in the quotes', () => {
    const spy = chain().map((x) => ({ ...x, contract: { ...x.contract, underlying: 'SPY', root: 'SPY' } }));
    expect(selectLegs(ic(), spy, S, NOW)).toMatchObject({ rejected: { code: 'TW_ENTRY_NO_EXPIRY' } });
  });
});
