import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { factNames } from '../../engine/catalogue/index.ts';
import { computeEntryFacts, computeFacts, type FactsInput } from '../../engine/facts/index.ts';
import { openStore, type LegRow, type Store } from '../../engine/store/index.ts';
import { contract, leg, position, quote } from '../store/fixtures.ts';

const NOW = Date.parse('2026-03-16T15:00:00Z'); // 11:00 New York, 2026-03-16
const EXP = '2026-04-17';
const spy = {
  p440: contract('SPY', EXP, 'put', 440), p435: contract('SPY', EXP, 'put', 435),
  c460: contract('SPY', EXP, 'call', 460), c465: contract('SPY', EXP, 'call', 465),
  c450: contract('SPY', EXP, 'call', 450), p450: contract('SPY', EXP, 'put', 450),
  near450: contract('SPY', '2026-03-20', 'call', 450),
};
const qqq = { c500: contract('QQQ', EXP, 'call', 500), c510: contract('QQQ', EXP, 'call', 510) };

const g = (delta: number, gamma: number, thetaPerDay: number, vegaPerPoint: number, iv: number) => ({ delta, gamma, thetaPerDay, vegaPerPoint, iv });
const QUOTES = [
  quote(spy.p440, 0.55, 0.65, g(-0.15, 0.01, -0.05, 0.2, 0.18)),
  quote(spy.p435, 0.25, 0.35, g(-0.1, 0.008, -0.03, 0.15, 0.2)),
  quote(spy.c460, 0.75, 0.85, g(0.2, 0.012, -0.06, 0.22, 0.16)),
  quote(spy.c465, 0.35, 0.45, g(0.12, 0.009, -0.04, 0.17, 0.15)),
  quote(spy.c450, 5, 5.2, { iv: 0.17 }),
  quote(spy.p450, 4.8, 5, { iv: 0.19 }),
  quote(spy.near450, 2, 2.2, { iv: 0.3 }),
  quote(qqq.c500, 8.9, 9.1, g(0.6, 0.02, -0.1, 0.3, 0.25)),
  quote(qqq.c510, 3.9, 4.1, g(0.35, 0.02, -0.08, 0.28, 0.24)),
];
const MARKET = {
  time: NOW,
  underlyings: [{ symbol: 'SPY', price: 450, prevClose: 448 }, { symbol: 'QQQ', price: 505, prevClose: 500 }],
  vix: { level: 20, prevClose: 16 },
  quotes: QUOTES,
};
const INPUT: FactsInput = {
  now: NOW, tradingState: 'ACTIVE', startingEquityCents: 10_000_000, prevCloseEquityCents: 10_000_000,
  equityPeakCents: 10_100_000, consecutiveLosses: 2,
};

let store: Store;
beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

async function seed(legsOverride?: { positionId: string; legs: LegRow[] }[]): Promise<void> {
  await store.beginTick();
  await store.commitTick({
    seq: 1, time: NOW - 60_000, configVersion: 'v1',
    positions: [
      // put credit spread: 2 × 440/435 for 1.00 credit; 4 contracts × $0.65 commission
      position('p1', { strategy: 'spy-put-spread', creditCents: 20_000, maxProfitCents: 20_000, maxLossCents: 80_000, cashFlowCents: 19_740, commissionCents: 260, ivAtEntry: 0.2, peakPnlPct: 0.75, contracts: 2 }),
      // iron condor 440/435 – 460/465 for 2.00, rolled once from p0 (opened 2026-02-20)
      position('p2', { strategy: 'spy-ic', structure: 'iron-condor', creditCents: 20_000, maxProfitCents: 20_000, maxLossCents: 30_000, cashFlowCents: 19_740, ivAtEntry: 0.17, rootId: 'p0', parentId: 'p0', rollCount: 1 }),
      position('p0', { strategy: 'spy-ic', structure: 'iron-condor', state: 'closed', openedAt: Date.parse('2026-02-20T16:00:00Z'), closedAt: NOW - 86_400_000, cashFlowCents: -5_000, realizedPnlCents: -5_000, outcome: 'rolled' }),
      // long call vertical 500/510 for a 4.00 debit
      position('p3', { strategy: 'qqq-call-vertical', structure: 'long-call-vertical', underlying: 'QQQ', creditCents: -40_000, maxProfitCents: 60_000, maxLossCents: 40_000, cashFlowCents: -40_130, ivAtEntry: 0.3 }),
    ],
    legs: legsOverride ?? [
      { positionId: 'p1', legs: [leg('p1', spy.p440, -2), leg('p1', spy.p435, 2)] },
      { positionId: 'p2', legs: [leg('p2', spy.p440, -1), leg('p2', spy.p435, 1), leg('p2', spy.c460, -1), leg('p2', spy.c465, 1)] },
      { positionId: 'p3', legs: [leg('p3', qqq.c500, 1), leg('p3', qqq.c510, -1)] },
    ],
  });
  await store.beginTick();
  await store.ingestMarket(MARKET);
}

describe('position facts', () => {
  it('computes a put credit spread by hand: P&L in dollars, percentages as fractions, greeks × multiplier', async () => {
    await seed();
    const f = (await computeFacts(store, INPUT)).positions.get('p1')!;
    // mark = (−2 × 0.60 + 2 × 0.30) × 100 × 100 = −6,000¢; pnl = 19,740 − 6,000 = 13,740¢
    expect(f.pnl).toBe(137.4);
    expect(f.pnlPct).toBeCloseTo(0.687, 12);
    expect(f.peakPnlPct).toBe(0.75);
    expect(f.drawdownFromPeakPct).toBeCloseTo(0.063, 12);
    expect(f).toMatchObject({ lossMultipleOfCredit: 0, credit: 200, debit: 0, maxProfit: 200, maxLoss: 800, dte: 32, daysInTrade: 14, contracts: 2, rollCount: 0, positionsInUnderlying: 2, isCredit: true, itm: false, underlyingPrice: 450, strategy: 'spy-put-spread', structure: 'put-credit-spread', ivAtEntry: 0.2 });
    expect(f.delta).toBeCloseTo(10, 9); // −2×−0.15×100 + 2×−0.10×100
    expect(f.gamma).toBeCloseTo(-0.4, 9);
    expect(f.theta).toBeCloseTo(4, 9); // dollars per day
    expect(f.vega).toBeCloseTo(-10, 9); // dollars per vol point
    expect(f.shortStrikeDelta).toBeCloseTo(0.15, 12);
    expect(f.underlyingDistanceToShortStrikePct).toBeCloseTo(10 / 450, 12);
    expect(f.iv).toBeCloseTo(0.18, 12);
    expect(f.ivChangePct).toBeCloseTo(-0.1, 12);
  });

  it('computes an iron condor of a roll chain, counting days from the first position of the chain', async () => {
    await seed();
    const snap = await computeFacts(store, INPUT);
    const f = snap.positions.get('p2')!;
    expect(f.pnl).toBe(127.4); // 19,740 + (−0.60 + 0.30 − 0.80 + 0.40) × 10,000
    expect(f.pnlPct).toBeCloseTo(0.637, 12);
    expect(f.peakPnlPct).toBeCloseTo(0.637, 12);
    expect(f.drawdownFromPeakPct).toBe(0);
    expect(f).toMatchObject({ daysInTrade: 24, rollCount: 1, dte: 32, maxLoss: 300, contracts: 1, itm: false });
    expect(f.delta).toBeCloseTo(-3, 9);
    expect(f.gamma).toBeCloseTo(-0.5, 9);
    expect(f.theta).toBeCloseTo(4, 9);
    expect(f.vega).toBeCloseTo(-10, 9);
    expect(f.shortStrikeDelta).toBeCloseTo(0.2, 12);
    expect(f.iv).toBeCloseTo(0.17, 12);
    expect(f.ivChangePct).toBeCloseTo(0, 12);
    expect(snap.peaks.map((p) => p.positionId).sort()).toEqual(['p2', 'p3']);
  });

  it('computes a long call vertical against the debit paid', async () => {
    await seed();
    const f = (await computeFacts(store, INPUT)).positions.get('p3')!;
    expect(f.pnl).toBe(98.7); // −40,130 + (9.00 − 4.00) × 10,000
    expect(f.pnlPct).toBeCloseTo(9_870 / 40_000, 12);
    expect(f).toMatchObject({ isCredit: false, credit: 0, debit: 400, maxProfit: 600, lossMultipleOfCredit: 0, positionsInUnderlying: 1, underlyingPrice: 505 });
    expect(f.delta).toBeCloseTo(25, 9);
    expect(f.gamma).toBeCloseTo(0, 9);
    expect(f.theta).toBeCloseTo(-2, 9);
    expect(f.shortStrikeDelta).toBeCloseTo(0.35, 12);
    expect(f.underlyingDistanceToShortStrikePct).toBeCloseTo(5 / 505, 12);
    expect(f.ivChangePct).toBeCloseTo(0.24 / 0.3 - 1, 12);
  });

  it('reports a losing short put in the money as a multiple of its credit', async () => {
    await seed();
    await store.ingestMarket({ ...MARKET, underlyings: [{ symbol: 'SPY', price: 438 }], quotes: [quote(spy.p440, 2.9, 3.1, g(-0.55, 0.03, -0.1, 0.3, 0.3)), quote(spy.p435, 1.1, 1.3, g(-0.35, 0.02, -0.08, 0.25, 0.31))] });
    const f = (await computeFacts(store, INPUT)).positions.get('p1')!;
    // mark = (−2 × 3.00 + 2 × 1.20) × 10,000 = −36,000¢; pnl = −16,260¢ = 0.813 × credit
    expect(f.pnl).toBe(-162.6);
    expect(f.lossMultipleOfCredit).toBeCloseTo(0.813, 12);
    expect(f.itm).toBe(true);
    expect(f.underlyingDistanceToShortStrikePct).toBeCloseTo(-2 / 438, 12);
  });

  it('leaves P&L and greeks null and flags the position when a leg has no quote, without failing the others', async () => {
    const iwm = contract('IWM', EXP, 'put', 200);
    await seed([
      { positionId: 'p1', legs: [leg('p1', spy.p440, -2), leg('p1', iwm, 2)] },
      { positionId: 'p3', legs: [leg('p3', qqq.c500, 1), leg('p3', qqq.c510, -1)] },
    ]);
    const snap = await computeFacts(store, INPUT);
    expect(snap.positions.get('p1')).toMatchObject({ pnl: null, pnlPct: null, delta: null, lossMultipleOfCredit: null, peakPnlPct: 0.75 });
    expect(snap.unquoted.get('p1')).toEqual(['IWM:2026-04-17:P:200']);
    expect(snap.complete).toBe(false);
    expect(snap.positions.get('p3')?.pnl).toBe(98.7);
    expect(snap.positions.get('p2')).toMatchObject({ pnl: 197.4, dte: null, delta: 0, shortStrikeDelta: 0, itm: false });
  });

  it('produces exactly the position and portfolio facts of the catalogue', async () => {
    await seed();
    const snap = await computeFacts(store, INPUT);
    expect(Object.keys(snap.positions.get('p1')!).sort()).toEqual(factNames(['position']).sort());
    expect(Object.keys(snap.portfolio).sort()).toEqual(factNames(['portfolio']).sort());
  });

  it('runs one query per tick whatever the number of positions', async () => {
    await seed();
    const before = store.db.statements;
    await computeFacts(store, INPUT);
    expect(store.db.statements - before).toBe(1);
  });
});

describe('portfolio facts', () => {
  it('marks equity as cash plus positions at mid, with drawdown from the running peak', async () => {
    await seed();
    const snap = await computeFacts(store, INPUT);
    // cash = 10,000,000 − 5,000 (closed p0) + 19,740 + 19,740 − 40,130; marks = −6,000 − 7,000 + 50,000
    expect(snap.cashCents).toBe(9_994_350);
    expect(snap.equityCents).toBe(10_031_350);
    expect(snap.equityPeakCents).toBe(10_100_000);
    const p = snap.portfolio;
    expect(p.equity).toBe(100_313.5);
    expect(p.dailyPnlPct).toBeCloseTo(0.003135, 12);
    expect(p.drawdownPct).toBeCloseTo(10_031_350 / 10_100_000 - 1, 12);
    expect(p).toMatchObject({ openPositions: 3, positionsPerUnderlying: 2, consecutiveLosses: 2, vix: 20, tradingState: 'ACTIVE' });
    expect(p.vixChangePct).toBeCloseTo(0.25, 12);
    expect(p.netDelta).toBeCloseTo(32, 9);
    expect(p.netGamma).toBeCloseTo(-0.9, 9);
    expect(p.netTheta).toBeCloseTo(6, 9);
    expect(p.netVega).toBeCloseTo(-18, 9);
  });

  it('uses a broker-reported cash balance when given, and works with nothing open', async () => {
    await store.beginTick();
    await store.ingestMarket({ time: NOW, underlyings: [], quotes: [] });
    const snap = await computeFacts(store, { ...INPUT, cashCents: 5_000_000, equityPeakCents: null, prevCloseEquityCents: null });
    expect(snap.positions.size).toBe(0);
    expect(snap.portfolio).toMatchObject({ equity: 50_000, dailyPnlPct: 0, drawdownPct: 0, openPositions: 0, positionsPerUnderlying: 0, netDelta: 0, vix: null, vixChangePct: null });
  });
});

describe('entry facts', () => {
  it('reads open count, underlying change and at-the-money IV at the expiry nearest the target', async () => {
    await seed();
    const facts = await computeEntryFacts(store, [
      { strategy: 'spy-ic', underlying: 'SPY', targetDte: 30 },
      { strategy: 'iwm-new', underlying: 'IWM', targetDte: 30 },
    ], NOW);
    const spyIc = facts.get('spy-ic')!;
    expect(spyIc).toMatchObject({ strategyOpenPositions: 1, underlyingLast: 450 });
    expect(spyIc.underlyingChangePct).toBeCloseTo(450 / 448 - 1, 12);
    expect(spyIc.atmIv).toBeCloseTo(0.18, 12); // mean of the 450 call (0.17) and put (0.19) on 2026-04-17
    expect(facts.get('iwm-new')).toEqual({ strategyOpenPositions: 0, underlyingLast: null, underlyingChangePct: null, atmIv: null });
  });
});
