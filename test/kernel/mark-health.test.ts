import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GoodQuoteTimes, legMarkHealth, MarketMemory, quoteProblem } from '../../engine/facts/index.ts';
import type { MarketTick, OptionQuote } from '../../engine/domain/index.ts';

const contract = { underlying: 'SPY', expiry: '2026-04-17', right: 'put' as const, strike: 500, multiplier: 100, settlement: 'physical' as const };
const quote = (bid: number, ask: number, flags?: string[]): OptionQuote => ({ key: 'K', contract, bid, ask, ...(flags ? { flags } : {}) });
const tick = (time: number, quotes: OptionQuote[]): MarketTick => ({ time, underlyings: [], quotes });

describe('mark health', () => {
  it('calls a quote bad when NaN, negative, crossed or zero/zero, and good otherwise', () => {
    expect(quoteProblem(Number.NaN, 1)).toBe('nan');
    expect(quoteProblem(1, Number.POSITIVE_INFINITY)).toBe('nan');
    expect(quoteProblem(-0.05, 1)).toBe('nan');
    expect(quoteProblem(1.2, 1.1)).toBe('crossed');
    expect(quoteProblem(0, 0)).toBe('zero');
    expect(quoteProblem(0, 0.05)).toBeNull();
    expect(quoteProblem(1, 1)).toBeNull();
  });

  it('gives a leg the source `last` and its age once its contract leaves the tick, stale past maxAgeSec', () => {
    const good = new GoodQuoteTimes();
    good.observe(tick(1_000, [quote(1, 1.1)]));
    const memory = new MarketMemory();
    const at = (now: number, q?: OptionQuote) => legMarkHealth({ now, keys: ['K'], tickQuotes: new Map(q ? [['K', q]] : []), goodAt: good, memory, maxAgeSec: 60 }, 'K');
    expect(at(1_000, quote(1, 1.1))).toEqual({ key: 'K', source: 'quote', ageSec: 0, problem: null, stale: false, bad: false });
    expect(at(31_000)).toEqual({ key: 'K', source: 'last', ageSec: 30, problem: 'missing', stale: false, bad: true });
    expect(at(91_000, quote(0, 0))).toEqual({ key: 'K', source: 'last', ageSec: 90, problem: 'zero', stale: true, bad: true });
    expect(at(91_000, quote(1, 1.1, ['stale']))).toMatchObject({ source: 'last', problem: 'flagged-stale' });
  });

  it('never trusts a mark it cannot source: bad ⇔ source last, and a good tick quote always wins (property)', () => {
    const price = fc.oneof(fc.double({ min: -1, max: 50, noNaN: false }), fc.constant(0));
    fc.assert(fc.property(fc.array(fc.record({ bid: price, ask: price, present: fc.boolean(), dt: fc.integer({ min: 1, max: 600_000 }) }), { minLength: 1, maxLength: 20 }), (steps) => {
      const good = new GoodQuoteTimes();
      const memory = new MarketMemory();
      let now = 0;
      let lastGood: number | undefined;
      for (const s of steps) {
        now += s.dt;
        const q = s.present ? quote(s.bid, s.ask) : undefined;
        const t = tick(now, q ? [q] : []);
        good.observe(t);
        const h = legMarkHealth({ now, keys: ['K'], tickQuotes: new Map(q ? [['K', q]] : []), goodAt: good, memory, maxAgeSec: 120 }, 'K');
        const isGood = q !== undefined && quoteProblem(q.bid, q.ask) === null;
        if (isGood) lastGood = now;
        expect(h.bad).toBe(!isGood);
        expect(h.source).toBe(isGood ? 'quote' : 'last');
        expect(h.ageSec).toBe(isGood ? 0 : lastGood === undefined ? null : (now - lastGood) / 1000);
        expect(h.stale).toBe(!isGood && (lastGood === undefined || (now - lastGood) / 1000 > 120));
      }
    }), { numRuns: 300, seed: 12, interruptAfterTimeLimit: 5_000 });
  });
});
