/**
 * compileRuleSet: once per config version, bind every rule's parameters for each strategy it manages (portfolio rules
 * once, with the settings' overrides) and compile the conditions into predicates. Strategy entry conditions too.
 */
import { actionSpec, actionsFor, FACTS_BY_NAME } from '../catalogue/index.ts';
import { twError } from '../errors/index.ts';
import type { ConditionTree, ParamValue, ResolvedConfig, ResolvedRule, ResolvedStrategy } from '../config/types.ts';
import { bindActionValue, bindCondition } from './bind.ts';
import { compileCondition, type CompiledCondition, type Predicate } from './compile.ts';
import type { ActionParams, BoundFacts, Facts } from './types.ts';
import { strategyFacts } from './strategy-facts.ts';

/** One rule bound to one strategy's parameters (or the portfolio's), compiled. */
export interface CompiledRule {
  readonly rule: ResolvedRule;
  readonly name: string;
  readonly priority: number;
  readonly exclusive: boolean;
  readonly isAlert: boolean;
  readonly escalation: boolean;
  /** The parameters bound into this instance. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The conditions with `{ param }` references replaced. */
  readonly when: ConditionTree;
  readonly action: ActionParams;
  readonly predicate: Predicate;
  readonly facts: readonly string[];
  readonly crossingFacts: readonly string[];
  /** The strategy's bound facts (e.g. `tags`), constants of `predicate` (./strategy-facts.ts); none for portfolio rules. */
  readonly bound: BoundFacts;
  /** The conditions read a price-based fact (catalogue `priceBased`): the trace notes a stale, frozen mark on it. */
  readonly priceBased: boolean;
}

export interface CompiledEntry {
  readonly strategy: string;
  readonly when: ConditionTree | null;
  readonly compiled: CompiledCondition | null;
}

export interface CompiledRuleSet {
  readonly version: string;
  readonly config: ResolvedConfig;
  /** Portfolio-scope rules, priority descending. */
  readonly portfolioRules: readonly CompiledRule[];
  /** Per strategy name: its position-scope rules, priority descending. */
  readonly positionRules: ReadonlyMap<string, readonly CompiledRule[]>;
  readonly entries: ReadonlyMap<string, CompiledEntry>;
  /**
   * Whether the strategy's `entry.when` holds for `facts` (entry and portfolio facts in one object; `prevFacts` for
   * crossings). A strategy without `entry.when` always holds. Schedule, maxOpen and risk are not checked here.
   */
  entryHolds(strategy: string, facts: Facts, prevFacts?: Facts): boolean;
}

const EMPTY: Facts = Object.freeze({});

function byPriority(a: CompiledRule, b: CompiledRule): number {
  return b.priority - a.priority;
}

/**
 * The action's parameters, bound, with defaults: only the keys the action takes (catalogue `params`). A notify-only
 * action's message defaults to the rule's description; an action that sends orders gets an order style.
 */
function resolveAction(rule: ResolvedRule, params: Readonly<Record<string, ParamValue>>, strategy: ResolvedStrategy | null): ActionParams {
  const t = rule.then;
  const spec = actionSpec(t.action);
  const takes = spec.params;
  const base = { rule: rule.name, action: t.action };
  const out: { orderStyle?: 'limit' | 'marketable'; fraction?: number; targetDte?: number; rollSide?: 'tested' | 'all'; message?: string } = {};
  if (takes.orderStyle) out.orderStyle = t.orderStyle ?? 'limit';
  if (spec.notifyOnly) out.message = t.message ?? rule.description;
  else if (t.message) out.message = t.message;
  if (takes.fraction) {
    const f = bindActionValue(t.fraction, params, rule.name);
    if (typeof f !== 'number' || !(f > 0 && f < 1)) throw twError('TW_EVALUATE_MISSING_ACTION_PARAM', { ...base, param: 'fraction', expected: 'give `fraction` a number between 0 and 1 (exclusive), e.g. 0.5' });
    out.fraction = f;
  }
  if (takes.targetDte) {
    const d = bindActionValue(t.targetDte, params, rule.name) ?? strategy?.legs.dte.target;
    if (typeof d !== 'number' || !(d > 0)) throw twError('TW_EVALUATE_MISSING_ACTION_PARAM', { ...base, param: 'targetDte', expected: 'give `targetDte` a positive number of days, or set the strategy\'s legs.dte.target' });
    out.targetDte = d;
  }
  if (takes.rollSide) out.rollSide = t.rollSide ?? 'all';
  return Object.freeze(out);
}

function compileRule(rule: ResolvedRule, params: Readonly<Record<string, ParamValue>>, strategy: ResolvedStrategy | null): CompiledRule {
  const spec = actionSpec(rule.then.action);
  if (!spec.scopes.includes(rule.scope)) {
    throw twError('TW_EVALUATE_ACTION_SCOPE', { rule: rule.name, scope: rule.scope, action: rule.then.action, expected: spec.scopes.join(' or '), allowed: actionsFor(rule.scope).join(', ') });
  }
  const when = bindCondition(rule.when, params, rule.name);
  const bound = strategyFacts(strategy);
  const c = compileCondition(when, rule.name, bound);
  return Object.freeze({
    rule, name: rule.name, priority: rule.priority, exclusive: spec.exclusive, isAlert: spec.notifyOnly,
    escalation: rule.escalation, params, when, action: resolveAction(rule, params, strategy), predicate: c.predicate, facts: c.facts, crossingFacts: c.crossingFacts, bound,
    priceBased: c.facts.some((f) => FACTS_BY_NAME.get(f)?.priceBased === true),
  });
}

/** Compiles every rule and entry condition of a resolved config. Throws a coded error on the first problem. */
export function compileRuleSet(config: ResolvedConfig): CompiledRuleSet {
  const rulesByName = new Map(config.rules.map((r) => [r.name, r]));
  const portfolioRules = config.rules
    .filter((r) => r.scope === 'portfolio')
    .map((r) => compileRule(r, config.portfolioRuleParams[r.name] ?? r.params, null))
    .sort(byPriority);
  const positionRules = new Map<string, readonly CompiledRule[]>();
  const entries = new Map<string, CompiledEntry>();
  for (const s of config.strategies) {
    const list: CompiledRule[] = [];
    for (const name of s.rules) {
      const rule = rulesByName.get(name);
      if (!rule || rule.scope !== 'position') throw twError('TW_EVALUATE_UNKNOWN_RULE', { rule: name, version: config.version });
      list.push(compileRule(rule, s.ruleParams[name] ?? rule.params, s));
    }
    positionRules.set(s.name, Object.freeze(list.sort(byPriority)));
    const when = s.entry.when ?? null;
    entries.set(s.name, Object.freeze({ strategy: s.name, when, compiled: when ? compileCondition(when, `entry:${s.name}`) : null }));
  }
  return Object.freeze({
    version: config.version,
    config,
    portfolioRules: Object.freeze(portfolioRules),
    positionRules,
    entries,
    entryHolds(strategy: string, facts: Facts, prevFacts?: Facts): boolean {
      const e = entries.get(strategy);
      if (!e) throw twError('TW_EVALUATE_UNKNOWN_STRATEGY', { position: '(entry)', strategy, version: config.version });
      return e.compiled === null || e.compiled.predicate(facts, EMPTY, prevFacts, undefined);
    },
  });
}
