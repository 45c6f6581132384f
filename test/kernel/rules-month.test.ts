/**
 * Acceptance: each of the shipped rules fires in a designed situation on the simulated market, with the right
 * decision row, transitions and orders in the store. Positions are adopted on the sim chain (keys from the first tick
 * the kernel's own feed will deliver); the trading state is REDUCING so the strategies' own entries stay out of the way
 * (exits, rolls and portfolio decisions run as usual under REDUCING).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AdoptRequest, Kernel } from '../../engine/kernel/index.ts';
import type { SimMarketOptions } from '../../adapters/sim/index.ts';
import { atPnlPct, condorRequest, firstSimTick, pickQuote, simKernel, verticalRequest } from './helpers.ts';
import type { MarketTick } from '../../engine/domain/index.ts';

let open: Kernel | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

interface DecisionOut { id: string; tick_seq: number; position_id: string | null; rule: string; action: string; outcome: string; facts: string; preempted: string }
interface TransitionOut { position_id: string; from_state: string; to_state: string; event: string; decision_id: string | null }
interface OrderOut { client_order_id: string; position_id: string; purpose: string; style: string; status: string; legs: string }

/** Runs `ticks` ticks on a kernel holding the designed positions; returns what the store recorded. */
async function scenario(design: (t0: MarketTick) => AdoptRequest[], ticks: number, market: SimMarketOptions = {}, seed = 7) {
  const t0 = firstSimTick({ seed, market });
  const sim = await simKernel({ seed, market });
  open = sim.kernel;
  await sim.kernel.start();
  sim.kernel.control({ type: 'set-trading-state', state: 'REDUCING', reason: 'designed situation: no strategy entries' });
  const ids = sim.kernel.adopt(design(t0));
  await sim.kernel.run({ maxTicks: ticks });
  const db = sim.store.db;
  const decisions = await db.all<DecisionOut>(`SELECT id, tick_seq::INT AS tick_seq, position_id, rule, action, outcome, facts, preempted FROM decisions ORDER BY tick_seq, id`);
  const transitions = await db.all<TransitionOut>(`SELECT position_id, from_state, to_state, event, decision_id FROM transitions ORDER BY rowid`);
  const orders = await db.all<OrderOut>(`SELECT client_order_id, position_id, purpose, style, status, legs FROM orders ORDER BY created_at, client_order_id`);
  const positions = await db.all<{ id: string; state: string; outcome: string | null; close_rule: string | null; roll_count: number; parent_id: string | null; root_id: string }>(
    `SELECT id, state, outcome, close_rule, roll_count::INT AS roll_count, parent_id, root_id FROM positions ORDER BY id`);
  return { ids, decisions, transitions, orders, positions, kernel: sim.kernel, t0 };
}

type Run = Awaited<ReturnType<typeof scenario>>;

function firstDecision(r: Run, rule: string, positionId?: string): DecisionOut {
  const d = r.decisions.find((x) => x.rule === rule && (positionId === undefined || x.position_id === positionId));
  if (!d) throw new Error(`no ${rule} decision; decisions: ${JSON.stringify(r.decisions.map((x) => [x.tick_seq, x.position_id, x.rule, x.outcome]))}`);
  return d;
}

/** The position's path of states, from its transitions. */
function path(r: Run, id: string): string[] {
  const ts = r.transitions.filter((t) => t.position_id === id);
  return ts.length ? [ts[0].from_state, ...ts.map((t) => t.to_state)] : [];
}

/** A designed exit: the rule's decision is applied, the position goes managed → closing… → closed by that rule, with a close order of `style`. */
function expectClosedBy(r: Run, id: string, rule: string, style: 'limit' | 'marketable') {
  const d = firstDecision(r, rule, id);
  expect(d.action).toBe('close');
  expect(d.outcome).toBe('applied');
  const p = path(r, id);
  expect(p[0]).toBe('none');
  expect(p[1]).toBe('managed');
  expect(p.some((s) => s.startsWith('closing'))).toBe(true);
  expect(p.at(-1)).toBe('closed');
  const decided = r.transitions.find((t) => t.position_id === id && t.decision_id === d.id);
  expect(decided?.from_state).toBe('managed');
  expect(decided?.to_state.startsWith('closing')).toBe(true);
  const closes = r.orders.filter((o) => o.position_id === id);
  expect(closes[0].purpose).toBe('close');
  expect(closes[0].style).toBe(style);
  expect(closes.at(-1)!.status).toBe('filled');
  const pos = r.positions.find((x) => x.id === id)!;
  expect(pos.state).toBe('closed');
  expect(pos.close_rule).toBe(rule);
  return d;
}

const facts = (d: DecisionOut) => JSON.parse(d.facts) as Record<string, number | boolean | string | null>;
const T = 120_000;

describe('the shipped rules on the simulated market', () => {
  it('take-profit closes a condor at half its credit with a limit order', async () => {
    const r = await scenario((t0) => [{ ...atPnlPct(condorRequest(t0), t0, 0.6), id: 'tp' }], 12);
    const d = expectClosedBy(r, 'tp', 'take-profit', 'limit');
    expect(facts(d).pnlPct).toBeGreaterThanOrEqual(0.5);
    expect(d.tick_seq).toBe(1);
  }, T);

  it('trailing-stop closes a winner that gave back 15 points from its declared peak', async () => {
    const r = await scenario((t0) => [{ ...atPnlPct(condorRequest(t0), t0, 0.1), id: 'trail', peakPnlPct: 0.45 }], 12);
    const d = expectClosedBy(r, 'trail', 'trailing-stop', 'limit');
    expect(facts(d).peakPnlPct).toBeGreaterThanOrEqual(0.3);
    expect(facts(d).drawdownFromPeakPct).toBeGreaterThanOrEqual(0.15);
  }, T);

  it('iv-crush takes a modest profit when implied volatility fell 30% since entry', async () => {
    const r = await scenario((t0) => {
      const req = atPnlPct(condorRequest(t0), t0, 0.35);
      return [{ ...req, id: 'crush', ivAtEntry: (req.ivAtEntry ?? 0.2) * 2 }];
    }, 12);
    const d = expectClosedBy(r, 'crush', 'iv-crush', 'limit');
    expect(facts(d).ivChangePct).toBeLessThanOrEqual(-0.3);
    expect(facts(d).pnlPct).toBeLessThan(0.5);
  }, T);

  it('stop-loss closes a condor that lost 2.5× its credit', async () => {
    const r = await scenario((t0) => [{ ...atPnlPct(condorRequest(t0), t0, -2.5), id: 'stop' }], 12);
    const d = expectClosedBy(r, 'stop', 'stop-loss', 'limit');
    expect(facts(d).lossMultipleOfCredit).toBeGreaterThanOrEqual(2);
    expect(facts(d).lossMultipleOfCredit).toBeLessThan(3);
  }, T);

  it('catastrophe-stop closes marketable at 3.5× the credit, pre-empting stop-loss', async () => {
    const r = await scenario((t0) => [{ ...atPnlPct(condorRequest(t0), t0, -3.5), id: 'cat' }], 6);
    const d = expectClosedBy(r, 'cat', 'catastrophe-stop', 'marketable');
    expect(JSON.parse(d.preempted)).toContain('stop-loss');
  }, T);

  it('time-exit closes a condor at 21 days to expiry', async () => {
    const r = await scenario((t0) => [{ ...condorRequest(t0, { dte: 18, delta: 0.1 }), id: 'time' }], 12);
    const d = expectClosedBy(r, 'time', 'time-exit', 'limit');
    expect(facts(d).dte).toBeLessThanOrEqual(21);
  }, T);

  it('gamma-risk closes an at-the-money butterfly days before expiry', async () => {
    const r = await scenario((t0) => {
      const sp = pickQuote(t0, 'SPY', 'put', 4, 0.5);
      const sc = pickQuote(t0, 'SPY', 'call', 4, 0.5);
      const req = condorRequest(t0, { strategy: 'spy-iron-butterfly', dte: 4, delta: 0.5, width: 10, contracts: 3 });
      expect(sp.contract.expiry).toBe(sc.contract.expiry);
      return [{ ...req, id: 'gamma' }];
    }, 12);
    const d = expectClosedBy(r, 'gamma', 'gamma-risk', 'limit');
    expect(facts(d).dte).toBeLessThanOrEqual(7);
    expect(Math.abs(facts(d).gamma as number)).toBeGreaterThanOrEqual(5);
  }, T);

  it('delta-risk rolls a tested call spread out to the target DTE: managed → rolling → managed, roll-close then roll-open', async () => {
    const r = await scenario((t0) => [{ ...verticalRequest(t0, { strategy: 'spy-call-credit-spread', underlying: 'SPY', right: 'call', delta: 0.4, dte: 30 }), id: 'tested' }], 20);
    const d = firstDecision(r, 'delta-risk', 'tested');
    expect(d.action).toBe('roll');
    expect(d.outcome).toBe('applied');
    expect(facts(d).shortStrikeDelta).toBeGreaterThanOrEqual(0.3);
    rolled(r, 'tested', d);
  }, T);

  it('dte-roll rolls an out-of-the-money put spread a week before expiry', async () => {
    const r = await scenario((t0) => [{ ...verticalRequest(t0, { strategy: 'qqq-put-credit-spread', underlying: 'QQQ', right: 'put', delta: 0.1, dte: 4 }), id: 'near' }], 20);
    const d = firstDecision(r, 'dte-roll', 'near');
    expect(d.action).toBe('roll');
    expect(d.outcome).toBe('applied');
    expect(facts(d).dte).toBeLessThanOrEqual(7);
    expect(facts(d).itm).toBe(false);
    rolled(r, 'near', d);
  }, T);

  it('vix-exit, then the circuit breaker: a 8% fall over two days with the VIX to 40 closes the short-vol book at a loss and halts entries', async () => {
    const market = { script: [{ at: '+1d', underlying: 'SPY', movePct: -0.08, overDays: 2, vixTo: 40 }] };
    const r = await scenario((t0) => [1, 2, 3].map((i) => ({ ...condorRequest(t0, { delta: 0.12 + i * 0.02, contracts: 2 }), id: `crash${i}` })), 78 * 2 + 30, market);
    for (const id of ['crash1', 'crash2', 'crash3']) {
      const d = firstDecision(r, 'vix-exit', id);
      expect(d.outcome).toBe('applied');
      const f = facts(d);
      expect((f.vix as number) >= 35 || (f.vixChangePct as number) >= 0.2).toBe(true);
      expect(path(r, id).at(-1)).toBe('closed');
      expect(r.orders.filter((o) => o.position_id === id)[0].purpose).toBe('close');
    }
    const breaker = firstDecision(r, 'portfolio-circuit-breaker');
    expect(breaker.action).toBe('halt-entries');
    expect(breaker.outcome).toBe('applied');
    expect(breaker.position_id).toBeNull();
    const f = facts(breaker);
    expect((f.consecutiveLosses as number) >= 3 || (f.dailyPnlPct as number) <= -0.05 || (f.drawdownPct as number) <= -0.07).toBe(true);
  }, 300_000);

  it('portfolio-limits halts entries when twelve positions are open', async () => {
    const r = await scenario((t0) => Array.from({ length: 12 }, (_, i) => ({ ...condorRequest(t0, { delta: 0.08 + (i % 4) * 0.01, dte: 45 + (i % 3) * 7 }), id: `book${i}` })), 3);
    const d = firstDecision(r, 'portfolio-limits');
    expect(d.action).toBe('halt-entries');
    expect(d.outcome).toBe('applied');
    expect(facts(d).openPositions).toBe(12);
    expect(d.tick_seq).toBe(1);
    // recorded once, when the rule starts matching, not on every tick it keeps matching
    expect(r.decisions.filter((x) => x.rule === 'portfolio-limits')).toHaveLength(1);
  }, T);
});

/** A roll: the decision moves managed → rolling; a roll-close then a roll-open order fill; the position is managed again on new legs (or a new lineage member). */
function rolled(r: Run, id: string, d: DecisionOut) {
  const decided = r.transitions.find((t) => t.position_id === id && t.decision_id === d.id);
  expect(decided?.from_state).toBe('managed');
  expect(decided?.to_state.startsWith('rolling')).toBe(true);
  const orders = r.orders.filter((o) => o.position_id === id);
  expect(orders.map((o) => o.purpose).slice(0, 2)).toEqual(['roll-close', 'roll-open']);
  expect(orders.slice(0, 2).every((o) => o.status === 'filled')).toBe(true);
  const p = path(r, id);
  expect(p.some((s) => s.includes('closeOld'))).toBe(true);
  expect(p.some((s) => s.includes('openNew'))).toBe(true);
  const start = p.indexOf(decided!.to_state);
  expect(p.slice(start).find((s) => !s.startsWith('rolling'))).toBe('managed');
  const pos = r.positions.find((x) => x.id === id)!;
  expect(pos.state).toBe('managed');
  expect(pos.roll_count).toBe(1);
  expect(pos.root_id).toBe(id);
  const expiries = (o: OrderOut) => JSON.parse(o.legs).map((l: { contract: { expiry: string } }) => l.contract.expiry) as string[];
  const [closeOld, openNew] = orders;
  expect(Math.min(...expiries(openNew).map(Date.parse))).toBeGreaterThan(Math.max(...expiries(closeOld).map(Date.parse)));
}
