import { describe, expect, it } from 'vitest';
import { createPaperBroker, createSimMarket } from '../../../adapters/sim/index.ts';
import { exchangeTime, type BrokerEvent, type MarketTick } from '../../../engine/domain/index.ts';
import { contract, fromExchangeTime, leg, order, quote, tick } from './helpers.ts';

const settlements = (events: BrokerEvent[]) => events.filter((e) => e.type === 'settlement');

describe('expiry settlement in the paper broker', () => {
  it('assigns and exercises in-the-money equity options into shares at the last price before the close, and lets the rest expire', async () => {
    const b = createPaperBroker({ commissionPerContract: 0 });
    const c440 = contract('call', 440);
    const p460 = contract('put', 460);
    const p430 = contract('put', 430);
    const c445 = contract('call', 445);
    const quotes = [quote(c440, 10, 10.1), quote(p460, 10, 10.1), quote(p430, 0.5, 0.6), quote(c445, 5, 5.1)];
    b.observe(tick(fromExchangeTime('2026-01-16', 900), quotes, { SPY: 451 }));
    await b.place(order('long-call', [leg(c440, 'buy')], null, { quantity: 2 }));
    await b.place(order('short-put', [leg(p460, 'sell')], null));
    await b.place(order('long-put', [leg(p430, 'buy')], null));
    await b.place(order('short-call', [leg(c445, 'sell')], null, { quantity: 3 }));
    b.observe(tick(fromExchangeTime('2026-01-16', 955), quotes, { SPY: 450 }));
    b.drainEvents();
    const cashBefore = b.cashCents();
    // next session: SPY gaps to 470, but settlement uses 450, the last price at or before Friday's 16:00 close
    b.observe(tick(fromExchangeTime('2026-01-20', 570), [], { SPY: 470 }));
    const events = settlements(b.drainEvents());
    expect(events).toEqual([
      { type: 'settlement', key: 'SPY:2026-01-16:C:440', quantity: 2, outcome: 'exercised', amount: -88_000_00, shares: 200, time: expect.any(Number) },
      { type: 'settlement', key: 'SPY:2026-01-16:P:460', quantity: -1, outcome: 'assigned', amount: -46_000_00, shares: 100, time: expect.any(Number) },
      { type: 'settlement', key: 'SPY:2026-01-16:P:430', quantity: 1, outcome: 'expired-worthless', amount: 0, time: expect.any(Number) },
      { type: 'settlement', key: 'SPY:2026-01-16:C:445', quantity: -3, outcome: 'assigned', amount: 133_500_00, shares: -300, time: expect.any(Number) },
    ]);
    expect(await b.positions()).toEqual([]);
    expect(b.shares()).toEqual({}); // +200 +100 −300
    expect(b.cashCents()).toBe(cashBefore - 88_000_00 - 46_000_00 + 133_500_00);
  });

  it('cash-settles an index option at intrinsic value × multiplier, long receives and short pays', async () => {
    const b = createPaperBroker({ commissionPerContract: 0 });
    const p4500 = contract('put', 4500, '2026-01-16', 'SPX', 'cash');
    const c4400 = contract('call', 4400, '2026-01-16', 'SPX', 'cash');
    const quotes = [quote(p4500, 60, 61), quote(c4400, 40, 41)];
    b.observe(tick(fromExchangeTime('2026-01-16', 950), quotes, { SPX: 4440 }));
    await b.place(order('long-put', [leg(p4500, 'buy')], null));
    await b.place(order('short-call', [leg(c4400, 'sell')], null, { quantity: 2 }));
    b.observe(tick(fromExchangeTime('2026-01-16', 955), quotes, { SPX: 4437.5 }));
    b.drainEvents();
    b.observe(tick(fromExchangeTime('2026-01-20', 570), [], { SPX: 4300 }));
    expect(settlements(b.drainEvents())).toMatchObject([
      { key: 'SPX:2026-01-16:P:4500', quantity: 1, outcome: 'cash-settled', amount: 62.5 * 100 * 100 },
      { key: 'SPX:2026-01-16:C:4400', quantity: -2, outcome: 'cash-settled', amount: -37.5 * 100 * 2 * 100 },
    ]);
    expect(b.shares()).toEqual({});
  });

  it('settles positions opened against the simulated market: cash for an SPX-like index, shares for SPY', async () => {
    const market = createSimMarket({
      seed: 4, start: fromExchangeTime('2026-01-14', 570), weeklyDays: 7, monthlyDays: 0, strikeRangePct: 0.05,
      underlyings: [{ symbol: 'SPY', price: 450 }, { symbol: 'SPX', price: 4500, settlement: 'cash', strikeStep: 5 }],
    });
    const broker = createPaperBroker();
    let t = (await market.next())!;
    broker.observe(t);
    const pick = (sym: string, strike: number) => t.quotes.find((q) => q.contract.underlying === sym && q.contract.expiry === '2026-01-16' && q.contract.right === 'put' && q.contract.strike === strike)!.contract;
    const spyPut = pick('SPY', 470);
    const spxPut = pick('SPX', 4700);
    await broker.place(order('spy', [leg(spyPut, 'buy')], null));
    await broker.place(order('spx', [leg(spxPut, 'buy')], null));
    const events: BrokerEvent[] = [];
    let lastBeforeClose: MarketTick = t;
    while ((t = (await market.next())!) && exchangeTime(t.time).date <= '2026-01-16') {
      broker.observe(t);
      events.push(...broker.drainEvents());
      lastBeforeClose = t;
    }
    broker.observe(t);
    events.push(...broker.drainEvents());
    expect(events.filter((e) => e.type === 'fill')).toHaveLength(2);
    const spyClose = lastBeforeClose.underlyings.find((u) => u.symbol === 'SPY')!.price;
    const spxClose = lastBeforeClose.underlyings.find((u) => u.symbol === 'SPX')!.price;
    expect(settlements(events)).toEqual([
      { type: 'settlement', key: 'SPY:2026-01-16:P:470', quantity: 1, outcome: 'exercised', amount: 470 * 100 * 100, shares: -100, time: t.time },
      { type: 'settlement', key: 'SPX:2026-01-16:P:4700', quantity: 1, outcome: 'cash-settled', amount: Math.round((4700 - spxClose) * 100 * 100), time: t.time },
    ]);
    expect(spyClose).toBeLessThan(470);
    expect(broker.shares()).toEqual({ SPY: -100 });
    expect(await broker.positions()).toEqual([]);
    expect((await market.chain('SPX')).expiries.map((e) => e.expiry)).not.toContain('2026-01-16');
  });
});
