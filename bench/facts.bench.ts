// Facts computation (one set-based query + derivations) for 100 / 1,000 / 10,000 open iron condors, plus the store's
// per-tick market ingest (3,000 quotes) and a commit that persists 10,000 peaks.
import { contractKey, type OptionContract, type OptionQuote } from '../engine/domain/index.ts';
import { computeFacts, type FactsInput } from '../engine/facts/index.ts';
import { openStore, type LegRow, type PositionRow, type Store } from '../engine/store/index.ts';
import { median, type BenchEntry, type Benchmark } from './types.ts';

const NOW = Date.parse('2026-03-16T15:00:00Z');
const EXPIRIES = ['2026-03-20', '2026-03-27', '2026-04-03', '2026-04-17', '2026-05-15', '2026-06-19'];
const STRIKES = Array.from({ length: 250 }, (_, i) => 330 + i); // 6 expiries × 250 strikes × 2 rights = 3,000 quotes
const ROUNDS = 25;

const c = (expiry: string, right: 'call' | 'put', strike: number): OptionContract =>
  ({ underlying: 'SPY', expiry, right, strike, multiplier: 100, settlement: 'physical' });

export function chain(t: number): OptionQuote[] {
  const out: OptionQuote[] = [];
  for (const e of EXPIRIES) for (const k of STRIKES) for (const right of ['call', 'put'] as const) {
    const contract = c(e, right, k);
    const intrinsic = Math.max(0, right === 'call' ? 450 - k : k - 450);
    const mid = intrinsic + 2 + ((k + t) % 7) / 10;
    const delta = right === 'call' ? Math.min(0.99, Math.max(0.01, 0.5 - (k - 450) / 120)) : -Math.min(0.99, Math.max(0.01, 0.5 + (k - 450) / 120));
    out.push({ key: contractKey(contract), contract, bid: mid - 0.05, ask: mid + 0.05, iv: 0.18 + t / 1e4, delta, gamma: 0.01, thetaPerDay: -0.04, vegaPerPoint: 0.2 });
  }
  return out;
}

function condor(i: number): { position: PositionRow; legs: LegRow[] } {
  const id = `ic-${i}`;
  const e = EXPIRIES[i % EXPIRIES.length];
  const w = 5 + (i % 3) * 5;
  const sp = 420 - (i % 20);
  const sc = 480 + (i % 20);
  const ls: [OptionContract, number][] = [[c(e, 'put', sp), -1], [c(e, 'put', sp - w), 1], [c(e, 'call', sc), -1], [c(e, 'call', sc + w), 1]];
  return {
    position: {
      id, strategy: 'spy-ic', structure: 'iron-condor', underlying: 'SPY', state: 'managed', phase: 'managed', openedAt: NOW - 5 * 86_400_000,
      closedAt: null, configVersion: 'v1', pinnedVersion: null, creditCents: 15_000, maxProfitCents: 15_000, maxLossCents: w * 10_000 - 15_000,
      cashFlowCents: 14_740, commissionCents: 260, ivAtEntry: 0.19, peakPnlPct: null, contracts: 1, rootId: id, parentId: null, rollCount: 0,
      cumulativePnlCents: 0, outcome: null, closeRule: null, realizedPnlCents: null, hold: false,
    },
    legs: ls.map(([contract, quantity]) => ({ positionId: id, key: contractKey(contract), contract, quantity, avgPrice: null })),
  };
}

const INPUT: FactsInput = { now: NOW, tradingState: 'ACTIVE', startingEquityCents: 100_000_000, prevCloseEquityCents: 100_000_000, equityPeakCents: 100_000_000, consecutiveLosses: 0 };

export async function seeded(n: number): Promise<Store> {
  const store = await openStore(':memory:');
  const condors = Array.from({ length: n }, (_, i) => condor(i));
  await store.beginTick();
  await store.ingestMarket({ time: NOW, underlyings: [{ symbol: 'SPY', price: 450, prevClose: 449 }], vix: { level: 18, prevClose: 17 }, quotes: chain(0) });
  await store.commitTick({ seq: 0, time: NOW, configVersion: 'v1', positions: condors.map((x) => x.position), legs: condors.map((x) => ({ positionId: x.position.id, legs: x.legs })) });
  return store;
}

const bench: Benchmark = {
  name: 'facts',
  async run(): Promise<BenchEntry[]> {
    const out: BenchEntry[] = [];
    for (const n of [100, 1000, 10_000]) {
      const store = await seeded(n);
      const facts: number[] = [];
      const ingest: number[] = [];
      const commit: number[] = [];
      for (let t = 1; t <= ROUNDS; t++) {
        const quotes = chain(t);
        await store.beginTick();
        let t0 = performance.now();
        await store.ingestMarket({ time: NOW + t * 1000, underlyings: [{ symbol: 'SPY', price: 450 + (t % 3), prevClose: 449 }], vix: { level: 18, prevClose: 17 }, quotes });
        ingest.push(performance.now() - t0);
        t0 = performance.now();
        const snap = await computeFacts(store, { ...INPUT, now: NOW + t * 1000 });
        facts.push(performance.now() - t0);
        if (snap.positions.size !== n) throw new Error(`expected ${n} positions, got ${snap.positions.size}`);
        t0 = performance.now();
        const peaks = [...snap.positions.keys()].map((positionId, i) => ({ positionId, peakPnlPct: 0.1 + t / 100 + i / 1e6 }));
        await store.commitTick({ seq: t, time: NOW + t * 1000, configVersion: 'v1', peaks, equity: { time: NOW + t * 1000, equityCents: snap.equityCents, cashCents: snap.cashCents, dailyPnlPct: 0, drawdownPct: 0 } });
        commit.push(performance.now() - t0);
      }
      await store.close();
      out.push({ name: `facts.p50.${n}`, value: median(facts.slice(3)), unit: 'ms', note: `one facts query + derivations, ${n} open iron condors` });
      out.push({ name: `store.commit-peaks.p50.${n}`, value: median(commit.slice(3)), unit: 'ms', note: `commitTick persisting ${n} peakPnlPct values + equity` });
      if (n === 10_000) out.push({ name: 'store.ingest.p50.3000', value: median(ingest.slice(3)), unit: 'ms', note: 'ingestMarket: 3,000 quotes upserted inside the tick' });
    }
    return out;
  },
};
export default bench;
