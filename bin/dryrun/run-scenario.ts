/**
 * Runs one scenario through the real kernel: the scenario feed (or a replay), the paper broker (latency 0), a manual
 * clock and an in-memory DuckDB. Operator controls of a tick are queued right before that tick. Everything the kernel
 * publishes is recorded, with the facts and states after every tick.
 */
import type { Kernel, AlertRecord, DecisionRecord, TransitionRecord } from '../../engine/kernel/index.ts';
import type { ControlCommand } from '../../engine/kernel/index.ts';
import { openStore } from '../../engine/store/index.ts';
import type { ResolvedConfig } from '../../engine/config/index.ts';
import type { MarketFeed } from '../../engine/ports/index.ts';
import { inMemoryKernel, paperBrokerFor } from '../wiring/recorded.ts';
import { createReplayFeed } from '../../adapters/replay/index.ts';
import { createScenarioFeed, type Scenario, type ScenarioTick } from '../../adapters/scenario/index.ts';
import { twError } from '../../engine/errors/index.ts';
import type { Broker } from '../../engine/ports/index.ts';
import { contractKey, type BrokerEvent, type OptionContract } from '../../engine/domain/index.ts';
import type { OrderRecord, PositionRecord, ScenarioRun, TickRecord } from './types.ts';

/** The config the scenario runs under: the loaded one, with the scenario's account equity when it gives one. */
export function scenarioConfig(config: ResolvedConfig, scenario: Scenario): ResolvedConfig {
  if (scenario.equity === null && scenario.entries) return config;
  return Object.freeze({
    ...config,
    settings: scenario.equity === null ? config.settings : Object.freeze({ ...config.settings, startingEquity: scenario.equity }),
    // Without entries every strategy keeps managing its positions but may open none (maxOpen 0).
    strategies: scenario.entries ? config.strategies : Object.freeze(config.strategies.map((s) => Object.freeze({ ...s, entry: Object.freeze({ ...s.entry, maxOpen: 0 }) }))),
  });
}

async function openFeed(scenario: Scenario, config: ResolvedConfig): Promise<MarketFeed> {
  if (!scenario.replay) return createScenarioFeed(scenario, { rate: config.settings.riskFreeRate });
  const r = scenario.replay;
  try {
    return await createReplayFeed({
      source: r.source, ...(r.columns ? { columns: r.columns } : {}), optionsPath: r.path, ...(r.vix ? { vixPath: r.vix } : {}), ...(r.from ? { from: r.from } : {}), ...(r.to ? { to: r.to } : {}),
      ...(r.underlying ? { underlying: r.underlying } : {}), ...(r.rate !== undefined ? { rate: r.rate } : {}),
    });
  } catch (e) {
    throw twError('TW_DRYRUN_REPLAY_FAILED', { path: r.path, reason: (e as Error).message }, { cause: e });
  }
}

export function controlsOf(tick: ScenarioTick | undefined): ControlCommand[] {
  const c = tick?.control;
  if (!c) return [];
  const out: ControlCommand[] = [];
  const reason = `scenario tick ${tick!.index}`;
  if (c.tradingState) out.push({ type: 'set-trading-state', state: c.tradingState, reason });
  if (c.hold) out.push({ type: 'hold', positionId: c.hold });
  if (c.release) out.push({ type: 'release', positionId: c.release });
  if (c.close) out.push({ type: 'close', positionId: c.close, orderStyle: 'limit' });
  if (c.roll) out.push({ type: 'roll', positionId: c.roll });
  if (c.kill) out.push({ type: 'kill', flatten: c.kill.flatten ?? false, reason: c.kill.reason ?? reason });
  return out;
}

export async function runScenario(scenario: Scenario, loaded: ResolvedConfig): Promise<ScenarioRun> {
  const config = scenarioConfig(loaded, scenario);
  const store = await openStore(':memory:');
  const feed = await openFeed(scenario, config).catch(async (e) => {
    await store.close();
    throw e;
  });
  const broker = paperBrokerFor(config.settings.startingEquity, scenario.fill);
  const brokerEvents = recordEvents(broker);
  const kernel = inMemoryKernel({ config, store, feed, broker });
  const decisions: DecisionRecord[] = [];
  const transitions: TransitionRecord[] = [];
  const alerts: AlertRecord[] = [];
  const ticks: TickRecord[] = [];
  const finalStates: Record<string, string> = {};
  kernel.subscribe((e) => {
    if (e.type === 'decision') decisions.push(e.decision);
    else if (e.type === 'transition') {
      transitions.push(e.transition);
      finalStates[e.transition.positionId] = e.transition.to;
    } else if (e.type === 'alert') alerts.push(e.alert);
  });
  let index = 0;
  try {
    await kernel.start();
    kernel.adopt(scenario.positions.map((p) => ({
      id: p.id, strategy: p.strategy, openedAt: p.openedAt, hold: p.hold,
      legs: p.legs.map((l) => ({ contract: l.contract, quantity: l.quantity, entryPrice: l.entryPrice })),
      ...(p.peakPnlPct !== undefined ? { peakPnlPct: p.peakPnlPct } : {}), ...(p.ivAtEntry !== undefined ? { ivAtEntry: p.ivAtEntry } : {}),
    })));
    if (scenario.tradingState) kernel.control({ type: 'set-trading-state', state: scenario.tradingState, reason: 'scenario account' });
    for (;;) {
      for (const c of controlsOf(scenario.ticks[index])) kernel.control(c);
      const before = new Map(kernel.positions().map((p) => [p.id, p.state]));
      const seen = { transitions: transitions.length, decisions: decisions.length };
      const summary = await kernel.step();
      if (!summary) break;
      index += 1;
      const evaluated = phasesAtEvaluation(before, transitions.slice(seen.transitions), decisions.slice(seen.decisions));
      const facts = kernel.lastFacts();
      const states: Record<string, string> = {};
      const strategies = new Map<string, string>();
      for (const p of kernel.positions()) {
        states[p.id] = p.state;
        finalStates[p.id] = p.state;
        strategies.set(p.id, p.context.strategy);
      }
      const holds = new Set(kernel.positions().filter((p) => p.hold).map((p) => p.id));
      ticks.push({ index: summary.seq, time: summary.time, tradingState: summary.tradingState, states, portfolio: facts?.portfolio ?? {}, positions: facts?.positions ?? new Map(), strategies, evaluated, holds });
    }
    const undelivered = brokerEvents.rest();
    const orders = await readOrders(kernel, ticks);
    return { scenario, config, ticks, decisions, transitions, alerts, orders, positions: await readPositions(kernel), brokerEvents: brokerEvents.seen, undelivered, finalStates };
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('TW_KERNEL_ADOPT')) throw e;
    throw twError('TW_DRYRUN_RUN_FAILED', { scenario: scenario.path, tick: index + 1, reason: (e as Error).message }, { cause: e });
  } finally {
    await kernel.close();
  }
}

/**
 * The lifecycle phase each position had when the tick's rules were evaluated (for rule coverage): its state before
 * the tick, moved by the tick's transitions up to the first one a decision of this tick caused (adoption, controls,
 * broker events and order work come before the rules; decisions and entries after them).
 */
export function phasesAtEvaluation(before: ReadonlyMap<string, string>, tickTransitions: readonly TransitionRecord[], tickDecisions: readonly DecisionRecord[]): Map<string, string> {
  const now = new Map(before);
  const decided = new Set(tickDecisions.map((d) => d.id));
  for (const t of tickTransitions) {
    if (t.decisionId !== null && decided.has(t.decisionId)) break;
    now.set(t.positionId, t.to);
  }
  const phases = new Map<string, string>();
  for (const [id, state] of now) phases.set(id, state.split('.')[0]);
  return phases;
}

/** Wraps the broker's `drainEvents` so that every event the kernel takes is also recorded; `rest()` takes what is left. */
function recordEvents(broker: Broker): { seen: BrokerEvent[]; rest: () => BrokerEvent[] } {
  const seen: BrokerEvent[] = [];
  const drain = broker.drainEvents.bind(broker);
  broker.drainEvents = () => {
    const events = drain();
    seen.push(...events);
    return events;
  };
  return { seen, rest: drain };
}

/** Positions in the order they were numbered (`…-2` before `…-10`). */
async function readPositions(kernel: Kernel): Promise<PositionRecord[]> {
  const rows = await kernel.store.db.all<PositionRecord>(
    `SELECT id, state, outcome, close_rule AS "closeRule", CAST(realized_pnl_cents AS DOUBLE) AS "realizedPnlCents"
       FROM positions`,
  );
  return rows.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}

async function readOrders(kernel: Kernel, ticks: TickRecord[]): Promise<OrderRecord[]> {
  const rows = await kernel.store.db.all<{ id: string; position: string; purpose: string; style: string; limit_price: number | null; quantity: number; status: string; created: number; legs: string; filled: number; price: number | null; last_fill: number | null }>(
    `SELECT client_order_id AS id, position_id AS position, purpose, style, limit_price, CAST(o.quantity AS DOUBLE) AS quantity, status,
            CAST(created_at AS DOUBLE) AS created, CAST(o.legs AS VARCHAR) AS legs, CAST(coalesce(f.units, 0) AS DOUBLE) AS filled, f.price, CAST(f.last_fill AS DOUBLE) AS last_fill
       FROM orders o
       LEFT JOIN (SELECT client_order_id, sum(quantity) AS units, sum(net_price * quantity) / sum(quantity) AS price, max("time") AS last_fill FROM fills GROUP BY client_order_id) f USING (client_order_id)
      ORDER BY created_at, client_order_id`,
  );
  return rows.map((r) => {
    const legs = JSON.parse(r.legs) as { side: 'buy' | 'sell'; contract: OptionContract }[];
    const side: 'buy' | 'sell' = r.limit_price !== null && r.limit_price !== 0 ? (r.limit_price > 0 ? 'buy' : 'sell') : legs.length === 1 ? legs[0].side : 'buy';
    const tickAt = (time: number) => ticks.find((t) => t.time >= time)?.index ?? ticks.length;
    const tick = tickAt(r.created);
    const fillPrice = r.price === null ? null : Math.round(r.price * 1e4) / 1e4;
    return { clientOrderId: r.id, positionId: r.position, purpose: r.purpose, style: r.style, side, limitPrice: r.limit_price, quantity: r.quantity, status: r.status, tick, filled: r.filled, fillPrice, filledTick: r.last_fill === null ? null : tickAt(r.last_fill),
      legs: legs.map((l) => ({ key: contractKey(l.contract), multiplier: l.contract.multiplier })) };
  });
}
