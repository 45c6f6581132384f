/**
 * Every entry limit holds per entry, not per tick (issue "Correct on real market data" § 4): with 11 open and
 * `maxOpenPositions: 12`, two due entries in one tick used to both see 11 and open (13). These run the real kernel
 * (simulated market, paper broker, DuckDB in memory) through engine/kernel/entries.ts and the risk gate.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFromFiles, type ResolvedConfig } from '../../engine/config/index.ts';
import { contractKey, fromExchangeTime, type MarketTick, type OptionQuote } from '../../engine/domain/index.ts';
import { planEntry, type EntryPlan } from '../../engine/entry/index.ts';
import { Kernel, type KernelEvent } from '../../engine/kernel/index.ts';
import type { MarketFeed } from '../../engine/ports/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore } from '../../engine/store/index.ts';
import { createPaperBroker, createSimMarket, type PaperBrokerOptions, type SimMarketOptions } from '../../adapters/sim/index.ts';
import { memoryLog } from '../reload/helpers.ts';
import { condorRequest, repoRoot, verticalRequest } from './helpers.ts';

const START = fromExchangeTime('2026-01-05', 10 * 60); // a Monday, 10:00 New York: every default schedule is open
const EXEC = '{ startPrice: mid, repriceStep: 0.05, repriceIntervalSeconds: 300, maxReprices: 6, onTimeout: cancel }';
const MARKET: SimMarketOptions = { start: START, weeklyDays: 50, monthlyDays: 60, strikeRangePct: 0.15 };
const RULE_FILES = readdirSync(join(repoRoot, 'rules')).filter((n) => /\.ya?ml$/.test(n)).sort();

/** The shipped rules with `strategiesYaml`; `extraPortfolioRules` (YAML list items) are appended to rules/portfolio.yaml. */
function configOf(strategiesYaml: string, extraPortfolioRules = ''): ResolvedConfig {
  const files = [{ path: 'strategies.yaml', text: strategiesYaml }];
  for (const f of RULE_FILES) {
    const text = readFileSync(join(repoRoot, 'rules', f), 'utf8');
    files.push({ path: `rules/${f}`, text: f === 'portfolio.yaml' ? `${text}\n${extraPortfolioRules}` : text });
  }
  const { config, findings } = loadConfigFromFiles(files);
  if (!config) throw new Error(findings.map((x) => `${x.file}:${x.line} ${x.code} ${x.message}`).join('; '));
  return config;
}

interface StrategySpec {
  name: string;
  underlying: 'SPY' | 'QQQ';
  structure: 'iron-condor' | 'put-credit-spread' | 'call-credit-spread' | 'long-call-vertical' | 'long-put-vertical';
  delta: number;
  contracts: number;
  maxOpen: number;
  enabled?: boolean;
  from?: string;
}

function strategyYaml(s: StrategySpec): string {
  return `
  - name: ${s.name}
    enabled: ${s.enabled ?? true}
    tags: [${s.structure.startsWith('long') ? 'debit' : 'credit, short-vol'}]
    underlying: ${s.underlying}
    structure: ${s.structure}
    legs: { targetDelta: ${s.delta}, wingWidth: 5, dte: { min: 30, max: 50, target: 40 } }
    entry: { maxOpen: ${s.maxOpen}${s.from ? `, schedule: { from: "${s.from}" }` : ''} }
    sizing: { contracts: ${s.contracts} }
    manage: {}
    execution: ${EXEC}`;
}

/** Disabled strategies that only own the positions a test adopts (they never enter). */
const BOOK: StrategySpec[] = [
  { name: 'book-spy', underlying: 'SPY', structure: 'iron-condor', delta: 0.16, contracts: 1, maxOpen: 50, enabled: false },
  { name: 'book-qqq', underlying: 'QQQ', structure: 'put-credit-spread', delta: 0.25, contracts: 1, maxOpen: 50, enabled: false },
];

function strategiesYaml(params: Record<string, number>, strategies: StrategySpec[]): string {
  const p = Object.entries({ maxPositionsPerUnderlying: 100, maxNetDelta: 100_000, ...params }).map(([k, v]) => `${k}: ${v}`).join(', ');
  return `settings:\n  params: { ${p} }\nstrategies:${[...BOOK, ...strategies].map(strategyYaml).join('')}\n`;
}

/** A MarketFeed that keeps the ticks it delivered (the property's oracle prices the book with the same quotes). */
function recording(feed: MarketFeed, ticks: MarketTick[]): MarketFeed {
  return {
    name: feed.name,
    subscribe: (s) => feed.subscribe(s),
    chain: (u) => feed.chain(u),
    next: async () => {
      const t = await feed.next();
      if (t) ticks.push(t);
      return t;
    },
    close: () => feed.close(),
  };
}

let open: Kernel | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

async function kernelWith(config: ResolvedConfig, opts: { seed?: number; broker?: PaperBrokerOptions } = {}) {
  const market = { ...MARKET, seed: opts.seed ?? 7, rate: config.settings.riskFreeRate };
  const ticks: MarketTick[] = [];
  const { log, entries } = memoryLog();
  const kernel = new Kernel({
    config, store: await openStore(':memory:'), feed: recording(createSimMarket(market), ticks), log,
    broker: createPaperBroker({ startingCashCents: config.settings.startingEquity * 100, ...opts.broker }), clock: new ManualClock(0),
  });
  const events: KernelEvent[] = [];
  kernel.subscribe((e) => events.push(e));
  await kernel.start();
  open = kernel;
  return { kernel, events, ticks, logs: entries, firstTick: createSimMarket(market).step()! };
}

const blockedEntries = (events: KernelEvent[]) => events.flatMap((e) => (e.type === 'decision' && e.decision.outcome === 'blocked' && e.decision.rule.startsWith('entry:') ? [e.decision] : []));

/** Position delta of a plan at the tick's quotes (share equivalents), for designing thresholds around it. */
function planDelta(plan: EntryPlan, tick: MarketTick): number {
  const byKey = new Map(tick.quotes.map((q) => [q.key, q]));
  return plan.legs.reduce((sum, l) => sum + (l.side === 'buy' ? 1 : -1) * l.ratio * plan.quantity * byKey.get(contractKey(l.contract))!.delta! * l.contract.multiplier, 0);
}

function planOn(tick: MarketTick, config: ResolvedConfig, name: string): EntryPlan {
  const s = config.strategies.find((x) => x.name === name)!;
  const price = tick.underlyings.find((u) => u.symbol === s.underlying)!.price;
  const plan = planEntry(s, { quotes: tick.quotes.filter((q) => q.contract.underlying === s.underlying), underlyingPrice: price, now: tick.time, equityCents: 10_000_000, openCount: 0 });
  if ('skipped' in plan) throw new Error(plan.skipped.message);
  return plan;
}

describe('entry limits hold per entry, not per tick', () => {
  it('opens exactly one of two due entries when 11 positions are open and maxOpenPositions is 12 (13 were opened before)', async () => {
    const config = configOf(strategiesYaml({ maxOpenPositions: 12 }, [
      { name: 'spy-a', underlying: 'SPY', structure: 'iron-condor', delta: 0.16, contracts: 1, maxOpen: 3 },
      { name: 'qqq-b', underlying: 'QQQ', structure: 'put-credit-spread', delta: 0.25, contracts: 1, maxOpen: 3 },
    ]));
    const { kernel, events, firstTick } = await kernelWith(config);
    kernel.adopt(Array.from({ length: 11 }, (_, i) => ({ ...condorRequest(firstTick, { strategy: 'book-spy', delta: 0.08 + i * 0.005 }), id: `b${i}` })));
    const summary = await kernel.step();
    expect(summary!.entered).toBe(1);
    expect(kernel.status().openPositions).toBe(12);
    const [refused] = blockedEntries(events);
    expect(refused).toMatchObject({ rule: 'entry:qqq-b', action: 'open', positionId: null, outcome: 'blocked' });
    expect((refused.trace as { limit: unknown }).limit).toEqual({
      limit: 'portfolio-limits.maxOpenPositions', rule: 'portfolio-limits', fact: 'openPositions', before: 12, after: 13, threshold: 12, holds: 'openPositions ≤ 12',
    });
  });

  it('records a refused entry once, naming the limit, the value after the entry and the threshold, while it is refused tick after tick', async () => {
    const config = configOf(strategiesYaml({ maxOpenPositions: 12, maxNetDelta: 1 }, [
      { name: 'qqq-b', underlying: 'QQQ', structure: 'put-credit-spread', delta: 0.25, contracts: 2, maxOpen: 3 },
    ]));
    const { kernel, events, logs } = await kernelWith(config);
    await kernel.run({ maxTicks: 3 });
    expect(kernel.status().openPositions).toBe(0);
    const refused = blockedEntries(events);
    expect(refused).toHaveLength(1);
    const limit = (refused[0].trace as { limit: { limit: string; before: number; after: number; threshold: number } }).limit;
    expect(limit).toMatchObject({ limit: 'portfolio-limits.maxNetDelta', fact: 'netDelta', before: 0, threshold: 1 });
    expect(limit.after).toBeGreaterThan(1);
    expect(refused[0].reason).toMatch(/^portfolio-limits\.maxNetDelta: netDelta would be [\d.]+ after this entry \(0 before\); the limit is \|netDelta\| ≤ 1$/);
    expect(refused[0].facts).toMatchObject({ netDelta: 0, 'after:netDelta': limit.after });
    const stored = await kernel.store.reads.decisions({ limit: 100 });
    expect(stored.filter((d) => d.outcome === 'blocked').map((d) => d.id)).toEqual([refused[0].id]);
    const logged = logs.filter((l) => l.msg === 'entry blocked');
    expect(logged.map((l) => l.level)).toEqual(['info', 'debug', 'debug']);
    expect(logged[0].obj).toMatchObject({ strategy: 'qqq-b', limit: 'portfolio-limits.maxNetDelta', before: 0, after: limit.after, threshold: 1 });
  });

  it('counts a position still entering at its planned delta, so a later entry cannot push net delta past the limit', async () => {
    const a: StrategySpec = { name: 'qqq-a', underlying: 'QQQ', structure: 'put-credit-spread', delta: 0.25, contracts: 2, maxOpen: 1 };
    const b: StrategySpec = { ...a, name: 'qqq-b', from: '10:05' };
    const probe = configOf(strategiesYaml({ maxOpenPositions: 12 }, [a, b]));
    const { firstTick } = await kernelWith(probe);
    const delta = planDelta(planOn(firstTick, probe, 'qqq-a'), firstTick);
    expect(delta).toBeGreaterThan(2);
    await open!.close();
    // Room for one such spread, not two. The paper broker holds the first one's order unfilled for the next ticks.
    const { kernel, events } = await kernelWith(configOf(strategiesYaml({ maxOpenPositions: 12, maxNetDelta: Math.round(delta * 1.5) }, [a, b])), { broker: { latencyTicks: 5 } });
    await kernel.run({ maxTicks: 2 });
    expect(kernel.positions().map((p) => [p.context.strategy, p.phase])).toEqual([['qqq-a', 'entry']]);
    const [refused] = blockedEntries(events);
    expect(refused.rule).toBe('entry:qqq-b');
    const limit = (refused.trace as { limit: { limit: string; before: number; after: number } }).limit;
    expect(limit.limit).toBe('portfolio-limits.maxNetDelta');
    expect(limit.before).toBeGreaterThan(delta * 0.8); // the entering spread counts, though nothing of it has filled
    expect(limit.after).toBeGreaterThan(Math.round(delta * 1.5));
  });
});
