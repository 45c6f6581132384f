/**
 * The per-tick shortcuts taken for speed (bench/tick.bench.ts) change nothing the store or the rules see: position
 * rows staged before the facts query are not written twice, the set of traded contracts is kept between ticks, closed
 * positions are pruned only on ticks that close one, phases are cached, and the facts result is read column by column.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Kernel } from '../../engine/kernel/index.ts';
import { FACTS_SQL } from '../../engine/facts/index.ts';
import { atPnlPct, condorRequest, firstSimTick, simKernel, verticalRequest } from './helpers.ts';

let open: Kernel | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

describe('the kernel hot path', () => {
  it('keeps every position row and its legs equal to the live actors after every tick', async () => {
    const { kernel, store } = await simKernel({ seed: 5 });
    open = kernel;
    for (let i = 0; i < 120; i++) {
      await kernel.step();
      const rows = new Map((await store.db.all<{ id: string; state: string; phase: string; contracts: number; legs: number }>(
        `SELECT p.id, p.state, p.phase, p.contracts::INT AS contracts, (SELECT count(*) FROM legs l WHERE l.position_id = p.id)::INT AS legs FROM positions p`)).map((r) => [r.id, r]));
      for (const p of kernel.positions()) {
        const r = rows.get(p.id);
        expect(r, `tick ${i + 1}: ${p.id} has no row`).toBeDefined();
        expect({ id: p.id, state: r!.state, phase: r!.phase, legs: r!.legs }).toEqual({ id: p.id, state: p.phase, phase: p.state, legs: p.context.legs.length });
      }
    }
    const [n] = await store.db.all<{ n: number }>(`SELECT count(*)::INT AS n FROM positions`);
    expect(n.n).toBeGreaterThan(0);
  }, 180_000);

  it('keeps quoting the contracts a position trades after its legs change in a roll', async () => {
    const t0 = firstSimTick();
    const { kernel, store } = await simKernel();
    open = kernel;
    await kernel.start();
    kernel.control({ type: 'set-trading-state', state: 'REDUCING', reason: 'test' });
    kernel.adopt([{ ...verticalRequest(t0, { strategy: 'qqq-put-credit-spread', underlying: 'QQQ', right: 'put', delta: 0.1, dte: 4 }), id: 'near' }]);
    await kernel.run({ maxTicks: 20 });
    const legs = kernel.positions().find((p) => p.id === 'near')!.context.legs;
    expect(legs.every((l) => l.contract.expiry > '2026-01-09')).toBe(true);
    const quotes = await store.db.all<{ key: string; time: number }>(`SELECT key, time::DOUBLE AS time FROM quotes`);
    const last = kernel.status().lastTickTime;
    for (const l of legs) expect(quotes.find((q) => q.key === l.key)?.time).toBe(last);
    const f = kernel.lastFacts()!.positions.get('near')!;
    expect(f.pnl).not.toBeNull();
  }, 120_000);

  it('drops a closed position from the live book once its close is committed', async () => {
    const t0 = firstSimTick();
    const { kernel, store } = await simKernel();
    open = kernel;
    await kernel.start();
    kernel.control({ type: 'set-trading-state', state: 'REDUCING', reason: 'test' });
    kernel.adopt([{ ...atPnlPct(condorRequest(t0), t0, 0.6), id: 'winner' }, { ...condorRequest(t0, { delta: 0.1 }), id: 'calm' }]);
    await kernel.run({ maxTicks: 12 });
    const [row] = await store.db.all<{ state: string }>(`SELECT state FROM positions WHERE id = 'winner'`);
    expect(row.state).toBe('closed');
    expect(kernel.positions().map((p) => p.id)).toEqual(['calm']);
    expect(kernel.status().openPositions).toBe(1);
  }, 120_000);

  it('reads the facts result with exactly the values of the generic DuckDB conversion', async () => {
    const t0 = firstSimTick();
    const { kernel, store } = await simKernel();
    open = kernel;
    await kernel.start();
    kernel.adopt([condorRequest(t0), verticalRequest(t0, { strategy: 'qqq-put-credit-spread', underlying: 'QQQ', right: 'put' })]);
    await kernel.run({ maxTicks: 3 });
    const generic = (await store.db.conn.runAndReadAll(FACTS_SQL)).getColumnsObjectJS();
    const fast = await store.db.columns(FACTS_SQL);
    expect(fast.rowCount).toBe(2);
    expect(fast.columns).toEqual(generic);
  }, 120_000);
});

describe('the facts the kernel computes in memory', () => {
  it('equal the store facts query (the reference) after every tick of a busy run', async () => {
    const { kernel, store } = await simKernel({ seed: 11 });
    open = kernel;
    const { computeFacts } = await import('../../engine/facts/index.ts');
    let compared = 0;
    for (let i = 0; i < 80; i++) {
      const summary = (await kernel.step())!;
      // The facts are taken before the tick's decisions and entries; the committed store includes them. Compare on
      // ticks where nothing changed after the facts.
      if (summary.decisions > 0 || summary.entered > 0) continue;
      const mem = kernel.lastFacts()!;
      await store.beginTick();
      const ref = await computeFacts(store, {
        now: kernel.status().lastTickTime!, tradingState: kernel.status().latchedTradingState, startingEquityCents: 10_000_000,
        prevCloseEquityCents: null, equityPeakCents: null, consecutiveLosses: (mem.portfolio.consecutiveLosses as number) ?? 0,
      });
      await store.rollbackTick();
      expect([...mem.positions.keys()].sort()).toEqual([...ref.positions.keys()].sort());
      for (const [id, rf] of ref.positions) {
        for (const [name, value] of Object.entries(rf)) {
          if (name === 'peakPnlPct' || name === 'drawdownFromPeakPct') continue; // the reference reads the peak as committed before this tick's
          const got = mem.positions.get(id)![name];
          if (typeof value === 'number' && typeof got === 'number') expect(got, `tick ${i + 1} ${id}.${name}`).toBeCloseTo(value, 9);
          else expect(got, `tick ${i + 1} ${id}.${name}`).toEqual(value);
        }
        compared++;
      }
      expect(mem.equityCents, `tick ${i + 1} equity`).toBe(ref.equityCents);
    }
    expect(compared).toBeGreaterThan(150);
  }, 240_000);
});
