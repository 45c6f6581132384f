import { afterEach, describe, expect, it } from 'vitest';
import { createDailySummary } from '../../bin/wiring/notify-summary.ts';
import type { TickSummary } from '../../engine/kernel/index.ts';
import { openStore, type AlertRow, type Store } from '../../engine/store/index.ts';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const at = (iso: string) => Date.parse(iso);
const tick = (time: number, over: Partial<TickSummary> = {}): TickSummary => ({
  seq: 1, time, configVersion: 'cfg-test', tradingState: 'ACTIVE', latchedTradingState: 'ACTIVE', degraded: null, entriesHalted: null,
  brokerStatus: 'connected', openPositions: 3, entered: 0, closed: 0, decisions: 0, orders: 0, fills: 0, equity: 10_012_500, pnl: 12_500, ...over,
});
const decision = (rule: string, n: number, time: number) => ({ id: `d${n}`, tickTime: time, tickSeq: n, positionId: 'p1', rule, action: 'close', priority: 10, severity: 'info', facts: {}, preempted: [], trace: null, configVersion: 'cfg-test', outcome: 'sent' });

async function day(s: Store) {
  const t0 = at('2026-03-02T14:31:00Z'); // 09:31 New York
  await s.beginTick();
  await s.commitTick({
    seq: 1, time: t0, configVersion: 'cfg-test',
    equity: { time: t0, equityCents: 10_000_000, cashCents: 10_000_000, dailyPnlPct: 0, drawdownPct: 0 },
    decisions: [decision('take-profit', 1, t0), decision('take-profit', 2, t0), decision('stop-loss', 3, t0)],
    alerts: [{ time: t0, severity: 'warning', source: 'broker', positionId: null, message: 'order rejected' }],
  });
}

describe('the daily summary', () => {
  it('is raised once at the first tick at or after 16:00 New York, with the day\'s P&L, positions, decisions by rule and what was unusual', async () => {
    store = await openStore(':memory:');
    await day(store);
    const raised: AlertRow[] = [];
    const summary = createDailySummary(store.reads, (a) => raised.push(a));
    await summary(tick(at('2026-03-02T20:59:00Z'))); // 15:59
    expect(raised).toEqual([]);
    await summary(tick(at('2026-03-02T21:00:00Z'), { tradingState: 'REDUCING' }));
    await summary(tick(at('2026-03-02T21:05:00Z')));
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ severity: 'info', source: 'summary', positionId: null, time: at('2026-03-02T21:00:00Z') });
    expect(raised[0].message).toBe('daily summary 2026-03-02: P&L today $125.00 (book $125.00), equity $100,125.00, 3 open position(s); decisions by rule: take-profit 2, stop-loss 1; unusual: trading state REDUCING, 1 warning(s)');
  });

  it('covers a day whose ticks stopped before 16:00 at the next day\'s first tick, and is not sent twice after a restart', async () => {
    store = await openStore(':memory:');
    await day(store);
    const raised: AlertRow[] = [];
    const summary = createDailySummary(store.reads, (a) => raised.push(a));
    await summary(tick(at('2026-03-02T20:30:00Z'))); // 15:30, the last tick of the day
    await summary(tick(at('2026-03-03T14:31:00Z'))); // next morning
    expect(raised.map((a) => [a.time, a.message.slice(0, 26)])).toEqual([[at('2026-03-02T20:30:00Z'), 'daily summary 2026-03-02: ']]);

    // Stored (the kernel commits it with the next tick); a restarted notifier finds it and stays quiet.
    await store.beginTick();
    await store.commitTick({ seq: 2, time: at('2026-03-03T14:32:00Z'), configVersion: 'cfg-test', alerts: raised });
    const again: AlertRow[] = [];
    const restarted = createDailySummary(store.reads, (a) => again.push(a));
    await restarted(tick(at('2026-03-02T20:30:00Z')));
    await restarted(tick(at('2026-03-03T14:33:00Z')));
    expect(again).toEqual([]);
  });
});
