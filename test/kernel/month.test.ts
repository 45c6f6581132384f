/**
 * A simulated month of the shipped strategies and rules, untouched: entries by schedule, a 7% two-day selloff with the
 * VIX to 38 in the second week, a recovery after. The rules fire on their own; the test checks that every decision,
 * transition, order and close tells one consistent story (the designed situation for each rule is in
 * rules-month.test.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Kernel } from '../../engine/kernel/index.ts';
import { simKernel } from './helpers.ts';

let open: Kernel | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

const MONTH = {
  tickMinutes: 15, days: 22,
  script: [
    { at: '+8d', underlying: ['SPY', 'QQQ'], movePct: -0.07, overDays: 2, vixTo: 38 },
    { at: '+12d', underlying: ['SPY', 'QQQ'], movePct: 0.05, overDays: 4, vixTo: 17 },
  ],
};

describe('a simulated month', () => {
  it('opens, manages and closes positions by the rules, and the store tells one consistent story', async () => {
    const { kernel, store, broker, config } = await simKernel({ seed: 7, market: MONTH });
    open = kernel;
    const ticks = await kernel.run({});
    expect(ticks).toBe(22 * 26);
    const q = <T>(sql: string) => store.db.all<T>(sql);
    const decisions = await q<{ id: string; tick_time: number; position_id: string | null; rule: string; action: string; outcome: string }>(
      `SELECT id, tick_time::DOUBLE AS tick_time, position_id, rule, action, outcome FROM decisions ORDER BY tick_seq, id`);
    const applied = decisions.filter((d) => d.outcome === 'applied');
    const ruleNames = new Set(config.rules.map((r) => r.name));
    const fired = new Set(applied.filter((d) => ruleNames.has(d.rule)).map((d) => d.rule));
    // The month exercises most of the book's rules on its own: stops, profits, rolls, volatility and the portfolio.
    for (const rule of ['vix-exit', 'delta-risk', 'take-profit', 'trailing-stop', 'stop-loss', 'portfolio-circuit-breaker', 'portfolio-limits']) expect(fired).toContain(rule);
    const selloff = (await q<{ t: number }>(`SELECT min(time)::DOUBLE AS t FROM ticks WHERE seq > 8 * 26`))[0].t;
    expect(applied.find((d) => d.rule === 'vix-exit')!.tick_time).toBeGreaterThanOrEqual(selloff);

    const transitions = await q<{ position_id: string; from_state: string; to_state: string; decision_id: string | null }>(`SELECT position_id, from_state, to_state, decision_id FROM transitions`);
    const byDecision = new Map(transitions.filter((t) => t.decision_id).map((t) => [t.decision_id!, t]));
    // Every applied exit or roll moved its position out of managed (or, for an escalation, within closing).
    for (const d of applied.filter((x) => x.position_id && ['close', 'roll', 'reduce'].includes(x.action))) {
      const t = byDecision.get(d.id);
      expect(t, `decision ${d.id} (${d.rule}) has no transition`).toBeDefined();
      expect(t!.position_id).toBe(d.position_id);
      expect(t!.from_state === 'managed' || t!.from_state.startsWith('closing')).toBe(true);
    }
    const positions = await q<{ id: string; state: string; outcome: string | null; close_rule: string | null }>(`SELECT id, state, outcome, close_rule FROM positions`);
    expect(positions.length).toBeGreaterThan(10);
    for (const p of positions.filter((x) => x.outcome === 'closed-by-rule')) {
      expect(applied.some((d) => d.position_id === p.id && d.rule === p.close_rule), `${p.id} closed by ${p.close_rule} without that decision`).toBe(true);
    }
    // A closed position holds no legs (a failed roll never leaves naked legs behind); every fill belongs to an order.
    const leftovers = await q<{ n: number }>(`SELECT count(*)::INT AS n FROM legs l JOIN positions p ON p.id = l.position_id WHERE p.state = 'closed'`);
    expect(leftovers[0].n).toBe(0);
    const orphans = await q<{ n: number }>(`SELECT count(*)::INT AS n FROM fills WHERE client_order_id NOT IN (SELECT client_order_id FROM orders)`);
    expect(orphans[0].n).toBe(0);
    const purposes = await q<{ purpose: string }>(`SELECT DISTINCT o.purpose FROM orders o JOIN positions p ON p.id = o.position_id`);
    expect(purposes.some((x) => x.purpose === 'open')).toBe(true);
    expect(purposes.some((x) => x.purpose === 'close')).toBe(true);
    expect(purposes.some((x) => x.purpose === 'roll-close')).toBe(true);
    // The paper broker's book equals the legs the store holds open.
    const legs = await q<{ key: string; qty: number }>(`SELECT l.key, sum(l.quantity)::INT AS qty FROM legs l JOIN positions p ON p.id = l.position_id WHERE p.state <> 'closed' GROUP BY l.key HAVING sum(l.quantity) <> 0`);
    const book = Object.fromEntries((await broker.positions()).filter((p) => p.quantity !== 0).map((p) => [p.key, p.quantity]));
    expect(Object.fromEntries(legs.map((l) => [l.key, l.qty]))).toEqual(book);
  }, 300_000);
});
