import { describe, expect, it } from 'vitest';
import { createPaperBroker } from '../../../adapters/sim/index.ts';
import type { BrokerEvent } from '../../../engine/domain/index.ts';
import { contract, fromExchangeTime, leg, order, quote, tick } from './helpers.ts';

const T = (minutes: number, date = '2026-01-12') => fromExchangeTime(date, minutes);
const call450 = contract('call', 450);
const call455 = contract('call', 455);
const put440 = contract('put', 440);
const ofType = <K extends BrokerEvent['type']>(events: BrokerEvent[], type: K) => events.filter((e): e is Extract<BrokerEvent, { type: K }> => e.type === type);

/** A market where the 450/455 call vertical's natural is 5.10 − 2.90 = 2.20 and its mid 2.00. */
const market = (time: number, shift = 0) =>
  tick(time, [quote(call450, 5.0 + shift, 5.1 + shift), quote(call455, 2.9 + shift, 3.0 + shift), quote(put440, 1.2, 1.3)]);

describe('the paper broker', () => {
  it('accepts a limit combo and fills it only once its natural price reaches the limit, at the natural', async () => {
    const b = createPaperBroker();
    b.observe(market(T(600)));
    await b.place(order('o1', [leg(call450, 'buy'), leg(call455, 'sell')], 2.0));
    expect(b.drainEvents()).toMatchObject([{ type: 'accepted', clientOrderId: 'o1', brokerOrderId: 'SIM-1' }]);
    b.observe(market(T(605)));
    expect(b.drainEvents()).toEqual([]);
    expect(await b.openOrders()).toMatchObject([{ clientOrderId: 'o1', status: 'accepted', filled: 0, remaining: 1, limitPrice: 2.0 }]);
    // the long leg cheapens: natural = 4.85 − 2.90 = 1.95 ≤ 2.00
    b.observe(tick(T(610), [quote(call450, 4.75, 4.85), quote(call455, 2.9, 3.0)]));
    const [fill] = b.drainEvents();
    expect(fill).toMatchObject({
      type: 'fill', clientOrderId: 'o1', quantity: 1, netPrice: 1.95, filledTotal: 1, remaining: 0, commission: 130,
      legs: [{ key: 'SPY:2026-01-16:C:450', side: 'buy', quantity: 1, price: 4.85 }, { key: 'SPY:2026-01-16:C:455', side: 'sell', quantity: 1, price: 2.9 }],
    });
    expect(await b.openOrders()).toEqual([]);
    expect(await b.positions()).toEqual([
      { key: 'SPY:2026-01-16:C:450', contract: call450, quantity: 1, averageCost: 4.85 },
      { key: 'SPY:2026-01-16:C:455', contract: call455, quantity: -1, averageCost: 2.9 },
    ]);
    expect(b.cashCents()).toBe(-19_500 - 130); // 1.95 × 100 shares, in cents, minus 2 × 65¢
  });

  it('fills a marketable order on the next tick at natural plus slippage, with commission in integer cents', async () => {
    const b = createPaperBroker({ slippage: 0.02, commissionPerContract: 0.65 });
    b.observe(market(T(600)));
    await b.place(order('m1', [leg(call450, 'buy'), leg(call455, 'sell')], null, { quantity: 3 }));
    b.drainEvents();
    b.observe(market(T(605)));
    const [fill] = ofType(b.drainEvents(), 'fill');
    expect(fill.legs.map((l) => l.price)).toEqual([5.12, 2.88]);
    expect(fill.netPrice).toBeCloseTo(2.24, 10);
    expect(fill.commission).toBe(6 * 65);
    expect(Number.isInteger(fill.commission)).toBe(true);
    expect(b.cashCents()).toBe(-(224 * 3 * 100) - 390); // 2.24 × 100 shares × 3 units, in cents, minus commission
  });

  it('waits latencyTicks extra ticks before a marketable order may fill', async () => {
    const b = createPaperBroker({ latencyTicks: 2 });
    b.observe(market(T(600)));
    await b.place(order('m1', [leg(put440, 'buy')], null));
    b.drainEvents();
    b.observe(market(T(605)));
    b.observe(market(T(610)));
    expect(ofType(b.drainEvents(), 'fill')).toHaveLength(0);
    b.observe(market(T(615)));
    expect(ofType(b.drainEvents(), 'fill')).toHaveLength(1);
  });

  it('fills a credit limit when it can receive at least the limit', async () => {
    const b = createPaperBroker({ commissionPerContract: 0 });
    b.observe(market(T(600)));
    // sell the vertical: natural credit = −(5.00 − 3.00) = −2.00
    await b.place(order('c1', [leg(call450, 'sell'), leg(call455, 'buy')], -2.1));
    b.observe(market(T(605)));
    b.observe(market(T(610)));
    expect(b.drainEvents().map((e) => e.type)).toEqual(['accepted']); // −2.00 natural never reaches a −2.10 limit
    await b.replace('c1', { limitPrice: -2.0, style: 'limit' });
    b.observe(market(T(615)));
    const events = b.drainEvents();
    expect(events.map((e) => e.type)).toEqual(['accepted', 'fill']); // the replace is acknowledged, then fills
    expect(ofType(events, 'fill')[0].netPrice).toBeCloseTo(-2.0, 10);
    expect(b.cashCents()).toBe(20_000); // received 2.00 × 100 shares
  });

  it('fills partially, deterministically, when partial fills are on', async () => {
    const runOnce = async () => {
      const b = createPaperBroker({ partialFills: { maxUnitsPerTick: 3, seed: 7 }, commissionPerContract: 1 });
      b.observe(market(T(600)));
      await b.place(order('p1', [leg(put440, 'buy')], 1.5, { quantity: 10 }));
      const fills = [];
      for (let i = 1; i <= 12; i++) {
        b.observe(market(T(600 + 5 * i)));
        fills.push(...ofType(b.drainEvents(), 'fill'));
      }
      return fills;
    };
    const fills = await runOnce();
    expect(fills.length).toBeGreaterThan(3);
    for (const f of fills) expect(f.quantity).toBeLessThanOrEqual(3);
    expect(fills.reduce((n, f) => n + f.quantity, 0)).toBe(10);
    expect(fills.at(-1)).toMatchObject({ filledTotal: 10, remaining: 0 });
    for (let i = 1; i < fills.length; i++) expect(fills[i].filledTotal).toBe(fills[i - 1].filledTotal + fills[i].quantity);
    expect(new Set(fills.map((f) => f.fillId)).size).toBe(fills.length);
    expect(fills.map((f) => f.quantity)).toEqual((await runOnce()).map((f) => f.quantity));
  });

  it('reports a partially filled order as still working', async () => {
    const b = createPaperBroker({ partialFills: { maxUnitsPerTick: 1 } });
    b.observe(market(T(600)));
    await b.place(order('p1', [leg(put440, 'buy')], 1.5, { quantity: 4 }));
    b.observe(market(T(605)));
    expect(await b.openOrders()).toMatchObject([{ clientOrderId: 'p1', status: 'partially-filled', filled: 1, remaining: 3 }]);
    expect(await b.positions()).toMatchObject([{ key: put440.underlying + ':2026-01-16:P:440', quantity: 1 }]);
  });

  it('rejects each kind of invalid order with a reason and a code', async () => {
    const b = createPaperBroker();
    await b.place(order('early', [leg(call450, 'buy')], 5));
    b.observe(market(T(600)));
    await b.place(order('unknown', [leg(contract('call', 451), 'buy')], 5));
    await b.place(order('expired', [leg(contract('call', 450, '2026-01-09'), 'buy')], 5));
    await b.place(order('zero', [leg(call450, 'buy')], 5, { quantity: 0 }));
    await b.place(order('negative', [leg(call450, 'buy')], 5, { quantity: -2 }));
    await b.place(order('noLegs', [], 5));
    await b.place(order('noLimit', [leg(call450, 'buy')], null, { style: 'limit' }));
    await b.place(order('debitAtCredit', [leg(call450, 'buy'), leg(call455, 'sell')], -0.5));
    await b.place(order('longAtCredit', [leg(put440, 'buy')], -0.1));
    await b.place(order('tooMuchCredit', [leg(call450, 'sell'), leg(call455, 'buy')], -5.5));
    const rejected = ofType(b.drainEvents(), 'rejected');
    expect(Object.fromEntries(rejected.map((e) => [e.clientOrderId, e.code]))).toEqual({
      early: 'TW_SIM_ORDER_UNKNOWN_CONTRACT', unknown: 'TW_SIM_ORDER_UNKNOWN_CONTRACT', expired: 'TW_SIM_ORDER_UNKNOWN_CONTRACT',
      zero: 'TW_SIM_ORDER_BAD_QUANTITY', negative: 'TW_SIM_ORDER_BAD_QUANTITY', noLegs: 'TW_SIM_ORDER_BAD_QUANTITY',
      noLimit: 'TW_SIM_ORDER_BAD_PRICE', debitAtCredit: 'TW_SIM_ORDER_WRONG_SIDE', longAtCredit: 'TW_SIM_ORDER_WRONG_SIDE',
      tooMuchCredit: 'TW_SIM_ORDER_WRONG_SIDE',
    });
    for (const e of rejected) expect(e.reason.length).toBeGreaterThan(10);
    expect(rejected.find((e) => e.clientOrderId === 'tooMuchCredit')!.reason).toContain('-5');
    expect(await b.openOrders()).toEqual([]);
  });

  it('accepts limits far beyond the natural (they fill at the natural) and credit spreads within their width', async () => {
    const b = createPaperBroker();
    b.observe(market(T(600)));
    await b.place(order('generous', [leg(call450, 'buy'), leg(call455, 'sell')], 50));
    await b.place(order('credit', [leg(call450, 'sell'), leg(call455, 'buy')], -4.9));
    await b.place(order('shortCall', [leg(call455, 'sell')], -100));
    await b.place(order('close', [leg(put440, 'sell')], -1.0));
    expect(b.drainEvents().map((e) => e.type)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    b.observe(market(T(605)));
    expect(ofType(b.drainEvents(), 'fill').find((f) => f.clientOrderId === 'generous')!.netPrice).toBeCloseTo(2.2, 10);
  });

  it('never creates a second order for a duplicate client order id', async () => {
    const b = createPaperBroker();
    b.observe(market(T(600)));
    await b.place(order('dup', [leg(put440, 'buy')], 1.5));
    await b.place(order('dup', [leg(put440, 'buy')], 1.5));
    const events = b.drainEvents();
    expect(events.map((e) => e.type)).toEqual(['accepted', 'rejected']);
    expect(events[1]).toMatchObject({ code: 'TW_SIM_ORDER_DUPLICATE_ID' });
    b.observe(market(T(605)));
    expect(ofType(b.drainEvents(), 'fill')).toHaveLength(1);
    await b.place(order('dup', [leg(put440, 'buy')], 1.5));
    b.observe(market(T(610)));
    expect(b.drainEvents().map((e) => e.type)).toEqual(['rejected']);
    expect((await b.positions())[0].quantity).toBe(1);
  });

  it('cancels a working order, ignores cancels of finished orders, and answers unknown ids', async () => {
    const b = createPaperBroker();
    b.observe(market(T(600)));
    await b.place(order('w', [leg(put440, 'buy')], 0.5));
    await b.cancel('w');
    await b.cancel('w');
    await b.cancel('nobody');
    await b.replace('nobody', { limitPrice: 1, style: 'limit' });
    const events = b.drainEvents();
    expect(events.map((e) => [e.type, 'clientOrderId' in e ? e.clientOrderId : null])).toEqual([['accepted', 'w'], ['cancelled', 'w'], ['rejected', 'nobody'], ['rejected', 'nobody']]);
    expect(events[2]).toMatchObject({ code: 'TW_SIM_ORDER_UNKNOWN_ID' });
    b.observe(market(T(605), -1));
    expect(b.drainEvents()).toEqual([]);
  });

  it('cancels an order whose replace is on the wrong side instead of leaving it in doubt', async () => {
    const b = createPaperBroker();
    b.observe(market(T(600)));
    await b.place(order('r', [leg(put440, 'buy')], 0.5));
    await b.replace('r', { limitPrice: -1, style: 'limit' });
    const events = b.drainEvents();
    expect(events.map((e) => e.type)).toEqual(['accepted', 'cancelled']);
    expect(events[1]).toMatchObject({ reason: expect.stringContaining('TW_SIM_ORDER_WRONG_SIDE') });
    expect(await b.openOrders()).toEqual([]);
  });

  it('expires day orders at the close and working orders whose contracts expire', async () => {
    const b = createPaperBroker();
    b.observe(market(T(600)));
    await b.place(order('day', [leg(put440, 'buy')], 0.5, { timeInForce: 'day' }));
    await b.place(order('gtc', [leg(put440, 'buy')], 0.5));
    b.observe(market(T(955)));
    expect(b.drainEvents().map((e) => e.type)).toEqual(['accepted', 'accepted']);
    b.observe(market(T(570, '2026-01-13')));
    expect(b.drainEvents()).toMatchObject([{ type: 'expired', clientOrderId: 'day' }]);
    b.observe(tick(T(570, '2026-01-20'), []));
    expect(b.drainEvents()).toMatchObject([{ type: 'expired', clientOrderId: 'gtc' }]);
  });

  it('does not sell into a missing bid', async () => {
    const b = createPaperBroker();
    const far = contract('call', 520);
    b.observe(tick(T(600), [quote(far, 0, 0.02)]));
    await b.place(order('s', [leg(far, 'sell')], null));
    b.observe(tick(T(605), [quote(far, 0, 0.02)]));
    expect(ofType(b.drainEvents(), 'fill')).toHaveLength(0);
  });
});
