import { describe, expect, it } from 'vitest';
import { contractKey, type OptionContract } from '../../engine/domain/index.ts';
import { openPosition, priceCap, type ExecutionPolicy, type LegMarks, type PlannedLeg } from '../../engine/lifecycle/index.ts';
import { MARKS, POLICY, T0, decision, input, tick } from './fixtures.ts';

const call = (strike: number): OptionContract => ({ underlying: 'SPY', expiry: '2026-04-17', right: 'call', strike, multiplier: 100, settlement: 'physical' });
const NAKED: PlannedLeg[] = [{ contract: call(470), side: 'sell', ratio: 1 }];
const K_CALL = contractKey(call(470));
/** The short 470 call 3.00/3.40: buying it back costs 3.20 at mid, 3.40 at natural (a 0.40 spread). */
const CALL_MARKS: LegMarks = { ...MARKS, [K_CALL]: { bid: 3.0, ask: 3.4 } };

/** A naked short call, managed: its close has no maximum value, only `maxSlippage` bounds it. */
function nakedCall(execution: Partial<ExecutionPolicy> = {}) {
  const { actor } = openPosition(input({ structure: 'short-call', legs: NAKED, quantity: 1, execution: { ...POLICY, ...execution } }), T0, CALL_MARKS);
  const id = actor.context().workingOrder!.clientOrderId;
  actor.send({ type: 'BROKER', event: { type: 'fill', clientOrderId: id, fillId: 'open', quantity: 1, netPrice: -3.2, legs: [{ key: K_CALL, side: 'sell', quantity: 1, price: 3.2 }], commission: 65, filledTotal: 1, remaining: 0, time: T0 } });
  expect(actor.state()).toBe('managed');
  actor.send(tick(1, CALL_MARKS));
  return actor;
}

const vertical = (short: number, long: number): PlannedLeg[] => [
  { contract: call(short), side: 'buy', ratio: 1 },
  { contract: call(long), side: 'sell', ratio: 1 },
];

describe('the price cap', () => {
  it('caps a close of a 25-wide vertical at 25.00 however far the quotes are, and a sold vertical at 0', () => {
    expect(priceCap(vertical(600, 625), { mid: 31.9, natural: 32.8 }, POLICY)).toBe(25);
    expect(priceCap(vertical(600, 625), null, POLICY)).toBe(25);
    // selling the vertical back (a long call spread closed): it can never cost a debit
    expect(priceCap([{ ...vertical(600, 625)[0], side: 'sell' }, { ...vertical(600, 625)[1], side: 'buy' }], { mid: -20, natural: -19 }, POLICY)).toBe(0);
  });

  it('takes the tighter of the width and maxSlippage for a defined-risk order', () => {
    expect(priceCap(vertical(600, 625), { mid: 10, natural: 10.5 }, { ...POLICY, maxSlippage: 0.75 })).toBe(10.75);
    expect(priceCap(vertical(600, 625), { mid: 24.8, natural: 25.6 }, { ...POLICY, maxSlippage: 1 })).toBe(25);
  });

  it('caps a naked (undefined-risk) order at mid plus maxSlippage, absolute or as a fraction of the spread, one spread by default', () => {
    const prices = { mid: 3.2, natural: 3.4 };
    expect(priceCap(NAKED.map((l) => ({ ...l, side: 'buy' as const })), prices, { ...POLICY, maxSlippage: 0.1 })).toBe(3.3);
    expect(priceCap(NAKED.map((l) => ({ ...l, side: 'buy' as const })), prices, { ...POLICY, maxSlippage: { ofSpread: 0.5 } })).toBe(3.4);
    expect(priceCap(NAKED.map((l) => ({ ...l, side: 'buy' as const })), prices, POLICY)).toBe(3.6);
    expect(priceCap(NAKED.map((l) => ({ ...l, side: 'buy' as const })), null, POLICY)).toBeNull();
  });

  it('sends a marketable close of a naked call as a limit at mid + maxSlippage, alerts that it waits, and re-anchors the cap on new marks', () => {
    const actor = nakedCall({ maxSlippage: 0.1 });
    const r = actor.send(decision('close', { orderStyle: 'marketable' }));
    const place = r.intents.find((i) => i.type === 'place');
    expect(place?.type === 'place' && place.order).toMatchObject({ purpose: 'close', style: 'marketable', limitPrice: 3.3 });
    const waits = r.intents.filter((i) => i.type === 'alert' && /waits at its price cap 3\.30: the market asks 3\.40/.test(i.message));
    expect(waits).toHaveLength(1);
    expect(actor.context().alerts.at(-1)?.message).toMatch(/waits at its price cap/);
    // The market falls: at the next reprice interval the cap follows mid (2.95 + 0.10) and no second alert is raised.
    const moved = actor.send({ type: 'TICK', now: T0 + 31_000, marks: { ...CALL_MARKS, [K_CALL]: { bid: 2.85, ask: 3.05 } } });
    expect(moved.intents).toEqual([{ type: 'replace', clientOrderId: 'p1-o2', limitPrice: 3.05, style: 'marketable' }]);
    expect(actor.context().workingOrder).toMatchObject({ style: 'marketable', limitPrice: 3.05, capAlerted: true });
  });

  it('never reprices a limit past the cap, and the timeout sends the order marketable at the cap', () => {
    const actor = nakedCall({ maxSlippage: 0.05 });
    actor.send(decision('close'));
    const prices = [31, 61, 91].map((s) => actor.send(tick(s, CALL_MARKS)).intents[0]);
    expect(prices.map((i) => i.type === 'replace' && i.limitPrice)).toEqual([3.25, 3.25, 3.25]);
    const r = actor.send(tick(121, CALL_MARKS));
    expect(r.to).toBe('closing.marketable');
    expect(r.intents[0]).toEqual({ type: 'replace', clientOrderId: 'p1-o2', limitPrice: 3.25, style: 'marketable' });
    expect(r.intents.some((i) => i.type === 'alert' && /waits at its price cap 3\.25/.test(i.message))).toBe(true);
  });
});
