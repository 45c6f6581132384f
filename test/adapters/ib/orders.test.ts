import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerEvent } from '../../../engine/domain/index.ts';
import { checkComboRules } from '../../../adapters/ib/index.ts';
import { eventsUntil, ironCondor, setup, spy, until } from './helpers.ts';

type Ctx = Awaited<ReturnType<typeof setup>>;
let ctx: Ctx | null = null;
afterEach(async () => {
  await ctx?.broker.close();
  await ctx?.fake.close();
  ctx = null;
});

const fills = (es: BrokerEvent[]) => es.filter((e): e is Extract<BrokerEvent, { type: 'fill' }> => e.type === 'fill');

describe('IB broker against the fake TWS', () => {
  it('connects through the real handshake, reconciles, and becomes ready to trade', async () => {
    ctx = await setup();
    await ctx.broker.connect();
    expect(ctx.broker.ready()).toBe(true);
    expect(ctx.fake.connectedClientIds()).toEqual([7]);
    const events = ctx.broker.drainEvents();
    expect(events.some((e) => e.type === 'connection' && e.status === 'connected')).toBe(true);
    expect(ctx.broker.lastReconcile()).toMatchObject({ adopted: [], unknownOrders: [], missingAtBroker: [] });
  });

  it('sends an iron condor as one BUY combo with a negative net limit and reports Submitted → Filled as one fill with four legs and commissions', async () => {
    ctx = await setup();
    await ctx.broker.connect();
    ctx.fake.fillMode({ mode: 'immediate' });
    await ctx.broker.place(ironCondor(ctx.fake, 'ic-1', 2, -1.2));
    const events = await eventsUntil(ctx.broker, (es) => fills(es).length === 1, 'the fill');
    const placed = ctx.fake.engine.placed[0]!;
    expect(placed).toMatchObject({ secType: 'BAG', action: 'BUY', totalQuantity: 2, lmtPrice: -1.2, orderRef: 'ic-1', orderType: 'LMT' });
    expect(placed.legs.map((l) => l.action)).toEqual(['BUY', 'SELL', 'SELL', 'BUY']);
    expect(placed.legPrices).toEqual([]);
    expect(placed.smartComboRoutingParams).toEqual([]);
    expect(events.filter((e) => e.type === 'accepted')).toHaveLength(1);
    const [fill] = fills(events);
    expect(fill).toMatchObject({ clientOrderId: 'ic-1', quantity: 2, netPrice: -1.2, filledTotal: 2, remaining: 0, commission: 520 });
    expect(fill!.legs).toHaveLength(4);
    expect(fill!.legs.map((l) => [l.side, l.quantity])).toEqual([['buy', 2], ['sell', 2], ['sell', 2], ['buy', 2]]);
    expect(fill!.legs[1]!.key).toMatch(/^SPY:\d{4}-\d\d-\d\d:P:560$/);
  });

  it('reports a partial fill, then the rest, each once, with running totals', async () => {
    ctx = await setup();
    await ctx.broker.connect();
    ctx.fake.fillMode({ mode: 'partial', units: 1 });
    await ctx.broker.place(ironCondor(ctx.fake, 'ic-p', 3));
    const events = await eventsUntil(ctx.broker, (es) => fills(es).length === 1, 'the partial fill');
    expect(fills(events)[0]).toMatchObject({ quantity: 1, filledTotal: 1, remaining: 2 });
    ctx.fake.fill('ic-p');
    await eventsUntil(ctx.broker, (es) => fills(es).length === 2, 'the second fill', events);
    expect(fills(events)[1]).toMatchObject({ quantity: 2, filledTotal: 3, remaining: 0 });
    expect(new Set(fills(events).map((f) => f.fillId)).size).toBe(2);
  });

  it('turns error 201 into one rejected event and ignores the Cancelled status that follows', async () => {
    ctx = await setup();
    await ctx.broker.connect();
    ctx.fake.fillMode({ mode: 'reject', reason: 'insufficient margin' });
    await ctx.broker.place(ironCondor(ctx.fake, 'ic-r'));
    const events = await eventsUntil(ctx.broker, (es) => es.some((e) => e.type === 'rejected'), 'the rejection');
    await new Promise((r) => setTimeout(r, 100));
    events.push(...ctx.broker.drainEvents());
    const rejected = events.filter((e) => e.type === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ clientOrderId: 'ic-r', code: 'IB_201' });
    expect((rejected[0] as { reason: string }).reason).toContain('insufficient margin');
    expect(events.filter((e) => e.type === 'cancelled')).toHaveLength(0);
  });

  it('handles repeated orderStatus idempotently: one accepted, one fill, one cancelled', async () => {
    ctx = await setup();
    await ctx.broker.connect();
    ctx.fake.repeatStatus(3);
    ctx.fake.fillMode({ mode: 'partial', units: 1 });
    await ctx.broker.place(ironCondor(ctx.fake, 'ic-rep', 2));
    const events = await eventsUntil(ctx.broker, (es) => fills(es).length === 1, 'the fill');
    await ctx.broker.cancel('ic-rep');
    await eventsUntil(ctx.broker, (es) => es.some((e) => e.type === 'cancelled'), 'the cancel', events);
    await new Promise((r) => setTimeout(r, 100));
    events.push(...ctx.broker.drainEvents());
    expect(events.filter((e) => e.type === 'accepted')).toHaveLength(1);
    expect(fills(events)).toHaveLength(1);
    expect(events.filter((e) => e.type === 'cancelled')).toHaveLength(1);
  });

  it('refuses to place before reconciliation and while disconnected, with coded errors', async () => {
    ctx = await setup();
    await expect(ctx.broker.place(ironCondor(ctx.fake, 'early'))).rejects.toMatchObject({ code: 'TW_IB_NOT_CONNECTED' });
    await ctx.broker.connect();
    ctx.fake.setAccepting(false);
    ctx.fake.dropConnection();
    await until(() => !ctx!.conn.isUp(), 'the disconnect');
    await expect(ctx.broker.place(ironCondor(ctx.fake, 'down'))).rejects.toMatchObject({ code: 'TW_IB_NOT_CONNECTED' });
    expect(ctx.fake.placeOrderCount('down')).toBe(0);
  });

  it('modifies a working combo in place on replace: same IB order id, new limit, no second accepted event', async () => {
    ctx = await setup();
    await ctx.broker.connect();
    await ctx.broker.place(ironCondor(ctx.fake, 'ic-m', 1, -1.2));
    const events = await eventsUntil(ctx.broker, (es) => es.some((e) => e.type === 'accepted'), 'accepted');
    const orderId = ctx.fake.order('ic-m').orderId;
    await ctx.broker.replace('ic-m', { limitPrice: -1.05, style: 'limit' });
    await until(() => ctx!.fake.order('ic-m').lmtPrice === -1.05, 'the modification');
    expect(ctx.fake.engine.placed.filter((p) => p.orderRef === 'ic-m').map((p) => p.orderId)).toEqual([orderId, orderId]);
    ctx.fake.fill('ic-m');
    await eventsUntil(ctx.broker, (es) => fills(es).length === 1, 'the fill', events);
    expect(fills(events)[0]!.netPrice).toBe(-1.05);
    expect(events.filter((e) => e.type === 'accepted')).toHaveLength(1);
  });

  it('sends a single leg as a plain option order: selling a put for a credit is a SELL at a positive limit', async () => {
    ctx = await setup();
    await ctx.broker.connect();
    ctx.fake.fillMode({ mode: 'working' });
    const { leg } = spy(ctx.fake);
    await ctx.broker.place({ clientOrderId: 'sp-1', positionId: 'p', purpose: 'open', quantity: 2, style: 'limit', limitPrice: -0.85, timeInForce: 'gtc',
      configVersion: 't', legs: [{ contract: leg('put', 550), side: 'sell', ratio: 1 }] });
    await until(() => ctx!.fake.engine.placed.length === 1, 'the order');
    expect(ctx.fake.engine.placed[0]).toMatchObject({ secType: 'OPT', action: 'SELL', totalQuantity: 2, lmtPrice: 0.85, tif: 'GTC', orderRef: 'sp-1' });
    const open = await ctx.broker.openOrders();
    expect(open).toEqual([{ clientOrderId: 'sp-1', brokerOrderId: String(ctx.fake.order('sp-1').orderId), status: 'accepted', filled: 0, remaining: 2, limitPrice: -0.85 }]);
  });

  it('refuses combos that break IB\'s per-leg price rules before anything is sent', () => {
    const contract = { symbol: 'SPY', secType: 'BAG', comboLegs: [1, 2, 3, 4].map((conId) => ({ conId, ratio: 1, action: 'BUY', exchange: 'SMART' })) } as never;
    const nonGuaranteed = { action: 'BUY', smartComboRoutingParams: [{ tag: 'NonGuaranteed', value: '1' }] } as never;
    expect(() => checkComboRules('x', { contract, order: nonGuaranteed })).toThrow(expect.objectContaining({ code: 'TW_IB_COMBO_RULE' }));
    const legPrices = { action: 'BUY', orderComboLegs: [{ price: 1 }, { price: 1 }, { price: 1 }, { price: 1 }] } as never;
    expect(() => checkComboRules('x', { contract, order: legPrices })).toThrow(expect.objectContaining({ code: 'TW_IB_COMBO_RULE' }));
    expect(() => checkComboRules('x', { contract, order: { action: 'BUY' } as never })).not.toThrow();
  });

  it('reports a fill without its commission once the grace period passes when IB sends no commission reports', async () => {
    ctx = await setup();
    await ctx.broker.connect();
    ctx.fake.engine.sendCommissions = false;
    ctx.fake.fillMode({ mode: 'immediate' });
    await ctx.broker.place(ironCondor(ctx.fake, 'ic-nc', 1));
    const events = await eventsUntil(ctx.broker, (es) => fills(es).length === 1, 'the fill after the grace period');
    expect(fills(events)[0]).toMatchObject({ quantity: 1, commission: 0, remaining: 0 });
  });
});
