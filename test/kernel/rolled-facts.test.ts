/**
 * After a roll at a loss, the facts the stops read measure the new legs against their own credit; the old legs' loss
 * and the roll's cost are in the chain facts. Before, pnl was the chain's and the credit the new legs' (a chain loss
 * over the latest credit), which stopped rolled positions out on the tick the roll filled. Real actor, real book row,
 * real in-memory facts.
 */
import { describe, expect, it } from 'vitest';
import { contractKey, type BrokerEvent, type OptionQuote } from '../../engine/domain/index.ts';
import { openPosition, type PositionActor } from '../../engine/lifecycle/index.ts';
import { legRows, positionRow, type BookEntry } from '../../engine/kernel/book.ts';
import { computeFactsInMemory, MarketMemory } from '../../engine/facts/index.ts';
import { LONG, MARKS, ROLL_LONG, ROLL_SHORT, SHORT, T0, decision, input } from '../lifecycle/fixtures.ts';

let seq = 0;
function fillAt(actor: PositionActor, units: number, prices: Record<string, number>): { type: 'BROKER'; event: BrokerEvent } {
  const o = actor.context().workingOrder!;
  const legs = o.legs.map((l) => ({ key: contractKey(l.contract), side: l.side, quantity: l.ratio * units, price: prices[contractKey(l.contract)] }));
  const net = Math.round(legs.reduce((s, l) => s + (l.side === 'buy' ? l.price : -l.price), 0) * 100) / 100;
  return { type: 'BROKER', event: { type: 'fill', clientOrderId: o.clientOrderId, fillId: `r${++seq}`, quantity: units, netPrice: net, legs, commission: 0, filledTotal: o.filled + units, remaining: o.quantity - o.filled - units, time: T0 } };
}

describe('the facts of a position rolled at a loss', () => {
  it('measure the new legs against their own credit and keep the old loss and the roll cost in chainPnl', () => {
    const { actor } = openPosition(input({ quantity: 2 }), T0, MARKS);
    actor.send(fillAt(actor, 2, { [contractKey(SHORT)]: 2.0, [contractKey(LONG)]: 1.1 })); // credit 0.90 × 2 = 180
    const e: BookEntry = { actor, hold: false, pinnedVersion: null, peakPnlPct: 0.4, dirty: true };
    expect(positionRow(e).peakPnlPct).toBe(0.4); // the old legs reached a 40% peak
    actor.send(decision('roll'));
    actor.send(fillAt(actor, 2, { [contractKey(SHORT)]: 4.0, [contractKey(LONG)]: 1.5 })); // close for 2.50 × 2 = −500
    actor.send(fillAt(actor, 2, { [contractKey(ROLL_SHORT)]: 3.0, [contractKey(ROLL_LONG)]: 1.6 })); // open for 1.40 × 2 = 280
    expect(actor.state()).toBe('managed');
    const market = new MarketMemory();
    const quotes: OptionQuote[] = [ROLL_SHORT, ROLL_LONG].map((c) => ({ key: contractKey(c), contract: c, ...MARKS[contractKey(c)] }));
    market.ingest({ time: T0, underlyings: [{ symbol: 'SPY', price: 455 }], quotes });
    const f = computeFactsInMemory({
      now: T0, tradingState: 'ACTIVE', startingEquityCents: 10_000_000, consecutiveLosses: 0, closedCashFlowCents: 0, market,
      positions: [{ row: positionRow(e), legs: legRows(e) }],
    }).positions.get('p1')!;
    // New legs marked at mid: short 440 at 3.10, long 435 at 1.55 → −1.55 × 2 = −310; opened for 280.
    expect({ pnl: f.pnl, credit: f.credit, maxProfit: f.maxProfit, maxLoss: f.maxLoss, rollCount: f.rollCount }).toEqual({ pnl: -30, credit: 280, maxProfit: 280, maxLoss: 720, rollCount: 1 });
    expect(f.lossMultipleOfCredit as number).toBeCloseTo(30 / 280, 12);
    expect(f.pnlPct as number).toBeCloseTo(-30 / 280, 12);
    expect(f.peakPnlPct as number).toBeCloseTo(-30 / 280, 12); // the old legs' 0.4 peak does not carry over
    // The chain: +180 − 500 + 280 − 310 = −350; credit received 180 + 280.
    expect({ chainPnl: f.chainPnl, chainCredit: f.chainCredit }).toEqual({ chainPnl: -350, chainCredit: 460 });
  });
});
