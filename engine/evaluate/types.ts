/**
 * The evaluator's vocabulary: facts in, decisions and traces out. See docs/evaluation.md.
 */
import type { ActionType, OrderStyle, Scope, Severity } from '../config/types.ts';

/** One fact value. `undefined` (a missing key) means "not known" and behaves exactly like json-rules-engine's undefined fact. */
export type FactValue = number | string | boolean | null;
export type Facts = Readonly<Record<string, FactValue | undefined>>;
/** The value of a `list` fact (catalogue type `list`, e.g. `tags`). */
export type ListValue = readonly string[];
/**
 * Facts known when a rule is compiled for a strategy, from the strategy's config (catalogue `bound: 'strategy'`, e.g.
 * `tags`): constants of the compiled predicate, and added to the facts json-rules-engine sees (./strategy-facts.ts).
 */
export type BoundFacts = Readonly<Record<string, FactValue | ListValue>>;

/** The lifecycle phase of a position, as the evaluator needs it. */
export type PositionPhase = 'entry' | 'managed' | 'rolling' | 'closing' | 'closed';

export interface PositionInput {
  readonly id: string;
  readonly strategy: string;
  readonly phase: PositionPhase;
  /** Put on manual hold by an operator: rules are evaluated for the trace but make no decisions. */
  readonly hold: boolean;
  readonly facts: Facts;
  /** The same position's facts on the previous tick (for crossesAbove / crossesBelow). */
  readonly prevFacts?: Facts;
}

export interface TickInput {
  readonly portfolio: Facts;
  readonly prevPortfolio?: Facts;
  readonly positions: readonly PositionInput[];
}

/** A rule's action with every parameter resolved (params bound, defaults applied). */
export interface ActionParams {
  readonly orderStyle?: OrderStyle;
  readonly fraction?: number;
  readonly targetDte?: number;
  readonly rollSide?: 'tested' | 'all';
  readonly message?: string;
}

export interface Decision {
  readonly rule: string;
  readonly action: ActionType;
  readonly params: ActionParams;
  readonly priority: number;
  readonly severity: Severity;
  readonly scope: Scope;
  readonly escalation: boolean;
  readonly positionId?: string;
  readonly strategy?: string;
  /** The values of the facts the rule's conditions reference (`prev:<fact>` for a crossing's previous value). */
  readonly facts: Readonly<Record<string, FactValue | undefined>>;
  /** Later matching exclusive rules this decision won over (names, priority order). */
  readonly preempted: readonly string[];
}

/**
 * What happened to one evaluated rule: `decided` (won the position), `preempted` (matched after the winner),
 * `alert` (an alert that matched), `portfolio` (a portfolio action that matched), `held` (matched, but the position
 * is on manual hold), `no-match`.
 */
export type TraceOutcome = 'decided' | 'preempted' | 'alert' | 'portfolio' | 'held' | 'no-match';

export interface TraceEntry {
  readonly rule: string;
  readonly priority: number;
  readonly matched: boolean;
  readonly outcome: TraceOutcome;
  /** Why the rule was not matched without evaluating it: `mark stale (leg …, age Ns)` (docs/evaluation.md § Stale marks). */
  readonly reason?: string;
}

/** Why a position's rules were not evaluated at all. */
export type TraceSkip = 'phase';

export interface Trace {
  /** The position, or null for the portfolio trace. */
  readonly positionId: string | null;
  readonly strategy: string | null;
  readonly phase: PositionPhase | null;
  readonly hold: boolean;
  readonly skipped: TraceSkip | null;
  /** Every evaluated rule in evaluation order (priority descending). */
  readonly entries: readonly TraceEntry[];
  /** The winning exclusive rule, if any. */
  readonly decided: string | null;
  /** Set while the position's mark is stale and frozen: its price-based rules were not matched, for this reason. */
  readonly staleMark?: string | null;
}

export interface Evaluation {
  /** Matched portfolio rules with halt-entries, halt or close-all, priority order. */
  readonly portfolioDecisions: readonly Decision[];
  /** The winning exclusive decision per position id (positions without one are absent). */
  readonly positionDecisions: ReadonlyMap<string, Decision>;
  /** Every matched alert rule: portfolio alerts first, then per position in input order. */
  readonly alerts: readonly Decision[];
  /** One trace per position id. */
  readonly traces: ReadonlyMap<string, Trace>;
  readonly portfolioTrace: Trace;
}

// ------------------------------------------------------------------------------------------- explanations

export interface ExplainLeaf {
  readonly kind: 'leaf';
  readonly fact: string;
  readonly operator: string;
  /** The condition's value as bound (literal, list, or `{ fact }` reference). */
  readonly value: unknown;
  /** The value actually compared with (a `{ fact }` reference resolved). */
  readonly comparedWith: unknown;
  /** The fact's value seen. */
  readonly factValue: unknown;
  /** crossesAbove / crossesBelow: the fact's value on the previous tick. */
  readonly previousValue?: unknown;
  /** null when json-rules-engine did not evaluate the condition. */
  readonly result: boolean | null;
}

export interface ExplainGroup {
  readonly kind: 'all' | 'any' | 'not';
  readonly result: boolean | null;
  readonly children: readonly ExplainNode[];
}

export type ExplainNode = ExplainLeaf | ExplainGroup;

export interface Explanation {
  /** Rule name, or `entry:<strategy>` for a strategy's entry condition. */
  readonly rule: string;
  readonly strategy: string | null;
  readonly matched: boolean;
  readonly params: Readonly<Record<string, unknown>>;
  readonly conditions: ExplainNode;
}
