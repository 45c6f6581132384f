/**
 * A decided close must never silently become an expiry. A winning SPY iron condor is adopted at 15:50 New York on the
 * simulated market (5-minute ticks: the session's last tick is 15:55) with the paper broker filling at natural (a limit
 * at mid does not fill), so its take-profit close is decided at 15:50 with the shipped 35-minute reprice schedule
 * still ahead of it. On the code before this change the `day` order expired at the next open and the position went
 * back to `managed`, the decision forgotten. Now the close is either sent marketable before the close (when the
 * exit deadline has already passed) and filled the same day, or its expired order is re-sent for the same decision at
 * the next open and filled there; in both cases the realised P&L is the adoption credit plus the close fills.
 */
import { describe, expect, it } from 'vitest';
import { createPaperBroker, createSimMarket } from '../../adapters/sim/index.ts';
import { exchangeTime, fromExchangeTime } from '../../engine/domain/index.ts';
import type { BrokerEvent } from '../../engine/domain/index.ts';
import type { Broker } from '../../engine/ports/index.ts';
import { Kernel } from '../../engine/kernel/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore } from '../../engine/store/index.ts';
import { atPnlPct, condorRequest, firstSimTick, shippedConfig } from './helpers.ts';

const START = fromExchangeTime('2026-01-05', 950); // Monday 15:50 New York
const market = { seed: 7, start: START, tickMinutes: 5 };

/** The paper broker, reporting a day order's expiry at 16:00 of its session (as a live broker does), not at the next open. */
function expiringAtTheClose(inner: Broker): Broker {
  const atClose = (e: BrokerEvent): BrokerEvent => {
    if (e.type !== 'expired') return e;
    const prev = fromExchangeTime(exchangeTime(e.time - 16 * 3_600_000).date, 960);
    return { ...e, time: prev };
  };
  return Object.assign(Object.create(inner) as Broker, { drainEvents: () => inner.drainEvents().map(atClose) });
}

async function run(exitDeadlineBeforeCloseMin: number | undefined, reportAtClose = false) {
  const shipped = await shippedConfig();
  const strategies = shipped.strategies.map((s) =>
    s.name === 'spy-iron-condor' && exitDeadlineBeforeCloseMin !== undefined ? { ...s, execution: { ...s.execution, exitDeadlineBeforeCloseMin } } : s);
  const config = { ...shipped, strategies };
  const store = await openStore(':memory:');
  const broker = createPaperBroker({ startingCashCents: config.settings.startingEquity * 100 });
  const kernel = new Kernel({ config, store, feed: createSimMarket({ ...market, rate: config.settings.riskFreeRate }), broker: reportAtClose ? expiringAtTheClose(broker) : broker, clock: new ManualClock(0) });
  await kernel.start();
  kernel.control({ type: 'set-trading-state', state: 'REDUCING', reason: 'test: no new entries' });
  const t0 = firstSimTick({ market });
  expect(exchangeTime(t0.time)).toMatchObject({ date: '2026-01-05', minutes: 950 });
  const req = { ...atPnlPct(condorRequest(t0, { delta: 0.1 }), t0, 0.6), id: 'winner' };
  kernel.adopt([req]);
  const times: number[] = [];
  for (let i = 0; i < 12; i++) {
    const s = await kernel.step();
    if (!s) break;
    times.push(s.time);
    const rows = await store.db.all<{ n: number }>(`SELECT count(*)::INT AS n FROM transitions WHERE position_id = 'winner' AND to_state = 'closed'`);
    if (rows[0].n > 0) break;
  }
  await kernel.flush();
  const q = <T>(sql: string) => store.db.all<T>(sql);
  const decisions = await q<{ id: string; rule: string; action: string; tick_time: number }>(`SELECT id, rule, action, tick_time FROM decisions WHERE position_id = 'winner' AND outcome = 'applied' ORDER BY tick_seq`);
  const orders = await q<{ id: string; status: string; style: string; created_at: number }>(`SELECT client_order_id AS id, status, style, created_at FROM orders WHERE position_id = 'winner' ORDER BY created_at, client_order_id`);
  const fills = await q<{ quantity: number; net_price: number; commission_cents: number; client_order_id: string; time: number }>(`SELECT quantity, net_price, commission_cents, client_order_id, time FROM fills WHERE position_id = 'winner'`);
  const transitions = await q<{ from_state: string; to_state: string; event: string; decision_id: string | null }>(`SELECT from_state, to_state, event, decision_id FROM transitions WHERE position_id = 'winner'`);
  const alerts = await q<{ severity: string; message: string }>(`SELECT severity, message FROM alerts WHERE position_id = 'winner'`);
  const snap = (await q<{ snapshot: string }>(`SELECT snapshot FROM snapshots WHERE position_id = 'winner'`))[0];
  const ctx = snap ? (JSON.parse(snap.snapshot) as { context: { realizedPnl: number | null; expiries?: unknown[] } }).context : null;
  await kernel.close();
  // cents: dollars per share × 100 shares per contract × 100 cents (adoption books no commission)
  const credit = Math.round(req.legs.reduce((s, l) => s - l.quantity * l.entryPrice * 100 * 100, 0));
  const closeCash = fills.reduce((s, f) => s - Math.round(f.net_price * f.quantity * 100 * 100) - f.commission_cents, 0);
  return { decisions, orders, fills, transitions, alerts, ctx, credit, closeCash, times };
}

describe('a take-profit close decided at 15:50', () => {
  it('is re-sent for the same decision at the next open when its order expires at the close, and fills there', async () => {
    const r = await run(undefined);
    expect(r.decisions.map((d) => [d.rule, d.action])).toEqual([['take-profit', 'close']]);
    expect(exchangeTime(r.decisions[0].tick_time)).toMatchObject({ date: '2026-01-05', minutes: 950 });
    // the first close order reached marketable before the close (compressed schedule) but the session ended first
    expect(r.orders.map((o) => o.status)).toEqual(['expired', 'filled']);
    const expiry = r.transitions.find((t) => t.event === 'BROKER.expired')!;
    expect(expiry).toMatchObject({ from_state: 'closing.marketable', to_state: 'closing.submitting', decision_id: r.decisions[0].id });
    expect(r.alerts.some((a) => a.severity === 'warning' && /close order winner-o\d+ for take-profit .* expired unfilled; re-sent as winner-o\d+ for the same decision/.test(a.message))).toBe(true);
    expect(r.fills.every((f) => f.client_order_id === r.orders[1].id)).toBe(true);
    expect(exchangeTime(r.fills[0].time)).toMatchObject({ date: '2026-01-06' });
    expect(r.transitions.at(-1)).toMatchObject({ to_state: 'closed' });
    expect(r.ctx?.realizedPnl ?? null).toBe(r.credit + r.closeCash);
    expect(r.ctx?.expiries).toMatchObject([{ clientOrderId: r.orders[0].id, purpose: 'close', decisionId: r.decisions[0].id, rule: 'take-profit', then: 'resent' }]);
  });

  it('goes marketable at once when decided after the exit deadline, and fills before the session closes', async () => {
    const r = await run(15);
    expect(r.orders).toHaveLength(1);
    expect(r.orders[0]).toMatchObject({ status: 'filled', style: 'marketable' });
    expect(exchangeTime(r.fills[0].time)).toMatchObject({ date: '2026-01-05', minutes: 955 });
    expect(r.alerts.some((a) => /close placed within 15 min of the session close; sent marketable/.test(a.message))).toBe(true);
    expect(r.transitions.at(-1)).toMatchObject({ to_state: 'closed' });
    expect(r.ctx?.realizedPnl ?? null).toBe(r.credit + r.closeCash);
  });

  it('waits in closing.awaitingOpen when the expiry is reported at the close, and re-sends at the next open', async () => {
    const r = await run(undefined, true);
    expect(r.decisions).toHaveLength(1);
    expect(r.orders.map((o) => o.status)).toEqual(['expired', 'filled']);
    const steps = r.transitions.map((t) => [t.from_state, t.to_state, t.event, t.decision_id]);
    const id = r.decisions[0].id;
    expect(steps).toContainEqual(['closing.marketable', 'closing.awaitingOpen', 'BROKER.expired', id]);
    expect(steps).toContainEqual(['closing.awaitingOpen', 'closing.submitting', 'TICK', id]);
    expect(r.alerts.some((a) => /expired unfilled at the session close; it stays decided and is re-sent at the open \(2026-01-06 09:30 New York\)/.test(a.message))).toBe(true);
    expect(r.alerts.some((a) => /re-sent at the open as winner-o\d+/.test(a.message))).toBe(true);
    expect(r.ctx?.expiries).toMatchObject([{ then: 'waiting-for-open', decisionId: id }]);
    expect(r.transitions.at(-1)).toMatchObject({ to_state: 'closed' });
    expect(r.ctx?.realizedPnl ?? null).toBe(r.credit + r.closeCash);
  });
});
