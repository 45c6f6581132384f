/**
 * 1-2-1 structures end to end: each catalogue entry with a ratio-2 leg (the long call and put butterflies) opened by
 * the real kernel on the simulated market and the paper broker, held, and closed by a rule. The entry order carries
 * the ratios, the paper broker fills 1/2/1 contracts per unit, the store's legs and the facts hold 1/−2/1 × contracts,
 * max loss is the debit paid, and the realised P&L is what the fills and commissions add up to (and what the broker's
 * cash moved by).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFromFiles, type ResolvedConfig } from '../../engine/config/index.ts';
import { fromExchangeTime, type LegFill } from '../../engine/domain/index.ts';
import { computeFacts } from '../../engine/facts/index.ts';
import { Kernel } from '../../engine/kernel/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore, type Store } from '../../engine/store/index.ts';
import { createPaperBroker, createSimMarket } from '../../adapters/sim/index.ts';
import { repoRoot } from './helpers.ts';
import { STRUCTURE_LIST } from '../../engine/catalogue/index.ts';

const START = fromExchangeTime('2026-01-05', 10 * 60); // a Monday, 10:00 New York
const CONTRACTS = 2;
const WIDTH = 5;

/** The catalogue's ratio structures: every one with a leg of ratio 2 or more (the long call and put butterflies). */
const RATIO_STRUCTURES = STRUCTURE_LIST.filter((t) => t.legs.some((l) => l.ratio > 1));

const strategies = (structure: string) => `
strategies:
  - name: spy-fly
    tags: [debit]
    underlying: SPY
    structure: ${structure}
    legs: { targetDelta: 0.5, wingWidth: ${WIDTH}, dte: { min: 30, max: 50, target: 40 } }
    entry: { maxOpen: 1 }
    sizing: { contracts: ${CONTRACTS} }
    manage: { rules: [fly-exit] }
    execution: { startPrice: natural, repriceStep: 0.05, repriceIntervalSeconds: 300, maxReprices: 3, onTimeout: marketable }
`;

const FLY_EXIT = `
rules:
  - name: fly-exit
    description: Close the butterfly after a day in the trade.
    priority: 10
    scope: position
    appliesTo: [spy-fly]
    when:
      all:
        - fact: daysInTrade
          operator: greaterThanInclusive
          value: 1
    then:
      action: close
      orderStyle: marketable
      message: test exit
    severity: info
`;

function config(structure: string): ResolvedConfig {
  const files = [{ path: 'strategies.yaml', text: strategies(structure) }, { path: 'rules/fly.yaml', text: FLY_EXIT }, { path: 'facts.yaml', text: readFileSync(join(repoRoot, 'facts.yaml'), 'utf8') }];
  for (const f of readdirSync(join(repoRoot, 'rules')).filter((n) => /\.ya?ml$/.test(n))) files.push({ path: `rules/${f}`, text: readFileSync(join(repoRoot, 'rules', f), 'utf8') });
  const { config: c, findings } = loadConfigFromFiles(files);
  if (!c) throw new Error(findings.map((x) => `${x.file}:${x.line} ${x.code} ${x.message}`).join('; '));
  return c;
}

let open: Kernel | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

interface OrderRow { client_order_id: string; purpose: string; status: string; quantity: number; legs: string }
interface FillRow { client_order_id: string; quantity: number; legs: string; commission_cents: number }

const orders = (store: Store) => store.db.all<OrderRow>(`SELECT client_order_id, purpose, status, quantity::INT AS quantity, legs FROM orders ORDER BY created_at, client_order_id`);
const fills = (store: Store) => store.db.all<FillRow>(`SELECT client_order_id, quantity::INT AS quantity, legs, commission_cents::DOUBLE AS commission_cents FROM fills ORDER BY time, fill_id`);
const legRows = (store: Store, id: string) => store.db.all<{ strike: number; quantity: number }>(`SELECT strike, quantity::INT AS quantity FROM legs WHERE position_id = ? ORDER BY strike`, [id]);

describe('ratio structures on the paper broker', () => {
  it('has the butterflies to run', () => {
    expect(RATIO_STRUCTURES.map((t) => t.name)).toEqual(expect.arrayContaining(['long-call-butterfly', 'long-put-butterfly']));
  });

  it.each(RATIO_STRUCTURES.map((t) => [t.name, t] as const))('opens a %s 1/−2/1 × contracts, books max loss = debit, and closes with the P&L its fills add up to', async (name, t) => {
    const cfg = config(name);
    const store = await openStore(':memory:');
    const broker = createPaperBroker({ startingCashCents: cfg.settings.startingEquity * 100 });
    const kernel = new Kernel({
      config: cfg, store, broker, clock: new ManualClock(0),
      feed: createSimMarket({ seed: 11, start: START, weeklyDays: 50, monthlyDays: 60, strikeRangePct: 0.15, rate: cfg.settings.riskFreeRate }),
    });
    open = kernel;
    await kernel.start();
    const cashBefore = broker.cashCents();

    // Run until the entry has filled.
    let id: string | null = null;
    for (let i = 0; i < 20 && !id; i++) {
      await kernel.step();
      const [p] = await store.db.all<{ id: string }>(`SELECT id FROM positions WHERE state IN ('managed', 'closing')`);
      id = p?.id ?? null;
    }
    expect(id).not.toBeNull();
    const positionId = id as string;

    const [entry] = await orders(store);
    expect(entry.purpose).toBe('open');
    expect(entry.status).toBe('filled');
    expect(entry.quantity).toBe(CONTRACTS);
    const entryLegs = JSON.parse(entry.legs) as { contract: { right: string; strike: number }; side: string; ratio: number }[];
    expect(entryLegs.map((l) => `${l.side} ${l.ratio} ${l.contract.right}`)).toEqual(t.legs.map((l) => `${l.side} ${l.ratio} ${l.right}`));
    expect(entryLegs.map((l) => l.ratio)).toEqual([1, 2, 1]);
    const [lo, mid, hi] = entryLegs.map((l) => l.contract.strike).sort((a, b) => a - b);
    expect([mid - lo, hi - mid]).toEqual([WIDTH, WIDTH]);

    // The paper broker filled ratio × units on every leg; the store's legs hold the signed quantities.
    const entryFills = (await fills(store)).filter((f) => f.client_order_id === entry.client_order_id);
    expect(entryFills.reduce((n, f) => n + f.quantity, 0)).toBe(CONTRACTS);
    const filledPerLeg = new Map<string, number>();
    for (const f of entryFills) for (const l of JSON.parse(f.legs) as LegFill[]) filledPerLeg.set(`${l.side} ${l.key}`, (filledPerLeg.get(`${l.side} ${l.key}`) ?? 0) + l.quantity);
    expect([...filledPerLeg.values()]).toEqual([CONTRACTS, 2 * CONTRACTS, CONTRACTS]);
    const held = [{ strike: lo, quantity: CONTRACTS }, { strike: mid, quantity: -2 * CONTRACTS }, { strike: hi, quantity: CONTRACTS }];
    expect(await legRows(store, positionId)).toEqual(held);
    expect((await broker.positions()).map((p) => ({ strike: p.contract.strike, quantity: p.quantity })).sort((a, b) => a.strike - b.strike)).toEqual(held);

    // Max loss is the debit paid; max profit the width less the debit; the facts agree with the store.
    const [pos] = await store.db.all<{ credit: number; max_loss: number; max_profit: number; contracts: number }>(
      `SELECT credit_cents::DOUBLE AS credit, max_loss_cents::DOUBLE AS max_loss, max_profit_cents::DOUBLE AS max_profit, contracts::INT AS contracts FROM positions WHERE id = ?`, [positionId]);
    const debitCents = -pos.credit;
    expect(debitCents).toBeGreaterThan(0);
    expect(pos.max_loss).toBe(debitCents);
    expect(pos.max_profit).toBe(WIDTH * 100 * 100 * CONTRACTS - debitCents);
    expect(pos.contracts).toBe(CONTRACTS);
    const facts = await computeFacts(store, { now: kernel.status().lastTickTime ?? 0, tradingState: 'ACTIVE', startingEquityCents: 0, consecutiveLosses: 0 });
    const f = facts.positions.get(positionId)!;
    expect({ debit: f.debit, maxLoss: f.maxLoss, contracts: f.contracts, structure: f.structure }).toEqual({ debit: debitCents / 100, maxLoss: debitCents / 100, contracts: CONTRACTS, structure: name });
    // Greeks weigh each leg by its signed quantity: the body counts twice.
    const greeks = await store.db.all<{ delta: number; gamma: number }>(
      `SELECT sum(l.quantity * q.delta * l.multiplier) AS delta, sum(l.quantity * q.gamma * l.multiplier) AS gamma FROM legs l JOIN quotes q ON q.key = l.key WHERE l.position_id = ?`, [positionId]);
    const hot = kernel.lastFacts()?.positions.get(positionId); // the kernel's in-memory facts of the same tick
    for (const x of [f, hot!]) {
      expect(x.delta).toBeCloseTo(greeks[0].delta, 9);
      expect(x.gamma).toBeCloseTo(greeks[0].gamma, 9);
      expect(x.contracts).toBe(CONTRACTS);
    }
    expect(Math.abs(f.gamma as number)).toBeGreaterThan(0);

    // Hold until the exit rule has closed it.
    for (let i = 0; i < 400; i++) {
      await kernel.step();
      const [p] = await store.db.all<{ state: string }>(`SELECT state FROM positions WHERE id = ?`, [positionId]);
      if (p.state === 'closed') break;
    }
    const [closed] = await store.db.all<{ state: string; close_rule: string; realized: number }>(
      `SELECT state, close_rule, realized_pnl_cents::DOUBLE AS realized FROM positions WHERE id = ?`, [positionId]);
    expect([closed.state, closed.close_rule]).toEqual(['closed', 'fly-exit']);
    const all = await orders(store);
    const exit = all.find((o) => o.purpose === 'close')!;
    expect(exit.status).toBe('filled');
    expect((JSON.parse(exit.legs) as { side: string; ratio: number }[]).map((l) => `${l.side} ${l.ratio}`)).toEqual(['sell 1', 'buy 2', 'sell 1']);
    expect(await legRows(store, positionId)).toEqual([]); // a closed position holds no legs

    // Realised P&L = Σ fills (sells +, buys −) × contracts × multiplier − commissions, and the broker's cash moved by it.
    let sum = 0;
    for (const x of await fills(store)) {
      for (const l of JSON.parse(x.legs) as LegFill[]) sum += (l.side === 'sell' ? 1 : -1) * Math.round(l.price * l.quantity * 100 * 100);
      sum -= x.commission_cents;
    }
    expect(closed.realized).toBe(sum);
    expect(broker.cashCents() - cashBefore).toBe(sum);
  });
});
