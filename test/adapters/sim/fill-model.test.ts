import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPaperBroker, parseFillPrice } from '../../../adapters/sim/index.ts';
import { executionPrice } from '../../../adapters/sim/paper-fill.ts';
import type { BrokerEvent } from '../../../engine/domain/index.ts';
import { contract, fromExchangeTime, leg, order, quote, tick } from './helpers.ts';

/** Daily snapshots at 15:45 New York, as the replay delivers them. */
const day = (date: string) => fromExchangeTime(date, 945);
const short = contract('put', 440);
const long = contract('put', 435);
const ofType = <K extends BrokerEvent['type']>(events: BrokerEvent[], type: K) => events.filter((e): e is Extract<BrokerEvent, { type: K }> => e.type === type);

/** Short 440 put 3.00/3.20, long 435 put 2.00/2.10: spread mid −1.05 (a credit), natural −0.90. */
const snapshot = (time: number, shortQ: [number, number] = [3.0, 3.2], longQ: [number, number] = [2.0, 2.1]) =>
  tick(time, [quote(short, ...shortQ), quote(long, ...longQ)]);
const openSpread = (id: string, limit: number | null, extra = {}) =>
  order(id, [leg(short, 'sell'), leg(long, 'buy')], limit, { timeInForce: 'day', ...extra });

describe('the paper broker on recorded snapshots (fillTiming: snapshot)', () => {
  it('fills an order placed on a daily snapshot at that snapshot, at the mid', async () => {
    const b = createPaperBroker({ fillTiming: 'snapshot', fillPrice: 'mid', commissionPerContract: 0.65 });
    b.observe(snapshot(day('2026-01-12')));
    await b.place(openSpread('o1', -1.05));
    const events = b.drainEvents();
    expect(events.map((e) => e.type)).toEqual(['accepted', 'fill']);
    const [fill] = ofType(events, 'fill');
    expect(fill).toMatchObject({ quantity: 1, netPrice: -1.05, commission: 130, time: day('2026-01-12') });
    expect(fill.legs.map((l) => l.price)).toEqual([3.1, 2.05]);
    expect(b.cashCents()).toBe(10_500 - 130);
  });

  it('keeps a day order working through the next daily snapshot instead of expiring it before it could fill', async () => {
    // The defect: a day order placed at 15:45 expired at the next day's tick before being matched, so no order ever
    // filled in a daily replay. Here the limit is not reached on day 1 (mid is a 1.05 credit, the limit asks 1.20).
    const b = createPaperBroker({ fillTiming: 'snapshot', fillPrice: 'mid' });
    b.observe(snapshot(day('2026-01-12')));
    await b.place(openSpread('o1', -1.2));
    expect(b.drainEvents().map((e) => e.type)).toEqual(['accepted']);
    // Day 2: the short put richens: mid = −(3.35) + 2.05 = −1.30, the limit is reached.
    b.observe(snapshot(day('2026-01-13'), [3.3, 3.4]));
    const [fill] = ofType(b.drainEvents(), 'fill');
    expect(fill).toMatchObject({ clientOrderId: 'o1', netPrice: -1.3, time: day('2026-01-13') });
  });

  it('expires an unfilled day order at the snapshot after the next one', async () => {
    const b = createPaperBroker({ fillTiming: 'snapshot', fillPrice: 'mid' });
    b.observe(snapshot(day('2026-01-12')));
    await b.place(openSpread('o1', -2));
    b.observe(snapshot(day('2026-01-13')));
    expect(ofType(b.drainEvents(), 'expired')).toEqual([]);
    expect(await b.openOrders()).toMatchObject([{ clientOrderId: 'o1', status: 'accepted' }]);
    b.observe(snapshot(day('2026-01-14')));
    expect(b.drainEvents()).toEqual([{ type: 'expired', clientOrderId: 'o1', time: day('2026-01-14') }]);
  });

  it('still expires a day order at 16:00 on intraday snapshots once the next snapshot has passed', async () => {
    const b = createPaperBroker({ fillTiming: 'snapshot', fillPrice: 'mid' });
    b.observe(snapshot(fromExchangeTime('2026-01-12', 600)));
    await b.place(openSpread('o1', -2));
    b.observe(snapshot(fromExchangeTime('2026-01-12', 900)));
    b.observe(snapshot(fromExchangeTime('2026-01-12', 955)));
    expect(ofType(b.drainEvents(), 'expired')).toEqual([]);
    b.observe(snapshot(fromExchangeTime('2026-01-13', 570)));
    expect(ofType(b.drainEvents(), 'expired')).toMatchObject([{ clientOrderId: 'o1' }]);
  });

  it('matches a replace at once: an exit sent marketable on a snapshot fills at that snapshot', async () => {
    const b = createPaperBroker({ fillTiming: 'snapshot', fillPrice: 'mid+0.25' });
    b.observe(snapshot(day('2026-01-12')));
    // Closing the spread: buy the short back, sell the long. mid +1.05 debit; mid+0.25 costs 0.05 + 0.025 more: 1.125.
    const close = order('c1', [leg(short, 'buy'), leg(long, 'sell')], 1.05, { purpose: 'close', timeInForce: 'day' });
    await b.place(close);
    expect(b.drainEvents().map((e) => e.type)).toEqual(['accepted']);
    b.observe(snapshot(day('2026-01-13')));
    expect(ofType(b.drainEvents(), 'fill')).toEqual([]);
    await b.replace('c1', { limitPrice: null, style: 'marketable' });
    const [fill] = ofType(b.drainEvents(), 'fill');
    expect(fill).toMatchObject({ clientOrderId: 'c1', netPrice: 1.125, time: day('2026-01-13') });
    expect(fill.legs.map((l) => l.price)).toEqual([3.15, 2.025]);
  });

  it('fills part of an order at its snapshot and the rest at the next one with partial fills', async () => {
    const b = createPaperBroker({ fillTiming: 'snapshot', fillPrice: 'mid', partialFills: { maxUnitsPerTick: 2, seed: 3 } });
    b.observe(snapshot(day('2026-01-12')));
    await b.place(openSpread('o1', -1.0, { quantity: 5 }));
    const first = ofType(b.drainEvents(), 'fill');
    expect(first).toHaveLength(1);
    expect(first[0].quantity).toBeGreaterThanOrEqual(1);
    expect(first[0].quantity).toBeLessThanOrEqual(2);
    b.observe(snapshot(day('2026-01-13')));
    const second = ofType(b.drainEvents(), 'fill');
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ filledTotal: first[0].quantity + second[0].quantity, remaining: 5 - first[0].quantity - second[0].quantity });
    expect(await b.openOrders()).toMatchObject([{ clientOrderId: 'o1', status: 'partially-filled' }]);
  });
});

describe('the fill price', () => {
  it('reads mid, natural and mid+F, and refuses anything beyond the natural', () => {
    expect(parseFillPrice('mid')).toBe(0);
    expect(parseFillPrice('natural')).toBe(0.5);
    expect(parseFillPrice('mid+0.25')).toBe(0.25);
    expect(parseFillPrice('mid+0.5')).toBe(0.5);
    for (const bad of ['mid+0.6', 'mid+1', 'mid-0.1', 'ask', 'mid+', '']) expect(parseFillPrice(bad)).toBeNull();
    expect(() => createPaperBroker({ fillPrice: 'mid+0.75' })).toThrow(expect.objectContaining({ code: 'TW_SIM_BAD_OPTION' }));
    expect(() => createPaperBroker({ fillTiming: 'later' as never })).toThrow(expect.objectContaining({ code: 'TW_SIM_BAD_OPTION' }));
  });

  it('lies between the mid and the natural of every combo and grows with F', () => {
    const q = fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 500 })).map(([bid, width]) => [bid / 100, (bid + width) / 100] as const);
    fc.assert(
      fc.property(q, q, fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), ([sb, sa], [lb, la], f1, f2) => {
        const quotes = new Map([[quote(short, sb, sa).key, quote(short, sb, sa)], [quote(long, lb, la).key, quote(long, lb, la)]]);
        const legs = [leg(short, 'sell'), leg(long, 'buy')];
        const at = (f: number) => executionPrice(legs, (k) => quotes.get(k), 0, f)!.net;
        const mid = at(0);
        const natural = at(0.5);
        expect(natural).toBeCloseTo(-sb + la, 9);
        expect(mid).toBeCloseTo(-(sb + sa) / 2 + (lb + la) / 2, 9);
        const [lo, hi] = f1 <= f2 ? [f1 / 100, f2 / 100] : [f2 / 100, f1 / 100];
        expect(at(lo)).toBeLessThanOrEqual(at(hi) + 1e-9);
        expect(at(lo)).toBeGreaterThanOrEqual(mid - 1e-9);
        expect(at(hi)).toBeLessThanOrEqual(natural + 1e-9);
      }),
      { numRuns: 300, seed: 20190507 },
    );
  });
});

describe('the paper broker on a continuous market (fillTiming: next-tick, the default)', () => {
  it('matches only from the next tick and expires a day order at the next day\'s first tick', async () => {
    const b = createPaperBroker();
    b.observe(snapshot(day('2026-01-12')));
    await b.place(openSpread('o1', -0.9));
    expect(b.drainEvents().map((e) => e.type)).toEqual(['accepted']);
    b.observe(snapshot(day('2026-01-13')));
    expect(b.drainEvents()).toEqual([{ type: 'expired', clientOrderId: 'o1', time: day('2026-01-13') }]);
  });
});
