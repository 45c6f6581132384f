import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeFacts, computeFactsInMemory, MarketMemory, type FactRecord, type FactsInput } from '../../engine/facts/index.ts';
import { openStore, type LegRow, type PositionRow, type Store } from '../../engine/store/index.ts';
import type { MarketTick, OptionQuote } from '../../engine/domain/index.ts';
import { contract, leg, position, quote } from '../store/fixtures.ts';

const NOW = Date.parse('2026-03-16T15:00:00Z');
const EXP = '2026-04-17';
const INPUT: FactsInput = { now: NOW, tradingState: 'ACTIVE', startingEquityCents: 10_000_000, consecutiveLosses: 0 };
const k = {
  p435: contract('SPY', EXP, 'put', 435), p440: contract('SPY', EXP, 'put', 440),
  c460: contract('SPY', EXP, 'call', 460), c465: contract('SPY', EXP, 'call', 465),
  c445: contract('SPY', EXP, 'call', 445), c450: contract('SPY', EXP, 'call', 450), c455: contract('SPY', EXP, 'call', 455),
};
/** A quote with the given mid (bid and ask 0.05 either side). */
const at = (c: typeof k.p440, mid: number, greeks: Partial<OptionQuote> = {}) => quote(c, mid - 0.05, mid + 0.05, greeks);

let store: Store;
beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

/** The position's facts from the reference query and from memory, after checking both agree. */
async function factsOf(row: PositionRow, legs: LegRow[], tick: MarketTick): Promise<FactRecord> {
  await store.beginTick();
  await store.commitTick({ seq: 1, time: NOW - 60_000, configVersion: 'v1', positions: [row], legs: [{ positionId: row.id, legs }] });
  await store.beginTick();
  await store.ingestMarket(tick);
  const ref = (await computeFacts(store, INPUT)).positions.get(row.id)!;
  await store.rollbackTick();
  const market = new MarketMemory();
  market.ingest(tick);
  const mem = computeFactsInMemory({ ...INPUT, positions: [{ row, legs }], market, closedCashFlowCents: 0 }).positions.get(row.id)!;
  for (const [name, value] of Object.entries(ref)) {
    if (typeof value === 'number') expect(mem[name], name).toBeCloseTo(value, 9);
    else expect(mem[name], name).toEqual(value);
  }
  return ref;
}

// Two iron condors 435/440 – 460/465 for a 2.00 credit, with SPY at 462: the short 460 call is 2.00 in the money.
const condor = position('ic', { strategy: 'spy-ic', structure: 'iron-condor', creditCents: 40_000, maxProfitCents: 40_000, maxLossCents: 60_000, cashFlowCents: 40_000, contracts: 2 });
const condorLegs = [leg('ic', k.p440, -2), leg('ic', k.p435, 2), leg('ic', k.c460, -2), leg('ic', k.c465, 2)];
const condorTick = (quotes: OptionQuote[], price: number | null = 462): MarketTick =>
  ({ time: NOW, underlyings: price === null ? [] : [{ symbol: 'SPY', price, prevClose: 450 }], quotes });
const CONDOR_QUOTES = [at(k.p440, 0.1), at(k.p435, 0.05), at(k.c460, 3.1), at(k.c465, 1)];

describe('extrinsicValue', () => {
  it('is the time value left in an iron condor: + for the short legs, − for the long ones, intrinsic value taken off', async () => {
    const f = await factsOf(condor, condorLegs, condorTick(CONDOR_QUOTES));
    // per share: short 440 put 0.10 + short 460 call (3.10 − 2.00 intrinsic) − long 435 put 0.05 − long 465 call 1.00 = 0.15
    // × 100 shares × 2 condors = $30
    expect(f.extrinsicValue).toBe(30);
    expect((f.extrinsicValue as number) / (f.credit as number)).toBeCloseTo(0.075, 12);
    expect(f.pnl).toBe(-30); // 400 − 2 × 100 × (0.10 − 0.05 + 3.10 − 1.00): the mark counts the intrinsic value too
  });

  it('is null when a leg has no usable mark, as pnl is', async () => {
    const f = await factsOf(condor, condorLegs, condorTick(CONDOR_QUOTES.slice(0, 3)));
    expect(f).toMatchObject({ extrinsicValue: null, pnl: null });
  });

  it('is null while the underlying price is unknown (no intrinsic value to take off)', async () => {
    const f = await factsOf(condor, condorLegs, condorTick(CONDOR_QUOTES, null));
    expect(f.extrinsicValue).toBeNull();
    expect(f.pnl).not.toBeNull();
  });

  it('is 0 for an entry with no legs yet, as its mark is', async () => {
    const f = await factsOf(position('e', { state: 'entry', contracts: 3 }), [], condorTick(CONDOR_QUOTES));
    expect(f).toMatchObject({ extrinsicValue: 0, pnl: 0, contracts: 3 });
  });
});

describe('legs with their own ratios (a 1-2-1 butterfly)', () => {
  // Three 445/450/455 call butterflies: +3, −6, +3, with SPY at 452, for a 2.50 debit.
  const fly = position('fly', { strategy: 'spy-fly', structure: 'butterfly', creditCents: -75_000, maxProfitCents: 75_000, maxLossCents: 75_000, cashFlowCents: -75_000, contracts: 3 });
  const flyLegs = [leg('fly', k.c445, 3), leg('fly', k.c450, -6), leg('fly', k.c455, 3)];
  const tick: MarketTick = {
    time: NOW, underlyings: [{ symbol: 'SPY', price: 452, prevClose: 450 }],
    quotes: [
      at(k.c445, 8, { delta: 0.7, gamma: 0.02, thetaPerDay: -0.05, vegaPerPoint: 0.2, iv: 0.2 }),
      at(k.c450, 4.5, { delta: 0.5, gamma: 0.03, thetaPerDay: -0.08, vegaPerPoint: 0.3, iv: 0.18 }),
      at(k.c455, 2, { delta: 0.4, gamma: 0.02, thetaPerDay: -0.06, vegaPerPoint: 0.25, iv: 0.17 }),
    ],
  };

  it('counts each leg with its own quantity in the mark, the greeks and the extrinsic value', async () => {
    const f = await factsOf(fly, flyLegs, tick);
    // mark = (3 × 8.00 − 6 × 4.50 + 3 × 2.00) × 100 = $300; pnl = −750 + 300
    expect(f.pnl).toBe(-450);
    expect(f.delta).toBeCloseTo((3 * 0.7 - 6 * 0.5 + 3 * 0.4) * 100, 9); // 30
    expect(f.gamma).toBeCloseTo((3 * 0.02 - 6 * 0.03 + 3 * 0.02) * 100, 9); // −6
    expect(f.theta).toBeCloseTo((3 * -0.05 - 6 * -0.08 + 3 * -0.06) * 100, 9); // 15
    expect(f.vega).toBeCloseTo((3 * 0.2 - 6 * 0.3 + 3 * 0.25) * 100, 9); // −45
    // extrinsic per share: body 6 × (4.50 − 2.00) − wings 3 × (8.00 − 7.00) − 3 × 2.00 = 6.00; × 100
    expect(f.extrinsicValue).toBe(600);
    expect(f.shortStrikeDelta).toBeCloseTo(0.5, 12);
    expect(f.iv).toBeCloseTo(0.18, 12); // the short legs' (the body's) IV
  });

  it('gives contracts as the smallest per-leg quantity (the wings), not the body', async () => {
    const f = await factsOf(fly, flyLegs, tick);
    expect(f.contracts).toBe(3);
  });
});
