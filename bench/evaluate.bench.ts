// Rule evaluation per tick: the shipped rules over 100 / 1,000 / 10,000 managed positions, compiled predicates vs
// json-rules-engine (one run per position, same semantics layer), measured in the same process.
import { performance } from 'node:perf_hooks';
import { loadConfigDir } from '../engine/config/index.ts';
import { compileRuleSet, evaluateTick, evaluateWithJsonRulesEngine, type CompiledRuleSet, type PositionInput, type TickInput } from '../engine/evaluate/index.ts';
import { median, type BenchEntry, type Benchmark } from './types.ts';
import { prng } from '../test/support/prng.ts';


/** A realistic book: most positions calm, a few near a stop, a target or expiry. */
function tick(set: CompiledRuleSet, n: number, seed: number): TickInput {
  const r = prng(seed);
  const strategies = [...set.positionRules.keys()];
  const positions: PositionInput[] = [];
  for (let i = 0; i < n; i++) {
    const hot = r() < 0.03; // ~3% of the book near a stop, a target or expiry this tick
    const pnlPct = hot ? r() * 1.4 - 0.8 : r() * 0.7 - 0.25;
    const peak = Math.max(pnlPct, r() * (hot ? 0.6 : 0.3));
    const facts = {
      pnl: pnlPct * 150, pnlPct, peakPnlPct: peak, drawdownFromPeakPct: peak - pnlPct, lossMultipleOfCredit: pnlPct < 0 ? -pnlPct * 4 * r() : 0,
      credit: 150, debit: 0, maxProfit: 150, maxLoss: 350, dte: hot ? Math.floor(r() * 10) : 10 + Math.floor(r() * 40), daysInTrade: Math.floor(r() * 30),
      delta: (r() - 0.5) * 30, gamma: -r() * 2, theta: r() * 8, vega: -r() * 30, shortStrikeDelta: r() * (hot ? 0.5 : 0.3),
      underlyingDistanceToShortStrikePct: hot ? r() * 0.04 - 0.02 : 0.01 + r() * 0.07, ivAtEntry: 0.2, iv: 0.12 + r() * 0.15, ivChangePct: r() * 0.5 - 0.25,
      itm: r() < 0.05, underlyingPrice: 450, contracts: 1 + Math.floor(r() * 3), rollCount: 0, positionsInUnderlying: 3,
      strategy: strategies[i % strategies.length], structure: 'iron-condor', isCredit: true,
    };
    positions.push({ id: `p${i}`, strategy: strategies[i % strategies.length], phase: r() < 0.95 ? 'managed' : 'closing', hold: false, facts });
  }
  const portfolio = { equity: 1e6, dailyPnlPct: -0.004, drawdownPct: -0.02, consecutiveLosses: 1, openPositions: n, positionsPerUnderlying: Math.ceil(n / 2), netDelta: 40, netGamma: -3, netVega: -200, netTheta: 80, vix: 19, vixChangePct: 0.03, tradingState: 'ACTIVE' };
  return { portfolio, prevPortfolio: { ...portfolio, vix: 18.5 }, positions };
}

function timeSync(fn: () => unknown, runs: number): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) { const t0 = performance.now(); fn(); ms.push(performance.now() - t0); }
  return median(ms);
}
async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) { const t0 = performance.now(); await fn(); ms.push(performance.now() - t0); }
  return median(ms);
}

const bench: Benchmark = {
  name: 'evaluate',
  async run(): Promise<BenchEntry[]> {
    const loaded = await loadConfigDir(new URL('..', import.meta.url).pathname);
    if (!loaded.config) throw new Error('evaluate bench: the shipped config does not load (run `tickwise check`)');
    const set = compileRuleSet(loaded.config);
    const out: BenchEntry[] = [];
    for (const n of [100, 1000, 10000]) {
      const input = tick(set, n, n);
      for (let i = 0; i < 20; i++) evaluateTick(set, input); // warm up the generated predicates
      const fast = timeSync(() => evaluateTick(set, input), n >= 10000 ? 60 : 200);
      await evaluateWithJsonRulesEngine(set, input);
      const ref = await timeAsync(() => evaluateWithJsonRulesEngine(set, input), n >= 10000 ? 3 : 7);
      out.push({ name: `evaluate.p50.${n}`, value: fast, unit: 'ms', note: `compiled rules, one tick, ${n} positions, ${set.config.rules.length} shipped rules` });
      out.push({ name: `evaluate.vs-json-rules-engine.${n}`, value: fast, unit: 'ms', baseline: ref, ratio: ref / fast, note: 'baseline: json-rules-engine run per position, same semantics; ratio = speed-up' });
    }
    return out;
  },
};
export default bench;
