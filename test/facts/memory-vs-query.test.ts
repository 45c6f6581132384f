import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeFacts, computeFactsInMemory, MarketMemory, type FactsInput, type FactsSnapshot, type LegMark, type OpenPosition } from '../../engine/facts/index.ts';
import { openStore, type LegRow, type PositionRow, type Store } from '../../engine/store/index.ts';
import type { OptionQuote } from '../../engine/domain/index.ts';
import { contract, leg, position, quote } from '../store/fixtures.ts';
import { prng as rng } from '../support/prng.ts';


const NOW = Date.parse('2026-03-16T15:00:00Z');
const EXPIRIES = ['2026-03-20', '2026-04-17', '2026-05-15'];

function randomBook(seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const maybe = (p: number, v: number) => (r() < p ? undefined : v);
  const contracts = ['SPY', 'QQQ'].flatMap((u) => EXPIRIES.flatMap((e) => [-10, -5, 0, 5, 10].flatMap((d) => (['put', 'call'] as const).map((right) => contract(u, e, right, (u === 'SPY' ? 450 : 380) + d)))));
  const quotes: OptionQuote[] = contracts.filter(() => r() > 0.1).map((c) => {
    const bid = Math.round(r() * 500) / 100;
    const crossed = r() < 0.05;
    return quote(c, bid, crossed ? bid - 0.1 : bid + Math.round(r() * 30) / 100, { delta: maybe(0.1, (r() - 0.5) * 1.6), gamma: maybe(0.1, r() * 0.05), thetaPerDay: maybe(0.1, -r() * 0.3), vegaPerPoint: maybe(0.1, r() * 0.4), iv: maybe(0.15, 0.1 + r() * 0.3) });
  });
  const positions: PositionRow[] = [];
  const legs: { positionId: string; legs: LegRow[] }[] = [];
  const n = 1 + Math.floor(r() * 25);
  for (let i = 0; i < n; i++) {
    const id = `p${i}`;
    const underlying = pick(['SPY', 'QQQ']);
    const state = pick(['entry', 'managed', 'managed', 'managed', 'closing', 'rolling', 'closed'] as const);
    const credit = Math.round((r() - 0.3) * 40_000);
    positions.push(position(id, {
      underlying, state, strategy: pick(['a', 'b', 'c']), creditCents: credit, maxProfitCents: r() < 0.2 ? null : Math.abs(credit) + 1_000,
      maxLossCents: r() < 0.2 ? null : 50_000, cashFlowCents: Math.round((r() - 0.3) * 40_000), ivAtEntry: r() < 0.2 ? null : 0.15 + r() * 0.2,
      peakPnlPct: r() < 0.5 ? null : r() - 0.2, contracts: 1 + Math.floor(r() * 5), rollCount: Math.floor(r() * 3),
      openedAt: NOW - Math.floor(r() * 40) * 86_400_000,
      // Rolled positions: the current leg set's own cash and the chain's premium differ from the whole position's
      // (absent on rows written before they were kept: both sides fall back the same way).
      ...(r() < 0.4 ? {} : { structureCashFlowCents: Math.round((r() - 0.3) * 40_000), chainCreditCents: credit + Math.round(r() * 20_000), cumulativePnlCents: Math.round((r() - 0.5) * 20_000) }),
    }));
    if (state === 'entry' || state === 'closed') continue;
    const own = contracts.filter((c) => c.underlying === underlying);
    const count = 1 + Math.floor(r() * 4);
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(Math.floor(r() * own.length));
    legs.push({ positionId: id, legs: [...chosen].map((j) => leg(id, own[j], (r() < 0.5 ? -1 : 1) * (1 + Math.floor(r() * 3)))) });
  }
  const underlyings = [{ symbol: 'SPY', price: 440 + r() * 20, prevClose: 449 }, ...(r() < 0.8 ? [{ symbol: 'QQQ', price: 370 + r() * 20, prevClose: 380 }] : [])];
  const vix = r() < 0.9 ? { level: 12 + r() * 20, prevClose: 15 } : undefined;
  return { positions, legs, tick: { time: NOW, underlyings, vix, quotes } };
}

let store: Store;
beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

function expectSameFacts(mem: FactsSnapshot, ref: FactsSnapshot, seed: number): void {
  expect([...mem.positions.keys()].sort(), `seed ${seed}: open positions`).toEqual([...ref.positions.keys()].sort());
  for (const [id, rf] of ref.positions) {
    const mf = mem.positions.get(id)!;
    for (const [name, value] of Object.entries(rf)) {
      const got = mf[name];
      if (typeof value === 'number' && typeof got === 'number') expect(got, `seed ${seed} ${id}.${name}`).toBeCloseTo(value, 9);
      else expect(got, `seed ${seed} ${id}.${name}`).toEqual(value);
    }
  }
  for (const [name, value] of Object.entries(ref.portfolio)) {
    if (typeof value === 'number') expect(mem.portfolio[name], `seed ${seed} portfolio.${name}`).toBeCloseTo(value, 9);
    else expect(mem.portfolio[name], `seed ${seed} portfolio.${name}`).toEqual(value);
  }
  expect(mem.equityCents).toBe(ref.equityCents);
  expect(mem.cashCents).toBe(ref.cashCents);
  expect(mem.complete).toBe(ref.complete);
  expect([...mem.unquoted.entries()].sort()).toEqual([...ref.unquoted.entries()].sort());
  expect(mem.peaks.map((p) => p.positionId).sort()).toEqual(ref.peaks.map((p) => p.positionId).sort());
}

describe('facts from memory agree with the facts query (the reference)', () => {
  it('on 300 random books: missing quotes and greeks, crossed quotes, entries without legs, closed positions, no VIX', async () => {
    const input: FactsInput = { now: NOW, tradingState: 'ACTIVE', startingEquityCents: 10_000_000, prevCloseEquityCents: 9_900_000, equityPeakCents: 10_050_000, consecutiveLosses: 1 };
    for (let seed = 1; seed <= 300; seed++) {
      const book = randomBook(seed);
      await store.beginTick();
      await store.db.run('DELETE FROM positions');
      await store.db.run('DELETE FROM legs');
      await store.db.run('DELETE FROM quotes');
      await store.db.run('DELETE FROM market');
      await store.db.run('DELETE FROM underlyings');
      await store.ingestMarket(book.tick);
      await store.commitTick({ seq: seed, time: NOW, configVersion: 'v1', positions: book.positions, legs: book.legs });
      await store.beginTick();
      const ref = await computeFacts(store, input);
      await store.rollbackTick();
      const market = new MarketMemory();
      market.ingest(book.tick);
      const legsOf = new Map(book.legs.map((l) => [l.positionId, l.legs]));
      const open: OpenPosition[] = book.positions.filter((p) => p.state !== 'closed').map((row) => ({ row, legs: legsOf.get(row.id) ?? [] }));
      const closed = book.positions.filter((p) => p.state === 'closed').reduce((s, p) => s + p.cashFlowCents, 0);
      expectSameFacts(computeFactsInMemory({ ...input, positions: open, market, closedCashFlowCents: closed }), ref, seed);
    }
  }, 120_000);

  it('on 100 random books with leg marks (quote, last, model; ages, unknown ages, stale; override values with missing greeks; legs without a mark)', async () => {
    const base: FactsInput = { now: NOW, tradingState: 'ACTIVE', startingEquityCents: 10_000_000, prevCloseEquityCents: 9_900_000, equityPeakCents: 10_050_000, consecutiveLosses: 1 };
    const seen = new Set<string>();
    for (let seed = 1001; seed <= 1100; seed++) {
      const book = randomBook(seed);
      const input: FactsInput = { ...base, legMarks: randomLegMarks(book.legs, seed) };
      await store.beginTick();
      for (const t of ['positions', 'legs', 'quotes', 'market', 'underlyings']) await store.db.run(`DELETE FROM ${t}`);
      await store.ingestMarket(book.tick);
      await store.commitTick({ seq: seed, time: NOW, configVersion: 'v1', positions: book.positions, legs: book.legs });
      await store.beginTick();
      const ref = await computeFacts(store, input);
      await store.rollbackTick();
      for (const f of ref.positions.values()) seen.add(`${f.markSource}/${f.markStale}/${f.markAgeSec === null ? 'null' : 'n'}`);
      const market = new MarketMemory();
      market.ingest(book.tick);
      const legsOf = new Map(book.legs.map((l) => [l.positionId, l.legs]));
      const open: OpenPosition[] = book.positions.filter((p) => p.state !== 'closed').map((row) => ({ row, legs: legsOf.get(row.id) ?? [] }));
      const closed = book.positions.filter((p) => p.state === 'closed').reduce((s, p) => s + p.cashFlowCents, 0);
      expectSameFacts(computeFactsInMemory({ ...input, positions: open, market, closedCashFlowCents: closed }), ref, seed);
    }
    // The books did reach every kind of mark.
    for (const k of ['quote/false/n', 'last/true/n', 'last/true/null', 'model/true/n', 'model/false/n']) expect(seen, k).toContain(k);
  }, 120_000);
});

/** Random marks for most held legs: a leg without one is marked from its stored quote on both paths. */
function randomLegMarks(legs: readonly { positionId: string; legs: LegRow[] }[], seed: number): LegMark[] {
  const r = rng(seed * 7 + 1);
  const maybe = (p: number, v: number) => (r() < p ? null : v);
  const out: LegMark[] = [];
  for (const p of legs) {
    for (const l of p.legs) {
      if (r() < 0.2) continue;
      const source = (['quote', 'last', 'model'] as const)[Math.floor(r() * 3)];
      const ageSec = source === 'quote' ? 0 : r() < 0.15 ? null : Math.round(r() * 2000);
      const stale = ageSec === null || (source !== 'quote' && ageSec > 600);
      const values = source === 'quote' || r() < 0.2 ? null
        : { mid: maybe(0.1, r() * 5), delta: maybe(0.1, r() - 0.5), gamma: maybe(0.1, r() * 0.05), thetaPerDay: maybe(0.1, -r() * 0.3), vegaPerPoint: maybe(0.1, r() * 0.4), iv: maybe(0.1, 0.1 + r() * 0.3) };
      out.push({ positionId: p.positionId, key: l.key, source, ageSec, stale, values });
    }
  }
  return out;
}

