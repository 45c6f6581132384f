/**
 * The rule semantics (ARCHITECTURE.md "Rule semantics"), written once and shared by the compiled hot path and the
 * json-rules-engine reference: only the `matches` test differs.
 *
 * 1. Portfolio-scope rules, priority descending: every match is a decision (halt-entries / halt / close-all) or an
 *    alert; none pre-empts another.
 * 2. Per position, its strategy's position-scope rules, priority descending. Rules act on positions in phase
 *    `managed`; escalation rules also on `closing`; other phases are skipped (trace `skipped: 'phase'`). The first
 *    match with an exclusive action (close, roll, reduce) wins; later exclusive matches are pre-empted; alert matches
 *    are always reported and never pre-empt. A position on manual hold is evaluated for the trace (outcome `held`)
 *    but gets no decision and no alert.
 */
import { FACTS } from '../catalogue/index.ts';
import { twError } from '../errors/index.ts';
import type { CompiledRule, CompiledRuleSet } from './rule-set.ts';
import type { Decision, Evaluation, Facts, FactValue, PositionInput, TickInput, Trace } from './types.ts';
import { RuleTrace, type MatchMask } from './trace.ts';
import { PREV_PREFIX } from './operators.ts';
import { derivedNulls, withDerivedFacts } from './derived.ts';

/** Whether `rule` matches `position` (null: the portfolio) in this tick. */
export type MatchTest = (rule: CompiledRule, position: PositionInput | null, index: number) => boolean;

const EMPTY: Facts = Object.freeze({});
const NO_NAMES: readonly string[] = Object.freeze([]);

function lookup(p: Facts | undefined, g: Facts | undefined, k: string): FactValue | undefined {
  const v = p === undefined ? undefined : p[k];
  return v !== undefined ? v : g === undefined ? undefined : g[k];
}

/** The facts a rule's conditions reference, as seen now (and `prev:<fact>` for crossings). */
export function decisionFacts(rule: CompiledRule, p: Facts, g: Facts, pp: Facts | undefined, pg: Facts | undefined): Record<string, FactValue | undefined> {
  const out: Record<string, FactValue | undefined> = {};
  for (const f of rule.facts) out[f] = lookup(p, g, f);
  for (const f of rule.crossingFacts) out[PREV_PREFIX + f] = lookup(pp, pg, f);
  return out;
}

function decision(rule: CompiledRule, facts: Record<string, FactValue | undefined>, preempted: readonly string[], position: PositionInput | null): Decision {
  const r = rule.rule;
  if (position === null) {
    return { rule: r.name, action: r.then.action, params: rule.action, priority: r.priority, severity: r.severity, scope: r.scope, escalation: r.escalation, facts, preempted };
  }
  return {
    rule: r.name, action: r.then.action, params: rule.action, priority: r.priority, severity: r.severity, scope: r.scope, escalation: r.escalation, facts, preempted,
    positionId: position.id, strategy: position.strategy,
  };
}

export function runSemantics(set: CompiledRuleSet, input: TickInput, matches: MatchTest): Evaluation {
  const g = input.portfolio;
  const pg = input.prevPortfolio;
  const portfolioDecisions: Decision[] = [];
  const alerts: Decision[] = [];
  const pRules = set.portfolioRules;
  let pMask: MatchMask = pRules.length > 31 ? [] : 0;
  for (let j = 0; j < pRules.length; j++) {
    const rule = pRules[j];
    if (!matches(rule, null, -1)) continue;
    pMask = setBit(pMask, j);
    const d = decision(rule, decisionFacts(rule, EMPTY, g, undefined, pg), NO_NAMES, null);
    (rule.isAlert ? alerts : portfolioDecisions).push(d);
  }
  const portfolioTrace = new RuleTrace(null, null, null, false, null, pRules, pMask, null, null, derivedNulls(set.config, EMPTY, g));

  const positionDecisions = new Map<string, Decision>();
  const traces = new Map<string, Trace>();
  const positions = input.positions;
  for (let i = 0; i < positions.length; i++) {
    const pos = positions[i];
    const rules = set.positionRules.get(pos.strategy);
    if (rules === undefined) throw twError('TW_EVALUATE_UNKNOWN_STRATEGY', { position: pos.id, strategy: pos.strategy, version: set.version });
    const phase = pos.phase;
    if (phase !== 'managed' && phase !== 'closing') {
      traces.set(pos.id, new RuleTrace(pos.id, pos.strategy, phase, pos.hold, 'phase', rules, 0, null));
      continue;
    }
    const closing = phase === 'closing';
    const stale = staleMark(pos.facts);
    let mask: MatchMask = rules.length > 31 ? [] : 0;
    let winner: CompiledRule | null = null;
    let preempted: string[] | null = null;
    let posAlerts: CompiledRule[] | null = null;
    for (let j = 0; j < rules.length; j++) {
      const rule = rules[j];
      if (closing && !rule.escalation) continue;
      if (!matches(rule, pos, i)) continue;
      mask = setBit(mask, j);
      if (pos.hold) continue;
      if (rule.isAlert) (posAlerts ??= []).push(rule);
      else if (winner === null) winner = rule;
      else (preempted ??= []).push(rule.name);
    }
    traces.set(pos.id, new RuleTrace(pos.id, pos.strategy, phase, pos.hold, null, rules, mask, winner === null ? null : winner.name, stale, derivedNulls(set.config, pos.facts, g)));
    if (winner !== null) {
      positionDecisions.set(pos.id, decision(winner, decisionFacts(winner, pos.facts, g, pos.prevFacts, pg), preempted ?? NO_NAMES, pos));
    }
    if (posAlerts !== null) {
      for (const a of posAlerts) alerts.push(decision(a, decisionFacts(a, pos.facts, g, pos.prevFacts, pg), NO_NAMES, pos));
    }
  }
  return { portfolioDecisions, positionDecisions, alerts, traces, portfolioTrace };
}

/**
 * Hold semantics (docs/evaluation.md § Stale marks): on a position whose mark is stale and frozen (`markStale` with
 * `markSource: last`, i.e. onStale: hold, or onStale: model without any IV) every price-based fact (catalogue
 * `priceBased`) is unknown (null) to the rules, exactly as when a quote is missing: a condition on it is not matched,
 * while conditions on the underlying (distance to the short strike, VIX) still act. A modelled mark
 * (`markSource: model`) is acted on. Both evaluators read positions through this.
 */
export function holdStaleMarks(input: TickInput): TickInput {
  let out: PositionInput[] | null = null;
  input.positions.forEach((pos, i) => {
    if (staleMark(pos.facts) === null) return;
    out ??= input.positions.slice();
    const facts: Record<string, FactValue | undefined> = { ...pos.facts };
    for (const name of PRICE_BASED_FACTS) if (name in facts) facts[name] = null;
    out[i] = { ...pos, facts };
  });
  return out === null ? input : { ...input, positions: out };
}

const PRICE_BASED_FACTS: readonly string[] = FACTS.filter((f) => f.priceBased === true).map((f) => f.name);

/** The trace's reason when the position's mark is stale and frozen, or null. */
export function staleMark(facts: Facts): string | null {
  if (facts.markStale !== true || facts.markSource !== 'last') return null;
  const age = facts.markAgeSec;
  return `mark stale (leg ${typeof facts.staleLegs === 'string' ? facts.staleLegs : '?'}, age ${typeof age === 'number' ? `${Math.round(age)}s` : 'unknown: never quoted'})`;
}

function setBit(mask: MatchMask, j: number): MatchMask {
  if (typeof mask === 'number') return mask | (1 << j);
  mask[j] = true;
  return mask;
}

/** What both evaluators see: stale marks held, then the derived facts of facts.yaml added (derived.ts). */
export function prepareTick(set: CompiledRuleSet, tick: TickInput): TickInput {
  return withDerivedFacts(set.config, holdStaleMarks(tick));
}

/** The hot path: evaluates one tick with the compiled predicates. Synchronous. */
export function evaluateTick(set: CompiledRuleSet, tick: TickInput): Evaluation {
  const input = prepareTick(set, tick);
  const g = input.portfolio;
  const pg = input.prevPortfolio;
  return runSemantics(set, input, (rule, pos) => (pos === null ? rule.predicate(EMPTY, g, undefined, pg) : rule.predicate(pos.facts, g, pos.prevFacts, pg)));
}
