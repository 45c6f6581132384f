/**
 * Stale marks end to end: a QQQ put credit spread whose two contracts vanish from the chain after the first tick while
 * QQQ falls about 113 points (a scripted sim market, the kernel, the paper broker, a real DuckDB).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { contractKey, type MarketTick } from '../../engine/domain/index.ts';
import { Kernel, type KernelEvent, type TickSummary } from '../../engine/kernel/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore } from '../../engine/store/index.ts';
import { createPaperBroker, createSimMarket, type SimMarketOptions } from '../../adapters/sim/index.ts';
import { editedFeed } from './degraded-helpers.ts';
import { firstSimTick, shippedConfig, verticalRequest } from './helpers.ts';

/** QQQ (380) falls 30%, ≈ 114 points, over one session from the second tick. */
const MARKET: SimMarketOptions = { script: [{ at: '+1t', underlying: 'QQQ', movePct: -0.3, overDays: 1, noise: 0 }] };
const first = firstSimTick({ market: MARKET });
const spread = verticalRequest(first, { id: 'qqq-pcs', strategy: 'qqq-put-credit-spread', underlying: 'QQQ', right: 'put' });
const held = new Set(spread.legs.map((l) => `${l.contract.expiry}|${l.contract.strike}|${l.contract.right}`));
const vanish = (t: MarketTick, n: number): MarketTick => (n === 1 ? t : { ...t, quotes: t.quotes.filter((q) => !(q.contract.underlying === 'QQQ' && held.has(`${q.contract.expiry}|${q.contract.strike}|${q.contract.right}`))) });

const open: Kernel[] = [];
afterEach(async () => {
  for (const k of open.splice(0)) await k.close();
});

async function kernelWith(marks: { maxAgeSec: number; onStale: 'hold' | 'model' }, edit: (t: MarketTick, n: number) => MarketTick = vanish) {
  const shipped = await shippedConfig();
  const config = { ...shipped, strategies: shipped.strategies.map((s) => (s.name === 'qqq-put-credit-spread' ? { ...s, marks } : s)) };
  const store = await openStore(':memory:');
  const feed = editedFeed(createSimMarket({ seed: 7, rate: config.settings.riskFreeRate, ...MARKET }), edit);
  const broker = createPaperBroker({ startingCashCents: config.settings.startingEquity * 100 });
  const kernel = new Kernel({ config, store, feed, broker, clock: new ManualClock(0) });
  const events: KernelEvent[] = [];
  kernel.subscribe((e) => events.push(e));
  open.push(kernel);
  await kernel.start();
  kernel.adopt([spread]);
  return { kernel, store, events, config };
}

interface Seen { summary: TickSummary; facts: Record<string, unknown> | undefined; qqq: number | null }

/** Steps until `stop` holds for the position's facts (or `max` ticks), keeping what each tick saw. */
async function stepUntil(kernel: Kernel, max: number, stop: (s: Seen) => boolean): Promise<Seen[]> {
  const out: Seen[] = [];
  for (let i = 0; i < max; i++) {
    const summary = (await kernel.step())!;
    const f = kernel.lastFacts();
    const s = { summary, facts: f?.positions.get('qqq-pcs'), qqq: (f?.positions.get('qqq-pcs')?.underlyingPrice as number | undefined) ?? null };
    out.push(s);
    if (stop(s)) break;
  }
  return out;
}

/** The position's close decisions (a delta-risk roll is blocked while DEGRADED, every tick: not what these tests watch). */
const decisionsOf = (events: KernelEvent[]) => events.flatMap((e) => (e.type === 'decision' && e.decision.positionId === 'qqq-pcs' && e.decision.action === 'close' ? [e.decision] : []));

describe('stale, missing and bad marks', () => {
  it('shows markSource last with a growing markAgeSec once the contracts vanish, and markStale once past maxAgeSec', async () => {
    // Flat market: only the vanishing matters.
    const { kernel } = await kernelWith({ maxAgeSec: 900, onStale: 'hold' });
    const seen = await stepUntil(kernel, 6, () => false);
    expect(seen.map((s) => s.facts?.markSource)).toEqual(['quote', 'last', 'last', 'last', 'last', 'last']);
    expect(seen.map((s) => s.facts?.markAgeSec)).toEqual([0, 300, 600, 900, 1200, 1500]);
    expect(seen.map((s) => s.facts?.markStale)).toEqual([false, false, false, false, true, true]);
    expect(seen[4]!.facts?.staleLegs).toBe(spread.legs.map((l) => contractKey(l.contract)).sort().join(','));
  });

  it('onStale: model prices the vanished legs from Black–Scholes as QQQ falls 113 points: P&L falls with it to near the max loss and the stop-loss fires', async () => {
    const { kernel, events } = await kernelWith({ maxAgeSec: 300, onStale: 'model' });
    const seen = await stepUntil(kernel, 78, () => decisionsOf(events).length > 0);
    const modelled = seen.filter((s) => s.facts?.markSource === 'model');
    expect(modelled.length).toBeGreaterThan(3);
    // The P&L follows the underlying down (the frozen last quote would keep it flat).
    const pnl = modelled.map((s) => s.facts!.pnl as number);
    expect(pnl[pnl.length - 1]!).toBeLessThan(pnl[0]!);
    for (let i = 1; i < modelled.length; i++) expect(modelled[i]!.qqq!).toBeLessThanOrEqual(modelled[i - 1]!.qqq! + 1e-9);
    const d = decisionsOf(events)[0]!;
    expect(d.rule).toBe('stop-loss');
    expect(d.outcome).toBe('applied');
    expect(seen[seen.length - 1]!.facts!.lossMultipleOfCredit as number).toBeGreaterThanOrEqual(2);

    // The contracts are not listed, so the paper broker rejects the close: that is a critical alert saying what to do,
    // not a warning repeated every tick.
    await stepUntil(kernel, 1, () => true);
    const rejected = events.flatMap((e) => (e.type === 'alert' && e.alert.source === 'position' && /rejected/.test(e.alert.message) ? [e.alert] : []));
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected[0]).toMatchObject({ severity: 'critical', positionId: 'qqq-pcs' });
    expect(rejected[0]!.message).toMatch(/not a listed contract.*close the position at the broker by hand/);

    // Through the rest of the 113-point fall the model keeps marking the spread: at the bottom it is near its max loss.
    const rest = await stepUntil(kernel, 80, (x) => x.qqq !== null && x.qqq <= 380 - 113);
    const bottom = rest[rest.length - 1]!;
    expect(bottom.qqq!).toBeLessThanOrEqual(380 - 113);
    expect(bottom.facts!.markSource).toBe('model');
    const maxLoss = bottom.facts!.maxLoss as number;
    expect(bottom.facts!.pnl as number).toBeLessThan(pnl[pnl.length - 1]!);
    expect(bottom.facts!.pnl as number).toBeLessThanOrEqual(-0.95 * maxLoss);
  });

  it('onStale: hold keeps take-profit and stop-loss off the frozen mark, says why in the trace, and the catastrophe stop on the underlying distance still fires', async () => {
    const { kernel, events, config } = await kernelWith({ maxAgeSec: 300, onStale: 'hold' });
    let heldTrace: unknown = null;
    const seen: Seen[] = [];
    for (let i = 0; i < 78 && decisionsOf(events).length === 0; i++) {
      seen.push(...(await stepUntil(kernel, 1, () => true)));
      const trace = kernel.shadow(config)?.traces.get('qqq-pcs');
      if (trace && seen[seen.length - 1]!.facts?.markStale === true) heldTrace ??= JSON.parse(JSON.stringify(trace));
    }
    // The frozen mark: P&L never moves once the quotes are gone, while QQQ falls.
    const frozen = seen.slice(1).map((s) => s.facts!.pnl);
    expect(new Set(frozen).size).toBe(1);
    expect(seen[seen.length - 1]!.qqq!).toBeLessThan(seen[0]!.qqq! * 0.97);
    const entries = (heldTrace as { entries: { rule: string; matched: boolean; reason?: string }[]; staleMark: string }).entries;
    const reason = /^mark stale \(leg .+, age \d+s\)$/;
    expect((heldTrace as { staleMark: string }).staleMark).toMatch(reason);
    for (const rule of ['stop-loss', 'take-profit']) expect(entries.find((e) => e.rule === rule)).toMatchObject({ matched: false, reason: expect.stringMatching(reason) });
    const d = decisionsOf(events)[0]!;
    expect(d.rule).toBe('catastrophe-stop');
    expect(d.outcome).toBe('applied');
    expect(d.facts).toMatchObject({ lossMultipleOfCredit: null, underlyingDistanceToShortStrikePct: expect.any(Number) });
    expect(decisionsOf(events).some((x) => x.rule === 'stop-loss' || x.rule === 'take-profit')).toBe(false);
  });
});
