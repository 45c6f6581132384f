import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeFacts, type FactsInput } from '../../engine/facts/index.ts';
import { openStore, type Store } from '../../engine/store/index.ts';
import { contract, leg, position, quote } from '../store/fixtures.ts';

const NOW = Date.parse('2026-03-16T15:00:00Z');
const EXP = '2026-04-17';
const p440 = contract('SPY', EXP, 'put', 440);
const p435 = contract('SPY', EXP, 'put', 435);
const market = (time: number) => ({ time, underlyings: [{ symbol: 'SPY', price: 450, prevClose: 448 }], vix: { level: 18, prevClose: 17 }, quotes: [quote(p440, 0.55, 0.65, { delta: -0.15, iv: 0.18 }), quote(p435, 0.25, 0.35, { delta: -0.1, iv: 0.2 })] });
const input = (now: number): FactsInput => ({ now, tradingState: 'ACTIVE', startingEquityCents: 10_000_000, consecutiveLosses: 0 });

let store: Store;
beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

describe('facts across consecutive ticks', () => {
  // Regression: a cached prepared statement for the facts query kept returning the first tick's (empty) result in
  // later transactions, so every position was invisible to the rules and equity never moved.
  it('sees a position written in a later tick, in the same transaction as its facts', async () => {
    await store.beginTick();
    await store.ingestMarket(market(NOW));
    expect((await computeFacts(store, input(NOW))).positions.size).toBe(0);
    await store.commitTick({ seq: 1, time: NOW, configVersion: 'v1' });

    await store.beginTick();
    await store.ingestMarket(market(NOW + 300_000));
    await store.commitTick({
      seq: 2, time: NOW + 300_000, configVersion: 'v1',
      positions: [position('p1', { creditCents: 20_000, maxProfitCents: 20_000, maxLossCents: 80_000, cashFlowCents: 20_000, contracts: 2 })],
      legs: [{ positionId: 'p1', legs: [leg('p1', p440, -2), leg('p1', p435, 2)] }],
    });

    await store.beginTick();
    await store.ingestMarket(market(NOW + 600_000));
    const f = await computeFacts(store, input(NOW + 600_000));
    expect([...f.positions.keys()]).toEqual(['p1']);
    expect(f.positions.get('p1')!.pnl).toBe(140);
    expect(f.equityCents).toBe(10_000_000 + 20_000 - 6_000);
    await store.rollbackTick();
  });
});
