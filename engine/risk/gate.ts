/**
 * The risk gate: what may proceed under the trading state and the limits. Pure functions; every "no" carries a
 * reason code and a sentence, recorded with the decision as outcome `blocked`.
 *
 *                 entry (open)   roll / roll-open   exit (close, reduce, roll-close)   cancel   alert
 *   ACTIVE        limits apply   yes                yes                                yes      yes
 *   REDUCING      no             yes                yes                                yes      yes
 *   DEGRADED      no             no                 yes (on good marks)                yes      yes
 *   HALTED        no             no                 only forced exits                  yes      yes
 *
 * DEGRADED is not latched: the kernel sets it while market data is bad (engine/kernel/degraded.ts) and only over
 * ACTIVE (REDUCING and HALTED are stricter and win). Whatever the state, a non-forced close, reduce or roll of a
 * position whose legs have bad or stale marks is blocked (`stale-marks`): price-based rules never act on a frozen mark;
 * forced exits (escalation rules such as catastrophe-stop, which read the underlying) still run.
 *
 * A forced exit is one an operator or a safety mechanism asked for: the kill switch's flatten, a close-all portfolio
 * decision, a manual close, or a rule marked `escalation: true` (e.g. catastrophe-stop). HALTED means "a human must
 * look": ordinary rule exits (take-profit, dte-roll, ...) wait, emergency exits still run.
 */
import { actionSpec, type ActionGateState, type ActionSpec } from '../catalogue/index.ts';
import type { TradingState } from '../config/types.ts';
import type { Cents, OrderPurpose } from '../domain/index.ts';
import type { Decision, Evaluation } from '../evaluate/index.ts';
import { checkEntryLimits, type LimitBreach, type PortfolioLimitCheck } from './entry-limits.ts';
import { nextTradingState, type TradingStateChange } from './trading-state.ts';

export type BlockReason = 'trading-state' | 'entries-halted' | 'max-open' | 'max-risk' | 'no-equity' | 'portfolio-limit' | 'stale-marks';

/** The state the gate applies: the latched trading state, or DEGRADED over ACTIVE while market data is bad. */
export type GateState = TradingState | 'DEGRADED';
/** The action catalogue's gate table names exactly these states (a state missing on either side fails to compile). */
const STATES_MATCH: [GateState] extends [ActionGateState] ? ([ActionGateState] extends [GateState] ? true : false) : false = true;
void STATES_MATCH;

/** What the kernel knows about this tick's market data (engine/kernel/degraded.ts). */
export interface DataHealth {
  /** DEGRADED is on (it applies only over ACTIVE). */
  readonly degraded: boolean;
  /** Why, in one sentence (the block message says it). */
  readonly why: string;
  /** Positions with a bad or stale leg mark → a sentence naming the legs. */
  readonly badMarks: ReadonlyMap<string, string>;
}

/** The state the gate applies this tick. */
export function gateState(latched: TradingState, data?: DataHealth): GateState {
  return data?.degraded && latched === 'ACTIVE' ? 'DEGRADED' : latched;
}

export type GateVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: BlockReason; readonly message: string; readonly limit?: LimitBreach };

const ALLOW: GateVerdict = Object.freeze({ allowed: true });
const block = (reason: BlockReason, message: string, limit?: LimitBreach): GateVerdict => (limit ? { allowed: false, reason, message, limit } : { allowed: false, reason, message });

/** An order about to be placed or repriced. `forced`: see the table above. */
export interface OrderCheck {
  readonly purpose: OrderPurpose;
  readonly forced: boolean;
}

/** Placing or repricing an order (a cancel never needs the gate: cancels always pass). */
export function gateOrder(state: GateState, o: OrderCheck): GateVerdict {
  if (state === 'ACTIVE') return ALLOW;
  if (o.purpose === 'open') return block('trading-state', `trading state is ${state}: no new entries`);
  if (state === 'REDUCING') return ALLOW;
  if (state === 'DEGRADED') return o.purpose === 'roll-open' ? block('trading-state', 'trading state is DEGRADED: rolls may not open new legs on bad market data') : ALLOW;
  if (o.purpose === 'roll-open') return block('trading-state', 'trading state is HALTED: rolls may not open new legs');
  return o.forced ? ALLOW : block('trading-state', `trading state is HALTED: ${FORCED_ONLY}`);
}

const FORCED_ONLY = 'only forced exits (kill switch, close-all, manual, escalation rules) run';

/**
 * How the gate answers a decision of action `spec` in `state`: the catalogue's `gate` table (docs/actions.md).
 * `forced`: only an escalation rule's decision passes.
 */
export function gateAction(spec: ActionSpec, state: GateState, escalation: boolean): GateVerdict {
  const policy = spec.gate[state];
  if (policy === 'allow' || (policy === 'forced' && escalation)) return ALLOW;
  return block('trading-state', `trading state is ${state}: ${policy === 'forced' ? FORCED_ONLY : spec.blocked ?? `${spec.name} is blocked`}`);
}

/** A position or portfolio decision from the evaluator. */
export function gateDecision(state: GateState, d: Decision): GateVerdict {
  return gateAction(actionSpec(d.action), state, d.escalation);
}

/** What the gate needs to know about one prospective entry. */
export interface EntryCheck {
  readonly strategy: string;
  /** Open (not closed) positions of the strategy, including ones still entering. */
  readonly strategyOpen: number;
  readonly maxOpen: number;
  /** The sized position's maximum loss; null for undefined risk. */
  readonly maxRiskCents: Cents | null;
  readonly equityCents: Cents;
  /** The strategy's `sizing.maxRiskFraction` (null: no fraction limit, e.g. fixed contracts). */
  readonly maxRiskFraction: number | null;
  readonly allowUndefinedRisk: boolean;
  /**
   * The book before and after this entry, with the entries planned earlier in the tick and unfilled entries at their
   * planned figures (EntryBook), and the portfolio rules that define the limits. Omitted: portfolio limits are not
   * checked (they are then only the tick-level `haltedBy`).
   */
  readonly portfolio?: PortfolioLimitCheck;
}

/**
 * May this entry be opened now? `haltedBy` are the names of this tick's halt-entries decisions (they block entries in
 * the tick they fire, before the state change is persisted). Order: trading state → this tick's halts → the
 * strategy's maxOpen → equity → the position's risk → the portfolio limits (engine/risk/entry-limits.ts).
 */
export function gateEntry(state: TradingState, e: EntryCheck, haltedBy: readonly string[] = []): GateVerdict {
  if (state !== 'ACTIVE') return block('trading-state', `trading state is ${state}: no new entries`);
  if (haltedBy.length) return block('entries-halted', `entries halted this tick by ${haltedBy.join(', ')}`);
  const own = strategyLimits(e);
  if (own) return own;
  if (e.portfolio) {
    const refusal = checkEntryLimits(e.portfolio);
    if (refusal) return block('portfolio-limit', refusal.message, refusal.breach);
  }
  return ALLOW;
}

/** The strategy's own limits: maxOpen (counting its entries already made this tick), positive equity, the risk budget. */
function strategyLimits(e: EntryCheck): GateVerdict | null {
  if (e.strategyOpen >= e.maxOpen) {
    return block('max-open', `${e.strategy}.entry.maxOpen: ${e.strategyOpen + 1} open positions after this entry (${e.strategyOpen} before); the limit is ${e.maxOpen}`, {
      limit: `${e.strategy}.entry.maxOpen`, rule: null, fact: 'strategyOpenPositions', before: e.strategyOpen, after: e.strategyOpen + 1, threshold: e.maxOpen, holds: `strategyOpenPositions ≤ ${e.maxOpen}`,
    });
  }
  if (!(e.equityCents > 0)) return block('no-equity', `equity is ${e.equityCents / 100}: no entries without positive equity`);
  if (e.maxRiskCents === null) {
    return e.allowUndefinedRisk ? null : block('max-risk', `${e.strategy}: the structure has undefined risk and allowUndefinedRisk is off`);
  }
  if (e.maxRiskFraction !== null) {
    const limit = Math.floor(e.equityCents * e.maxRiskFraction);
    if (e.maxRiskCents > limit) {
      return block('max-risk', `${e.strategy}.sizing.maxRiskFraction: max risk ${e.maxRiskCents / 100} exceeds ${e.maxRiskFraction} of equity (${limit / 100})`, {
        limit: `${e.strategy}.sizing.maxRiskFraction`, rule: null, fact: 'maxLoss', before: null, after: e.maxRiskCents / 100, threshold: limit / 100, holds: `maxLoss ≤ ${limit / 100}`,
      });
    }
  }
  return null;
}

export interface GatedDecision {
  readonly decision: Decision;
  readonly outcome: 'allowed' | 'blocked';
  readonly reason: BlockReason | null;
  readonly message: string | null;
}

export interface GatedTick {
  /** The trading state after this tick's portfolio decisions (applied before position decisions are gated). */
  readonly state: TradingStateChange;
  /** The state the gate applied: `state.to`, or DEGRADED over ACTIVE while market data is bad. */
  readonly applied: GateState;
  readonly portfolioDecisions: readonly GatedDecision[];
  readonly positionDecisions: ReadonlyMap<string, GatedDecision>;
  readonly alerts: readonly GatedDecision[];
  /** Whether any entry may be considered this tick, and if not why. */
  readonly entries: GateVerdict;
  /** Names of this tick's decisions whose action halts entries (catalogue `haltsEntries`; pass to gateEntry). */
  readonly haltedBy: readonly string[];
}

function gated(state: GateState, d: Decision): GatedDecision {
  const v = gateDecision(state, d);
  return v.allowed ? { decision: d, outcome: 'allowed', reason: null, message: null } : { decision: d, outcome: 'blocked', reason: v.reason, message: v.message };
}

/**
 * Gates one tick's evaluation: the portfolio decisions first move the trading state (so a halt firing this tick
 * already applies to this tick's position decisions), then every decision is allowed or blocked with a reason.
 */
export function gateTick(current: TradingState, ev: Evaluation, data?: DataHealth): GatedTick {
  const state = nextTradingState(current, ev.portfolioDecisions);
  const s = gateState(state.to, data);
  const positionDecisions = new Map<string, GatedDecision>();
  for (const [id, d] of ev.positionDecisions) positionDecisions.set(id, gatePositionDecision(s, d, data?.badMarks.get(id)));
  const haltedBy = ev.portfolioDecisions.filter((d) => actionSpec(d.action).haltsEntries).map((d) => d.rule);
  const entries: GateVerdict = s === 'DEGRADED' ? block('trading-state', `trading state is DEGRADED (${data!.why}): no new entries`)
    : s !== 'ACTIVE' ? block('trading-state', `trading state is ${s}: no new entries`)
    : haltedBy.length ? block('entries-halted', `entries halted this tick by ${haltedBy.join(', ')}`) : ALLOW;
  return {
    state,
    applied: s,
    portfolioDecisions: ev.portfolioDecisions.map((d) => gated(s, d)),
    positionDecisions,
    alerts: ev.alerts.map((d) => gated(s, d)),
    entries,
    haltedBy,
  };
}

/**
 * One position decision under the applied state (`GatedTick.applied`): a decision that sends orders (catalogue
 * `sendsOrders`: close, reduce, roll) and is not forced does not act on a position whose marks are bad (`bad` says
 * which leg and why). Rule decisions and ladder steps alike.
 */
export function gatePositionDecision(state: GateState, d: Decision, bad: string | undefined): GatedDecision {
  const g = gated(state, d);
  if (bad === undefined || g.outcome === 'blocked' || d.escalation || !actionSpec(d.action).sendsOrders) return g;
  return { decision: d, outcome: 'blocked', reason: 'stale-marks', message: `${bad}: price-based rules do not act on a frozen mark` };
}
