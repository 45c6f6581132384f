/**
 * Ratio legs on IB: a 1-2-1 butterfly goes out as one BAG combo whose legs carry the catalogue's ratios, and its
 * per-leg executions are grouped into combo units only once the body has filled twice as many contracts as each wing.
 */
import { describe, expect, it } from 'vitest';
import { buildOrder } from '../../../adapters/ib/index.ts';
import { OrderFills, netPrice } from '../../../adapters/ib/fills.ts';
import { contractKey, type OptionContract, type OrderRequest } from '../../../engine/domain/index.ts';
import { STRUCTURES } from '../../../engine/catalogue/index.ts';

const call = (strike: number): OptionContract => ({ underlying: 'SPY', root: 'SPY', expiry: '2026-02-20', right: 'call', strike, multiplier: 100, settlement: 'physical' });
const strikes = [445, 450, 455];
const fly = STRUCTURES['long-call-butterfly'];
const request = (over: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: 'spy-fly-1-o1', positionId: 'spy-fly-1', purpose: 'open', quantity: 3, style: 'limit', limitPrice: 1.25,
  timeInForce: 'day', configVersion: 'v1',
  legs: fly.legs.map((l, i) => ({ contract: call(strikes[i]), side: l.side, ratio: l.ratio })),
  ...over,
});

describe('a ratio combo on IB', () => {
  it('sends a butterfly as one BUY combo with leg ratios 1/2/1 and the unit count as its quantity', () => {
    const built = buildOrder(request(), [11, 12, 13]);
    expect(built.contract.secType).toBe('BAG');
    expect(built.contract.comboLegs?.map((l) => [l.conId, l.ratio, l.action])).toEqual([[11, 1, 'BUY'], [12, 2, 'SELL'], [13, 1, 'BUY']]);
    expect([built.order.action, built.order.totalQuantity, built.order.lmtPrice]).toEqual(['BUY', 3, 1.25]);
    expect(built.legs).toEqual([{ conId: 11, ratio: 1 }, { conId: 12, ratio: 2 }, { conId: 13, ratio: 1 }]);
  });

  it('refuses a leg ratio that is not a positive whole number', () => {
    const legs = request().legs.map((l, i) => (i === 1 ? { ...l, ratio: 1.5 } : l));
    expect(() => buildOrder(request({ legs }), [11, 12, 13])).toThrow(/ratio/);
    expect(() => buildOrder(request({ legs: [{ ...legs[1], ratio: 0 }] }), [12])).toThrow(/ratio/);
  });

  it('groups leg executions into whole butterflies: a unit needs two body contracts per wing contract', () => {
    const fills = new OrderFills(buildOrder(request(), [11, 12, 13]).legs);
    const exec = (execId: string, conId: number, shares: number, price: number) =>
      fills.add({ execId, conId, key: contractKey(call(strikes[conId - 11])), side: conId === 12 ? 'sell' : 'buy', shares, price });
    exec('e1', 11, 1, 7.1);
    exec('e2', 13, 1, 1.4);
    exec('e3', 12, 1, 3.9);
    expect(fills.peek()).toBeNull(); // one body contract is half a unit
    exec('e4', 12, 1, 3.9);
    const group = fills.peek()!;
    expect(group.units).toBe(1);
    expect(netPrice(group.execs, group.units)).toBeCloseTo(7.1 + 1.4 - 2 * 3.9, 9);
    fills.take(group);
    exec('e5', 11, 2, 7.1);
    exec('e6', 12, 3, 3.9);
    exec('e7', 13, 2, 1.4);
    expect(fills.peek()?.units).toBe(1); // body 5 of 6: two wings filled, but only 2 whole units so far
    exec('e8', 12, 1, 3.9);
    expect(fills.peek()?.units).toBe(2);
  });
});
