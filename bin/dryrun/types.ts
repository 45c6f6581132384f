/** What a dry-run records of one scenario, and what the reporters print. */
import type { Finding, ResolvedConfig, TradingState } from '../../engine/config/index.ts';
import type { AlertRecord, DecisionRecord, TransitionRecord } from '../../engine/kernel/index.ts';
import type { FactRecord } from '../../engine/facts/index.ts';
import type { ResolvedExpectation, Scenario } from '../../adapters/scenario/index.ts';
import type { BrokerEvent } from '../../engine/domain/index.ts';

export interface TickRecord {
  /** 1-based tick number (the kernel's tick sequence). */
  index: number;
  time: number;
  /** What applied after the tick: the latched state, or DEGRADED over ACTIVE while market data was bad. */
  tradingState: TradingState | 'DEGRADED';
  /** Lifecycle state of every position the kernel knows after the tick (closed ones included while it keeps them). */
  states: Record<string, string>;
  portfolio: FactRecord;
  positions: Map<string, FactRecord>;
  /** Strategy of each position the facts cover. */
  strategies: Map<string, string>;
  /** The lifecycle phase of each known position when this tick's rules were evaluated (run-scenario.ts). */
  evaluated: Map<string, string>;
  /** Positions on manual hold during this tick. */
  holds: Set<string>;
}

export interface OrderRecord {
  clientOrderId: string;
  positionId: string;
  purpose: string;
  style: string;
  /** buy = a net debit paid, sell = a net credit received (from the limit price, or the legs for a single leg). */
  side: 'buy' | 'sell';
  limitPrice: number | null;
  quantity: number;
  status: string;
  tick: number;
  /** Units filled, and the average net price per unit of those fills (positive = debit), or null when none filled. */
  filled: number;
  fillPrice: number | null;
  /** The tick of the last fill, or null. */
  filledTick: number | null;
  /** The order's legs: contract key and multiplier (for the money check). */
  legs: { key: string; multiplier: number }[];
}

/** A position as the store has it at the end of the run. */
export interface PositionRecord {
  id: string;
  state: string;
  outcome: string | null;
  closeRule: string | null;
  /** Cents, after commissions; null while open. */
  realizedPnlCents: number | null;
}

export interface ScenarioRun {
  scenario: Scenario;
  config: ResolvedConfig;
  ticks: TickRecord[];
  decisions: DecisionRecord[];
  transitions: TransitionRecord[];
  alerts: AlertRecord[];
  orders: OrderRecord[];
  positions: PositionRecord[];
  /** Every event the kernel drained from the paper broker, in order. */
  brokerEvents: BrokerEvent[];
  /** Events the broker produced after the kernel's last drain (e.g. a fill on the last snapshot): the engine never saw them. */
  undelivered: BrokerEvent[];
  /** Every position ever seen, with its last known state. */
  finalStates: Record<string, string>;
}

export interface ExpectationResult {
  expectation: ResolvedExpectation;
  /** One line: what was expected. */
  title: string;
  ok: boolean;
  /** When it failed: what happened instead, with traces and condition-by-condition explanations. */
  detail: string[];
  /** Wall-clock seconds spent checking it (JUnit `time` only). */
  seconds?: number;
}

export interface SnapshotResult {
  path: string;
  status: 'written' | 'match' | 'changed' | 'missing';
  /** Unified-style lines (`- old`, `+ new`, `  same`) when changed. */
  diff: string[];
}

export interface ScenarioReport {
  name: string;
  path: string;
  description: string;
  status: 'pass' | 'fail' | 'invalid';
  configVersion: string | null;
  ticks: number;
  results: ExpectationResult[];
  /** The decisions in order, one line each. */
  decisions: string[];
  findings: Finding[];
  /** Set for errors that are not findings (the kernel refused something). */
  error: string | null;
  snapshot: SnapshotResult | null;
  /** `--explain`: the trace of every tick. */
  explain: string[] | null;
  /** Wall clock (ms) when the scenario started, and seconds it took: JUnit `timestamp` and `time` only. */
  startedAt: number;
  seconds: number;
}
