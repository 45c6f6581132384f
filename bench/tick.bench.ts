// The whole tick (quotes in, store ingest, facts, evaluation, risk gate, machine events, commit) with 100 / 1,000 /
// 10,000 open positions under the twelve shipped rules, on the simulated market and the paper broker with a DuckDB
// file, as `tickwise start` runs it. The book is adopted on the sim chain: iron condors and credit spreads at 8–22
// delta, 25–60 days out, entered at the mid for at least 0.30 of credit (so a realistic few act as the market moves). Entries are off
// (REDUCING) so the book size stays put. Also: json-rules-engine evaluating the same tick's facts per position, as
// the baseline for the compiled tick, and the resident memory with 10,000 positions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createPaperBroker, createSimMarket } from '../adapters/sim/index.ts';
import { daysBetween, exchangeTime, type MarketTick, type OptionQuote } from '../engine/domain/index.ts';
import { compileRuleSet, evaluateWithJsonRulesEngine, type PositionInput } from '../engine/evaluate/index.ts';
import { Kernel, type AdoptRequest } from '../engine/kernel/index.ts';
import { loadConfigDir } from '../engine/config/index.ts';
import { ManualClock } from '../engine/ports/index.ts';
import { openStore } from '../engine/store/index.ts';
import { median, type BenchEntry, type Benchmark } from './types.ts';
import { prng } from '../test/support/prng.ts';

const SEED = 3;
const TICKS = { 100: 60, 1000: 40, 10000: 25 } as Record<number, number>;
const WARMUP = 3;

/** A full V8 collection, without needing `node --expose-gc` on the command line. */
function fullGc(): void {
  setFlagsFromString('--expose_gc');
  (runInNewContext('gc') as () => void)();
}


/** `n` designed positions on the first tick's chain: iron condors (SPY), put spreads (QQQ), call spreads (SPY). */
export function book(tick: MarketTick, n: number): AdoptRequest[] {
  const today = exchangeTime(tick.time).date;
  const r = prng(n);
  const mid = (q: OptionQuote) => Math.round(((q.bid + q.ask) / 2) * 100) / 100;
  const groups = new Map<string, OptionQuote[]>();
  for (const q of tick.quotes) {
    const dte = daysBetween(today, q.contract.expiry);
    if (dte < 25 || dte > 60) continue;
    const k = `${q.contract.underlying}|${q.contract.expiry}|${q.contract.right}`;
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(q);
  }
  for (const g of groups.values()) g.sort((a, b) => a.contract.strike - b.contract.strike);
  const shorts = (u: string, right: 'call' | 'put') => [...groups.entries()].filter(([k]) => k.startsWith(`${u}|`) && k.endsWith(`|${right}`))
    .flatMap(([, qs]) => qs.filter((q) => Math.abs(q.delta ?? 0) >= 0.08 && Math.abs(q.delta ?? 0) <= 0.22).map((q) => ({ q, qs })));
  const wing = (s: { q: OptionQuote; qs: OptionQuote[] }, width: number) => {
    const target = s.q.contract.right === 'put' ? s.q.contract.strike - width : s.q.contract.strike + width;
    return s.qs.filter((x) => x !== s.q).sort((a, b) => Math.abs(a.contract.strike - target) - Math.abs(b.contract.strike - target))[0];
  };
  const spyPuts = shorts('SPY', 'put');
  const spyCalls = shorts('SPY', 'call');
  const qqqPuts = shorts('QQQ', 'put');
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const out: AdoptRequest[] = [];
  const leg = (q: OptionQuote, quantity: number) => ({ contract: q.contract, quantity, entryPrice: mid(q) });
  // A credit worth managing: at least 0.30 a share (a 0.02 credit would swing ±50% of max profit on a 1-cent move).
  const credit = (legs: { quantity: number; entryPrice: number }[]) => -legs.reduce((sum, l) => sum + l.quantity * l.entryPrice, 0);
  for (let i = 0; out.length < n; i++) {
    const width = r() < 0.5 ? 5 : 10;
    let req: AdoptRequest;
    if (i % 3 === 0) {
      const sp = pick(spyPuts);
      const sc = pick(spyCalls.filter((c) => c.q.contract.expiry === sp.q.contract.expiry));
      req = { id: `ic-${i}`, strategy: 'spy-iron-condor', openedAt: tick.time, ivAtEntry: sp.q.iv, legs: [leg(wing(sp, width), 1), leg(sp.q, -1), leg(sc.q, -1), leg(wing(sc, width), 1)] };
    } else if (i % 3 === 1) {
      const sp = pick(qqqPuts);
      req = { id: `pcs-${i}`, strategy: 'qqq-put-credit-spread', openedAt: tick.time, ivAtEntry: sp.q.iv, legs: [leg(wing(sp, width), 1), leg(sp.q, -1)] };
    } else {
      const sc = pick(spyCalls);
      req = { id: `ccs-${i}`, strategy: 'spy-call-credit-spread', openedAt: tick.time, ivAtEntry: sc.q.iv, legs: [leg(sc.q, -1), leg(wing(sc, width), 1)] };
    }
    if (credit(req.legs) >= 0.3) out.push(req);
  }
  return out;
}

async function measure(n: number, dir: string) {
  const loaded = await loadConfigDir(new URL('..', import.meta.url).pathname);
  if (!loaded.config) throw new Error('tick bench: the shipped config does not load (run `tickwise check`)');
  const config = loaded.config;
  const market = { seed: SEED, rate: config.settings.riskFreeRate };
  const first = createSimMarket(market).step()!;
  const store = await openStore(join(dir, `tick-${n}.duckdb`));
  const kernel = new Kernel({ config, store, feed: createSimMarket(market), broker: createPaperBroker({ startingCashCents: config.settings.startingEquity * 100 }), clock: new ManualClock(0) });
  await kernel.start();
  kernel.control({ type: 'set-trading-state', state: 'REDUCING', reason: 'benchmark: a fixed book' });
  kernel.adopt(book(first, n));
  for (let i = 0; i < WARMUP; i++) await kernel.step(); // the first tick writes the whole adopted book
  const ms: number[] = [];
  for (let i = 0; i < TICKS[n]; i++) {
    const t0 = performance.now();
    await kernel.step();
    ms.push(performance.now() - t0);
  }
  const open = kernel.status().openPositions;
  // Resident memory of the running engine with the book open (before the baseline below allocates its own), after a
  // full garbage collection so the figure is what the engine holds, not when V8 last happened to collect.
  const rawRssMb = process.memoryUsage().rss / 2 ** 20;
  fullGc();
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  let baseline: number | undefined;
  if (n === 10000) {
    // The same tick's rule evaluation, json-rules-engine per position, on the facts the kernel just computed.
    const facts = kernel.lastFacts()!;
    const set = compileRuleSet(config);
    const positions: PositionInput[] = kernel.positions().filter((p) => p.phase !== 'closed')
      .map((p) => ({ id: p.id, strategy: p.context.strategy, phase: p.phase, hold: p.hold, facts: facts.positions.get(p.id) ?? {} }));
    const input = { portfolio: facts.portfolio, positions };
    await evaluateWithJsonRulesEngine(set, input);
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await evaluateWithJsonRulesEngine(set, input);
      runs.push(performance.now() - t0);
    }
    baseline = median(runs);
  }
  await kernel.close();
  return { p50: median(ms), open, baseline, rssMb, heapMb, rawRssMb };
}

const bench: Benchmark = {
  name: 'tick',
  async run(): Promise<BenchEntry[]> {
    const dir = mkdtempSync(join(tmpdir(), 'tw-bench-tick-'));
    const byN = new Map<number, BenchEntry[]>();
    try {
      for (const n of [10000, 1000, 100]) { // 10,000 first: its memory figure is not inflated by the smaller runs
        const m = await measure(n, dir);
        const out: BenchEntry[] = [{ name: `tick.p50.${n}`, value: m.p50, unit: 'ms', note: `median tick, ${n} adopted positions (${m.open} open at the end), 12 shipped rules, sim market + paper broker, DuckDB file` }];
        if (m.baseline !== undefined) {
          out.push({ name: `tick.vs-json-rules-engine.${n}`, value: m.p50, unit: 'ms', baseline: m.baseline, ratio: m.baseline / m.p50, note: 'baseline: json-rules-engine per position on the same tick\'s facts; value: the whole compiled tick' });
          out.push({ name: `memory.rss.${n}`, value: Math.round(m.rssMb), unit: 'MB', note: `resident memory with ${n} open positions after ${TICKS[n]} ticks and a full GC (JS heap ${Math.round(m.heapMb)} MB; ${Math.round(m.rawRssMb)} MB before the GC)` });
        }
        byN.set(n, out);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const out = [100, 1000, 10000].flatMap((n) => byN.get(n) ?? []);
    return out;
  },
};
export default bench;
