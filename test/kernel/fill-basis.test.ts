/**
 * The entry basis comes from the fills: on the simulated market with the paper broker (which fills at the natural
 * price, often after repricing, so fills rarely land on the planned limit), every position's credit, max profit and
 * max loss in the store and in the facts equal the figures recomputed from the fills table, not from the limit the
 * entry planned.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Kernel } from '../../engine/kernel/index.ts';
import { computeFacts } from '../../engine/facts/index.ts';
import type { LegFill } from '../../engine/domain/index.ts';
import { simKernel } from './helpers.ts';

let open: Kernel | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

interface Leg { key: string; right: string; strike: number; side: string; ratio: number }

/** Max profit and loss of `units` units opened for `premium` cents, from the payoff at expiry at 0 and every strike. */
function basis(legs: Leg[], premium: number, units: number): { maxProfit: number | null; maxLoss: number | null } {
  const at = (s: number) => legs.reduce((v, l) => v + (l.side === 'buy' ? 1 : -1) * l.ratio * (l.right === 'put' ? Math.max(l.strike - s, 0) : Math.max(s - l.strike, 0)), 0);
  const values = [0, ...legs.map((l) => l.strike)].map((s) => premium + Math.round(units * at(s) * 100 * 100));
  const slope = legs.filter((l) => l.right === 'call').reduce((s, l) => s + (l.side === 'buy' ? 1 : -1) * l.ratio, 0);
  return { maxProfit: slope > 0 ? null : Math.max(...values), maxLoss: slope < 0 ? null : Math.max(0, -Math.min(...values)) };
}

describe('the entry basis on the simulated market', () => {
  it('books credit, max profit and max loss from the opening fills, not from the planned limit', async () => {
    const { kernel, store } = await simKernel();
    open = kernel;
    await kernel.run({ maxTicks: 50 });
    const rows = await store.db.all<{ id: string; credit_cents: number; max_profit_cents: number | null; max_loss_cents: number | null }>(
      `SELECT id, credit_cents::DOUBLE AS credit_cents, max_profit_cents::DOUBLE AS max_profit_cents, max_loss_cents::DOUBLE AS max_loss_cents
       FROM positions WHERE roll_count = 0 AND state IN ('managed', 'closing')`);
    expect(rows.length).toBeGreaterThan(0);
    const facts = await computeFacts(store, { now: kernel.status().lastTickTime ?? 0, tradingState: 'ACTIVE', startingEquityCents: 0, consecutiveLosses: 0 });
    let offLimit = 0;
    for (const p of rows) {
      const fills = await store.db.all<{ quantity: number; net_price: number; legs: string }>(
        `SELECT quantity::INT AS quantity, net_price, legs FROM fills WHERE client_order_id = ? ORDER BY time, fill_id`, [`${p.id}-o1`]);
      expect(fills.length, p.id).toBeGreaterThan(0);
      const [order] = await store.db.all<{ legs: string }>(`SELECT legs FROM orders WHERE client_order_id = ?`, [`${p.id}-o1`]);
      const orderLegs = (JSON.parse(order.legs) as { contract: { right: string; strike: number; multiplier: number }; side: string; ratio: number; key?: string }[]);
      let premium = 0;
      let units = 0;
      for (const f of fills) {
        units += f.quantity;
        for (const l of JSON.parse(f.legs) as LegFill[]) premium += (l.side === 'sell' ? 1 : -1) * Math.round(l.price * l.quantity * 100 * 100);
      }
      const legs: Leg[] = orderLegs.map((l) => ({ key: '', right: l.contract.right, strike: l.contract.strike, side: l.side, ratio: l.ratio }));
      const want = basis(legs, premium, units);
      expect({ credit: p.credit_cents, maxProfit: p.max_profit_cents, maxLoss: p.max_loss_cents }, p.id).toEqual({ credit: premium, ...want });
      const f = facts.positions.get(p.id)!;
      expect({ credit: f.credit, maxProfit: f.maxProfit, maxLoss: f.maxLoss }, p.id).toEqual({
        credit: premium > 0 ? premium / 100 : 0, maxProfit: want.maxProfit === null ? null : want.maxProfit / 100, maxLoss: want.maxLoss === null ? null : want.maxLoss / 100,
      });
      const [entry] = await store.db.all<{ facts: string }>(`SELECT facts FROM decisions WHERE position_id = ? AND action = 'open'`, [p.id]);
      const plannedLimit = (JSON.parse(entry.facts) as { limitPrice: number }).limitPrice;
      const avgFill = -premium / (units * 100 * 100);
      if (Math.abs(avgFill - plannedLimit) >= 0.005) offLimit += 1;
    }
    // The basis differs from the planned limit's for these positions: the planned figures would not pass the checks above.
    expect(offLimit).toBeGreaterThan(0);
  });
});
