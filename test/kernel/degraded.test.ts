import { afterEach, describe, expect, it } from 'vitest';
import type { Kernel, TickSummary } from '../../engine/kernel/index.ts';
import { alertsOf, editedSimKernel } from './degraded-helpers.ts';
import { condorRequest, firstSimTick, verticalRequest } from './helpers.ts';

const open: Kernel[] = [];
afterEach(async () => {
  for (const k of open.splice(0)) await k.close();
});

const first = firstSimTick();
/** A SPY condor whose two put legs will vanish from the chain. */
const condor = condorRequest(first, { id: 'spy-ic', delta: 0.16 });
/** A QQQ put credit spread booked at three times its credit: take-profit fires on the first tick it is evaluated. */
const spread = verticalRequest(first, { id: 'qqq-pcs', strategy: 'qqq-put-credit-spread', underlying: 'QQQ', right: 'put', entryScale: 3 });
const vanishing = new Set(condor.legs.filter((l) => l.contract.right === 'put').map((l) => `${l.contract.underlying}|${l.contract.expiry}|${l.contract.right}|${l.contract.strike}`));
const isVanishing = (q: { contract: { underlying: string; expiry: string; right: string; strike: number } }) => vanishing.has(`${q.contract.underlying}|${q.contract.expiry}|${q.contract.right}|${q.contract.strike}`);

async function steps(k: Kernel, n: number): Promise<TickSummary[]> {
  const out: TickSummary[] = [];
  for (let i = 0; i < n; i++) out.push((await k.step())!);
  return out;
}

describe('the DEGRADED trading state', () => {
  it('enters DEGRADED when held legs vanish from the chain above staleShare, blocks entries, still closes a position whose marks are good, and leaves DEGRADED three clean ticks after the quotes return', async () => {
    const { kernel, store, events } = await editedSimKernel((t, n) => (n <= 10 ? { ...t, quotes: t.quotes.filter((q) => !isVanishing(q)) } : t));
    const control = await editedSimKernel((t) => t);
    open.push(kernel, control.kernel);
    for (const k of [kernel, control.kernel]) {
      await k.start();
      k.adopt([condor, spread]);
    }
    const ticks = await steps(kernel, 14);
    const controlTicks = await steps(control.kernel, 12);

    // 2 of the 6 held legs have no quote: 0.33 > 0.2. DEGRADED from the first tick through the two clean ticks after.
    expect(ticks.slice(0, 12).map((s) => s.tradingState)).toEqual(Array(12).fill('DEGRADED'));
    expect(ticks[12]!.tradingState).toBe('ACTIVE');
    expect(ticks[0]!.degraded?.reasons.map((r) => r.kind)).toEqual(['stale-marks']);
    expect(ticks[0]!.degraded?.reasons[0]!.message).toMatch(/^2 of 6 held legs have bad or stale marks/);
    expect(ticks[0]!.latchedTradingState).toBe('ACTIVE');

    // No entries while DEGRADED; the same market without the fault enters in those ticks.
    expect(ticks.slice(0, 12).reduce((n, s) => n + s.entered, 0)).toBe(0);
    expect(controlTicks.reduce((n, s) => n + s.entered, 0)).toBeGreaterThan(0);
    expect(controlTicks.every((s) => s.tradingState === 'ACTIVE')).toBe(true);

    // The spread's marks are good: its take-profit close goes ahead while DEGRADED.
    const decisions = await store.db.all<{ position_id: string; rule: string; action: string; outcome: string; tick_seq: number }>(`SELECT position_id, rule, action, outcome, tick_seq::INT AS tick_seq FROM decisions WHERE position_id IS NOT NULL ORDER BY tick_seq`);
    expect(decisions.find((d) => d.position_id === 'qqq-pcs')).toMatchObject({ rule: 'take-profit', action: 'close', outcome: 'applied', tick_seq: 1 });
    expect(kernel.positions().find((p) => p.id === 'qqq-pcs')?.phase ?? 'closed').toMatch(/closing|closed/);

    // Entry and exit are stored alerts with their reason.
    const stored = await store.db.all<{ severity: string; source: string; message: string }>(`SELECT severity, source, message FROM alerts WHERE source = 'trading-state' ORDER BY time`);
    expect(stored.map((a) => a.severity)).toEqual(['warning', 'info']);
    expect(stored[0]!.message).toMatch(/^DEGRADED: 2 of 6 held legs have bad or stale marks/);
    expect(stored[1]!.message).toMatch(/^DEGRADED cleared: market data healthy for 3 consecutive ticks/);
    expect(alertsOf(events).filter((a) => a.source === 'trading-state')).toHaveLength(2);
  });

  it('blocks a price-based close of a position whose legs have no quote, and says so in the decision', async () => {
    // Booked at three times its credit, held by the operator on tick 1 (quotes seen), released on tick 2 when its puts
    // have vanished: take-profit matches on the frozen marks and is blocked. (On tick 3 the marks are 600 s old, past
    // the strategy's marks.maxAgeSec of 300: the rules hold on their own and no decision is made; test/kernel/stale-marks.) A 0.5 staleShare keeps the book out of
    // DEGRADED (2 of 4 legs is not above it), so this is the per-position rule, not the trading state.
    const scaled = { ...condorRequest(first, { id: 'spy-ic', creditScale: 3 }), hold: true };
    const puts = new Set(scaled.legs.filter((l) => l.contract.right === 'put').map((l) => l.contract.strike));
    const expiry = scaled.legs[0]!.contract.expiry;
    const { kernel, store } = await editedSimKernel((t, n) => (n === 1 ? t : { ...t, quotes: t.quotes.filter((q) => !(q.contract.underlying === 'SPY' && q.contract.right === 'put' && q.contract.expiry === expiry && puts.has(q.contract.strike))) }), { staleShare: 0.5 });
    open.push(kernel);
    await kernel.start();
    kernel.adopt([scaled]);
    await steps(kernel, 1);
    kernel.control({ type: 'release', positionId: 'spy-ic' });
    const [s] = await steps(kernel, 1);
    expect(s!.tradingState).toBe('ACTIVE');
    const rows = await store.db.all<{ rule: string; outcome: string; trace: string }>(`SELECT rule, outcome, trace::VARCHAR AS trace FROM decisions WHERE position_id = 'spy-ic'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rule: 'take-profit', outcome: 'blocked' });
    expect(JSON.parse(rows[0]!.trace).reason).toMatch(/^marks of spy-ic are bad: .*missing \(last good quote 300 s old\).*price-based rules do not act on a frozen mark$/);
    expect(kernel.positions()[0]!.phase).toBe('managed');
  });

  it('enters DEGRADED when an underlying a position holds has a NaN price', async () => {
    const { kernel, store } = await editedSimKernel((t, n) => (n === 2 ? { ...t, underlyings: t.underlyings.map((u) => (u.symbol === 'QQQ' ? { ...u, price: Number.NaN } : u)) } : t));
    open.push(kernel);
    await kernel.start();
    kernel.adopt([spread]);
    const ticks = await steps(kernel, 5);
    expect(ticks.map((s) => s.tradingState)).toEqual(['ACTIVE', 'DEGRADED', 'DEGRADED', 'DEGRADED', 'ACTIVE']);
    expect(ticks[1]!.degraded).toEqual({ since: ticks[1]!.time, reasons: [{ kind: 'underlying', message: 'underlying QQQ has no usable price (NaN)' }] });
    const [alert] = await store.db.all<{ severity: string; message: string }>(`SELECT severity, message FROM alerts WHERE source = 'trading-state' ORDER BY time LIMIT 1`);
    expect(alert).toMatchObject({ severity: 'warning' });
  });

  it('enters DEGRADED when an underlying a position holds is missing from the tick', async () => {
    const { kernel } = await editedSimKernel((t, n) => (n === 2 ? { ...t, underlyings: t.underlyings.filter((u) => u.symbol !== 'QQQ') } : t));
    open.push(kernel);
    await kernel.start();
    kernel.adopt([spread]);
    const ticks = await steps(kernel, 2);
    expect(ticks[1]!.degraded?.reasons).toEqual([{ kind: 'underlying', message: 'underlying QQQ missing from the tick' }]);
  });

  it('enters DEGRADED when the feed has brought no market data for more than silentFeedSec, and leaves when data comes back', async () => {
    // Ticks 3–8 arrive empty (5-minute ticks: 25 minutes without data by tick 8, above 600 s from tick 5 on).
    const { kernel } = await editedSimKernel((t, n) => (n >= 3 && n <= 8 ? { time: t.time, underlyings: [], quotes: [] } : t));
    open.push(kernel);
    await kernel.start();
    const ticks = await steps(kernel, 12);
    // Silent on ticks 5–8; data again on 9; three clean ticks (9, 10, 11) end it on tick 11.
    expect(ticks.map((s) => s.tradingState)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'DEGRADED', 'DEGRADED', 'DEGRADED', 'DEGRADED', 'DEGRADED', 'DEGRADED', 'ACTIVE', 'ACTIVE']);
    expect(ticks[4]!.degraded?.reasons).toEqual([{ kind: 'silent-feed', message: 'no market data for 900 s (above silentFeedSec 600)' }]);
  });

  it('never loosens a stricter state: under HALTED the status stays HALTED while the data is bad, and DEGRADED shows beside it', async () => {
    const { kernel } = await editedSimKernel((t, n) => (n <= 3 ? { ...t, underlyings: t.underlyings.map((u) => ({ ...u, price: Number.NaN })) } : t));
    open.push(kernel);
    await kernel.start();
    kernel.control({ type: 'set-trading-state', state: 'HALTED', reason: 'test' });
    const ticks = await steps(kernel, 7);
    expect(ticks.map((s) => s.tradingState)).toEqual(Array(7).fill('HALTED'));
    expect(ticks[0]!.degraded?.reasons[0]!.kind).toBe('underlying');
    expect(ticks[6]!.degraded).toBeNull();
    expect(kernel.status().latchedTradingState).toBe('HALTED');
  });
});
