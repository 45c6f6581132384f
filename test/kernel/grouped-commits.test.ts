import { describe, expect, it } from 'vitest';
import { Kernel } from '../../engine/kernel/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore } from '../../engine/store/index.ts';
import { createPaperBroker, createSimMarket } from '../../adapters/sim/index.ts';
import { shippedConfig } from './helpers.ts';

const TABLES: Record<string, string> = {
  ticks: 'SELECT seq::INT, time::DOUBLE, config_version FROM ticks ORDER BY seq',
  equity: 'SELECT time::DOUBLE, equity_cents::DOUBLE, cash_cents::DOUBLE FROM equity ORDER BY time',
  positions: 'SELECT id, state, phase, cash_flow_cents::DOUBLE, peak_pnl_pct, contracts::INT, outcome, realized_pnl_cents::DOUBLE FROM positions ORDER BY id',
  legs: 'SELECT position_id, key, quantity::INT FROM legs ORDER BY position_id, key',
  orders: 'SELECT client_order_id, status, filled::INT, limit_price, style FROM orders ORDER BY client_order_id',
  fills: 'SELECT fill_id, client_order_id, quantity::INT, net_price FROM fills ORDER BY fill_id',
  decisions: 'SELECT id, tick_seq::INT, position_id, rule, action, outcome FROM decisions ORDER BY id',
  transitions: 'SELECT position_id, from_state, to_state, event, tick_time::DOUBLE FROM transitions ORDER BY tick_time, position_id, from_state, to_state',
  snapshots: 'SELECT position_id, snapshot::VARCHAR FROM snapshots ORDER BY position_id',
  alerts: 'SELECT time::DOUBLE, source, message FROM alerts ORDER BY time, message',
};

async function run(commitEvery: number) {
  const config = await shippedConfig();
  const store = await openStore(':memory:');
  const kernel = new Kernel({ config, store, feed: createSimMarket({ seed: 3, days: 3 }), broker: createPaperBroker({ startingCashCents: 10_000_000 }), clock: new ManualClock(0), commitEvery });
  await kernel.run();
  const out: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(TABLES)) out[name] = await store.db.all(sql);
  await kernel.close();
  return out;
}

describe('grouped commits (commitEvery, for in-memory runs)', () => {
  it('leave exactly the store one commit per tick leaves', async () => {
    const every = await run(1);
    const grouped = await run(25);
    expect((every.ticks as unknown[]).length).toBe(3 * 78);
    expect((every.fills as unknown[]).length).toBeGreaterThan(0);
    for (const name of Object.keys(TABLES)) expect(grouped[name], name).toEqual(every[name]);
  }, 240_000);

  it('are refused on a database file, where every tick must be durable before its orders are sent', async () => {
    const config = await shippedConfig();
    const store = await openStore(`/tmp/tickwise-grouped-${process.pid}.duckdb`);
    expect(() => new Kernel({ config, store, feed: createSimMarket({ seed: 3 }), broker: createPaperBroker(), clock: new ManualClock(0), commitEvery: 10 })).toThrow(/TW_KERNEL_COMMIT_EVERY|commitEvery 10/);
    await store.close();
  });
});
