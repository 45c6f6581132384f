/**
 * Facts → evaluation → risk gate → machine events. Positions pinned to an older config version (or whose strategy a
 * reload removed) are evaluated under their own version; portfolio rules always come from the current version.
 */
import { isPortfolioOrderAction, isPositionOrderAction, type PositionOrderAction } from '../catalogue/index.ts';
import type { FactRecord, FactsSnapshot } from '../facts/index.ts';
import { evaluateTick, type Decision, type Evaluation, type PositionInput, type Trace } from '../evaluate/index.ts';
import { gatePositionDecision, gateTick, type GatedDecision, type GatedTick, type GateState } from '../risk/index.ts';
import { ladderDecision } from './ladder.ts';
import { rollBlock } from './roll-guard.ts';
import { chainTrace, fallbackDecision, ruleFallback, type ChainLink } from './fallback.ts';
import { noteGatedTick } from './decision-alerts.ts';
import { carryOut } from './portfolio-actions.ts';
import { planRoll, isRejected } from '../entry/index.ts';
import type { PlannedLeg } from '../lifecycle/index.ts';
import type { DecisionRow } from '../store/index.ts';
import type { BookEntry } from './book.ts';
import { sendToPosition } from './intents.ts';
import type { KernelState } from './state.ts';
import type { TickWork } from './tick-work.ts';

export function evaluate(k: KernelState, facts: FactsSnapshot): Evaluation {
  const groups = new Map<string, PositionInput[]>();
  const currentVersion = k.current.config.version;
  const currentRules = k.current.rules.positionRules;
  const currentList: PositionInput[] = [];
  groups.set(currentVersion, currentList);
  for (const e of k.book.entries.values()) {
    const phase = e.actor.phase();
    if (phase === 'closed') continue;
    const strategy = e.actor.context().strategy;
    const pinned = e.pinnedVersion && e.pinnedVersion !== currentVersion && k.versions.has(e.pinnedVersion) ? e.pinnedVersion : null;
    // A strategy no known version manages (a pinned version that could not be rebuilt; recovery alerted): no rules.
    if (!(pinned ? k.versions.get(pinned)!.rules.positionRules : currentRules).has(strategy)) continue;
    const input: PositionInput = { id: e.actor.id, strategy, phase, hold: e.hold, facts: facts.positions.get(e.actor.id) ?? {}, prevFacts: e.prevFacts };
    if (!pinned) currentList.push(input);
    else (groups.get(pinned) ?? groups.set(pinned, []).get(pinned)!).push(input);
  }
  const main = evaluateTick(k.current.rules, { portfolio: facts.portfolio, prevPortfolio: k.prevPortfolio, positions: groups.get(k.current.config.version) ?? [] });
  if (groups.size <= 1 && groups.has(k.current.config.version)) return main;
  const positionDecisions = new Map(main.positionDecisions);
  const traces = new Map<string, Trace>(main.traces);
  const alerts: Decision[] = [...main.alerts];
  for (const [version, positions] of groups) {
    if (version === k.current.config.version) continue;
    const ev = evaluateTick(k.versions.get(version)!.rules, { portfolio: facts.portfolio, prevPortfolio: k.prevPortfolio, positions });
    for (const [id, d] of ev.positionDecisions) positionDecisions.set(id, d);
    for (const [id, t] of ev.traces) traces.set(id, t);
    alerts.push(...ev.alerts);
  }
  return { ...main, positionDecisions, traces, alerts };
}

/** Gates the evaluation, moves the trading state, and sends every allowed decision to its position. */
export function applyEvaluation(k: KernelState, w: TickWork, ev: Evaluation, facts: FactsSnapshot): GatedTick {
  const gated = gateTick(k.tradingState, ev, k.dataHealth);
  noteGatedTick(k, w, gated);
  const active = new Set<string>();
  for (const g of gated.portfolioDecisions) {
    const key = `${g.decision.rule}|`;
    active.add(key);
    if (k.activeMatches.has(key)) continue;
    record(k, w, g, null, g.outcome === 'allowed' ? 'applied' : 'blocked', g.message);
    if (g.outcome === 'allowed' && isPortfolioOrderAction(g.decision.action)) carryOut(k, w, g.decision.action, g.decision);
  }
  if (gated.state.changed) setTradingState(k, w, gated.state.to, `rule ${gated.state.cause?.rule ?? '?'}`);
  for (const [id, g] of gated.positionDecisions) {
    const e = k.book.get(id);
    if (!e) continue;
    if (g.outcome === 'blocked') {
      const key = `${g.decision.rule}|${id}|blocked`;
      active.add(key);
      if (!k.activeMatches.has(key)) record(k, w, g, ev.traces.get(id) ?? null, 'blocked', g.message);
      continue;
    }
    applyPositionDecision(k, w, e, g, ev.traces.get(id) ?? null, facts, gated.applied);
  }
  applyLadders(k, w, ev, gated, facts);
  for (const g of gated.alerts) {
    const key = `${g.decision.rule}|${g.decision.positionId ?? ''}`;
    active.add(key);
    if (k.activeMatches.has(key)) continue;
    const row = record(k, w, g, g.decision.positionId ? ev.traces.get(g.decision.positionId) ?? null : null, 'applied', null);
    w.alert(g.decision.severity, `rule ${row.rule}`, row.positionId, g.decision.params.message ?? g.decision.rule);
  }
  k.activeMatches = active;
  return gated;
}

/** Take-profit ladders for managed positions that no rule decided for this tick. */
function applyLadders(k: KernelState, w: TickWork, ev: Evaluation, gated: GatedTick, facts: FactsSnapshot): void {
  // Most strategies have no ladder: skip their positions without looking anything up (10,000 positions per tick).
  const current = new Map(k.current.config.strategies.map((s) => [s.name, (s.manage.ladder?.length ?? 0) > 0]));
  for (const e of k.book.live()) {
    if (ev.positionDecisions.has(e.actor.id)) continue;
    if (!e.pinnedVersion && current.get(e.actor.context().strategy) === false) continue;
    const strategy = k.strategy(e.actor.context().strategy, e.pinnedVersion ?? undefined);
    if (!strategy?.manage.ladder?.length) continue;
    const d = ladderDecision(strategy, e, facts.positions.get(e.actor.id));
    if (!d) continue;
    const g = gatePositionDecision(gated.applied, d, k.dataHealth?.badMarks.get(e.actor.id));
    if (g.outcome === 'blocked') continue;
    applyPositionDecision(k, w, e, g, null, facts, gated.applied);
  }
}

/**
 * Sends one gated decision to its position. A decision that cannot be carried out (unexecutable: no roll target could
 * be planned) is recorded with its reason and falls back per its rule's `fallback` (engine/kernel/fallback.ts); the
 * fallback decision is gated again and applied in the same tick. `chain` holds the links already recorded.
 */
function applyPositionDecision(k: KernelState, w: TickWork, e: BookEntry, g: GatedDecision, trace: Trace | null, facts: FactsSnapshot, state: GateState, chain: readonly ChainLink[] = []): void {
  let d = g.decision;
  if (!isPositionOrderAction(d.action)) {
    // A position action that places no order (none is catalogued today) has nothing to carry out: it is recorded.
    record(k, w, g, trace, 'applied', null);
    return;
  }
  // The machine's DECISION event takes exactly the position actions that place orders: a new one is a compile error here.
  let action: PositionOrderAction = d.action;
  let newLegs: PlannedLeg[] | undefined;
  let reason: string | null = null;
  const via = chain.length ? { via: chainVia(k, e, chain) } : {};
  if (action === 'roll') {
    const plan = rollPlan(k, w, e, d.params.targetDte);
    if ('reason' in plan) {
      unexecutable(k, w, e, g, trace, facts, state, [...chain, { rule: d.rule, action: d.action, priority: d.priority, outcome: 'unexecutable', reason: plan.reason, ...via }]);
      return;
    }
    newLegs = plan.legs;
    // A roll must not be stopped out by its own round trip: when a higher-priority rule would close the rolled
    // position at once (at its planned entry marks), close now instead of rolling (engine/kernel/roll-guard.ts).
    const block = e.actor.phase() === 'managed' ? rollBlock(k, w, e, d, newLegs, facts) : null;
    if (block) {
      const b = block.decision;
      reason = `roll not sent: at its planned entry marks the rolled position would be closed at once by ${b.rule} (priority ${b.priority}); closing instead`;
      d = { ...d, action: 'close', params: { ...d.params, orderStyle: b.params.orderStyle ?? d.params.orderStyle ?? 'limit' }, facts: { ...d.facts, ...prefixed(block.facts) } };
      g = { ...g, decision: d };
      trace = { ...(trace ? (JSON.parse(JSON.stringify(trace)) as object) : {}), rollGuard: { wouldCloseRule: b.rule, priority: b.priority, rolledFacts: block.facts } } as unknown as Trace;
      action = 'close';
      newLegs = undefined;
    }
  }
  const id = w.nextDecisionId();
  // Managed positions are only ticked while they work an order: refresh the marks the machine prices with.
  sendToPosition(k, w, e, { type: 'TICK', now: w.time, marks: w.marks });
  const res = sendToPosition(k, w, e, {
    type: 'DECISION', decisionId: id, rule: d.rule, action, orderStyle: d.params.orderStyle ?? 'limit',
    ...(d.params.fraction !== undefined ? { fraction: d.params.fraction } : {}), ...(newLegs ? { newLegs } : {}),
    configVersion: e.pinnedVersion ?? k.current.config.version, escalation: d.escalation,
  }, id);
  const outcome = res.changed ? 'applied' : 'ignored';
  const why = res.changed ? reason : `the position is ${e.actor.state()} and did not act on it`;
  const t = chain.length ? chainTrace(trace, [...chain, { rule: d.rule, action, priority: d.priority, outcome, ...(why ? { reason: why } : {}), ...via }]) as unknown as Trace : trace;
  record(k, w, g, t, outcome, why, id);
}

/** How the last link of `chain` falls back (its rule's `fallback`). */
function chainVia(k: KernelState, e: BookEntry, chain: readonly ChainLink[]) {
  return ruleFallback(k, e, chain[chain.length - 1].rule);
}

/** Records the unexecutable decision (last link of `chain`) and applies what its rule falls back to, gated. */
function unexecutable(k: KernelState, w: TickWork, e: BookEntry, g: GatedDecision, trace: Trace | null, facts: FactsSnapshot, state: GateState, chain: readonly ChainLink[]): void {
  const d = g.decision;
  const mode = ruleFallback(k, e, d.rule);
  const next = fallbackDecision(k, e, d, mode, facts);
  const then = next ? `falling back (${mode}) to ${next.rule} → ${next.action}` : mode === 'none' ? 'fallback none: nothing else is done' : 'no other rule matched: nothing else is done';
  const reason = `${chain[chain.length - 1].reason}; ${then}`;
  record(k, w, g, chainTrace(trace, chain, { fallback: { mode, to: next ? next.rule : null } }) as unknown as Trace, 'unexecutable', reason);
  if (!next) return;
  const ng = gatePositionDecision(state, next, k.dataHealth?.badMarks.get(e.actor.id));
  if (ng.outcome === 'blocked') {
    const link: ChainLink = { rule: next.rule, action: next.action, priority: next.priority, outcome: 'blocked', reason: ng.message ?? 'blocked by the risk gate', via: mode };
    record(k, w, ng, chainTrace(trace, [...chain, link]) as unknown as Trace, 'blocked', ng.message);
    return;
  }
  applyPositionDecision(k, w, e, ng, trace, facts, state, chain);
}

/** The rolled position's facts, named `rolled:<fact>` beside the roll rule's own facts in the decision record. */
function prefixed(facts: FactRecord): FactRecord {
  return Object.fromEntries(Object.entries(facts).map(([name, value]) => [`rolled:${name}`, value]));
}

/**
 * New legs for a roll, or why none can be planned (alerted). The machine rolls the whole leg set (it closes every leg,
 * then opens the new set), so the whole structure is planned; `rollSide: tested` is warned about at validation
 * (TW_CONFIG_ROLL_SIDE).
 */
export function rollPlan(k: KernelState, w: TickWork, e: BookEntry, targetDte: number | undefined): { legs: PlannedLeg[] } | { reason: string } {
  const c = e.actor.context();
  const strategy = k.strategy(c.strategy, e.pinnedVersion ?? undefined);
  const price = w.underlyingPrice.get(c.underlying);
  const fail = (why: string) => {
    w.alert('warning', 'roll', e.actor.id, `cannot roll ${e.actor.id}: ${why}`);
    return { reason: `no roll target could be planned: ${why}` };
  };
  if (!strategy) return fail(`strategy ${c.strategy} is unknown`);
  if (price === undefined) return fail(`no price for ${c.underlying}`);
  const plan = planRoll({ structure: strategy.structure, underlying: c.underlying, legs: c.legs.map((l) => ({ contract: l.contract, quantity: l.quantity })) },
    strategy, w.quotesByUnderlying.get(c.underlying) ?? [], price, w.time, { targetDte, side: 'all', rate: k.rate });
  if (isRejected(plan)) return fail(plan.rejected.message);
  return { legs: plan.openLegs };
}

/** New legs for a roll; undefined (with an alert) when none can be planned. */
export function rollLegs(k: KernelState, w: TickWork, e: BookEntry, targetDte: number | undefined): PlannedLeg[] | undefined {
  const plan = rollPlan(k, w, e, targetDte);
  return 'legs' in plan ? plan.legs : undefined;
}

export function setTradingState(k: KernelState, w: TickWork, to: KernelState['tradingState'], why: string): void {
  if (to === k.tradingState) return;
  const from = k.tradingState;
  k.tradingState = to;
  w.alert(to === 'ACTIVE' ? 'info' : to === 'REDUCING' ? 'warning' : 'critical', 'trading-state', null, `trading state ${from} → ${to} (${why})`);
  k.log.warn({ from, to, why }, 'trading state');
  if (to === 'HALTED') {
    for (const e of k.book.live()) {
      if (e.actor.phase() === 'entry') sendToPosition(k, w, e, { type: 'CANCEL_ENTRY', reason: `trading state HALTED (${why})` });
    }
  }
}

function record(k: KernelState, w: TickWork, g: GatedDecision, trace: Trace | null, outcome: 'applied' | 'blocked' | 'ignored' | 'unexecutable', reason: string | null, id = w.nextDecisionId()): DecisionRow {
  const d = g.decision;
  const row: DecisionRow = {
    id, tickTime: w.time, tickSeq: w.seq, positionId: d.positionId ?? null, rule: d.rule, action: d.action, priority: d.priority,
    severity: d.severity, facts: d.facts as FactRecord, preempted: [...d.preempted], // A Trace keeps its entries behind a getter (toJSON expands them): serialise before adding the reason.
    trace: reason ? { ...(trace ? (JSON.parse(JSON.stringify(trace)) as object) : {}), reason } : trace,
    configVersion: (d.positionId ? k.book.get(d.positionId)?.pinnedVersion : null) ?? k.current.config.version, outcome,
  };
  w.decisions.push(row);
  w.events.push({ type: 'decision', decision: { ...row, outcome, reason: reason ?? undefined } });
  k.log.info({ decision: id, position: row.positionId, rule: d.rule, action: d.action, outcome, reason, facts: d.facts, preempted: d.preempted }, 'decision');
  return row;
}
