/**
 * Dry-run scenarios: what the trader writes (`ScenarioFile`, validated by schemas/scenario.schema.json) and the
 * resolved form the runner uses (`Scenario`: times as epoch ms, ticks expanded, legs signed). See docs/dry-run.md.
 */
import type { EpochMs, OptionContract, Right } from '../../engine/domain/index.ts';
import type { TradingState } from '../../engine/config/index.ts';

/** Implied volatility: flat, per expiry, or per strike within an expiry (`default` fills the gaps). */
export type IvSpec = number | Record<string, number | Record<string, number>>;

export interface ScenarioLegFile {
  underlying?: string;
  root?: string;
  expiry: string;
  right: Right;
  strike: number;
  side?: 'buy' | 'sell';
  quantity: number;
  entryPrice: number;
}

export interface ScenarioQuoteFile {
  underlying?: string;
  root?: string;
  expiry: string;
  right: Right;
  strike: number;
  bid: number;
  ask: number;
  iv?: number;
  delta?: number;
  gamma?: number;
}

export interface ScenarioControlFile {
  kill?: { flatten?: boolean; reason?: string };
  tradingState?: TradingState;
  hold?: string;
  release?: string;
  close?: string;
  roll?: string;
}

export interface ScenarioTickFile {
  at?: string;
  prices?: Record<string, number>;
  vix?: number | { level: number; prevClose?: number };
  /** An IvSpec for every underlying, or one per underlying symbol. */
  iv?: IvSpec | Record<string, IvSpec>;
  quotes?: ScenarioQuoteFile[];
  control?: ScenarioControlFile;
  repeat?: number;
  note?: string;
}

export type Expectation =
  | { decision: { tick?: number; at?: string; position?: string; rule: string; action?: string; outcome?: string } }
  | { state: { position: string; state: string; tick?: number; at?: string } }
  | { never: { position?: string; rule?: string; action?: string } }
  | { orders: { count?: number; min?: number; side?: 'buy' | 'sell'; purpose?: string; position?: string; style?: string; status?: string } }
  | { closed: { position: string; rule?: string; outcome?: string; pnl?: number } }
  | { tradingState: { state: TradingState; tick?: number; at?: string } }
  | { positions: { opened: number; strategy?: string } };

/** Checks every run gets without asking (bin/dryrun/checks.ts): they carry no position in the file. */
export type ImplicitCheck = { implicit: 'orders-fill' | 'closes-fill' | 'money-adds-up' };

/** The paper broker's fill model for a run (docs/replay.md, "Fill model"). */
export interface ScenarioFill {
  /** `mid`, `natural` or `mid+F`. */
  price: string;
  timing: 'snapshot' | 'next-tick';
  commissionPerContract: number;
}

export interface ScenarioFile {
  description: string;
  config?: string;
  start?: string;
  every?: string;
  account?: { equity?: number; tradingState?: TradingState };
  entries?: boolean;
  spread?: number;
  rate?: number;
  fill?: Partial<ScenarioFill>;
  chain?: Record<string, { expiries: string[]; strikes: { from: number; to: number; step: number } }>;
  positions?: { id: string; strategy: string; openedAt?: string; legs: ScenarioLegFile[]; state?: 'managed'; hold?: boolean; peakPnlPct?: number; ivAtEntry?: number }[];
  ticks?: ScenarioTickFile[];
  replay?: { path: string; source?: 'cboe' | 'optionsdx'; columns?: string; vix?: string; underlying?: string; from?: string; to?: string; rate?: number };
  expect?: Expectation[];
}

// ------------------------------------------------------------------------------------------------- resolved

export interface ScenarioLeg {
  contract: OptionContract;
  /** Signed contracts: long +, short −. */
  quantity: number;
  entryPrice: number;
}

export interface ScenarioPosition {
  id: string;
  strategy: string;
  openedAt: EpochMs;
  legs: ScenarioLeg[];
  hold: boolean;
  peakPnlPct?: number;
  ivAtEntry?: number;
}

/** One tick with everything carried forward from earlier ticks already applied. */
export interface ScenarioTick {
  /** 1-based, as in the output and in expectations. */
  index: number;
  time: EpochMs;
  prices: Readonly<Record<string, number>>;
  vix: { level: number; prevClose?: number } | null;
  iv: Readonly<Record<string, IvSpec>>;
  /** Explicit quotes by contract key (carried forward until replaced). */
  quotes: ReadonlyMap<string, ScenarioQuoteFile & { underlying: string }>;
  control: ScenarioControlFile | null;
  note: string | null;
}

/** A resolved expectation with its source position, so a failure can point at the line that stated it. */
export interface ResolvedExpectation {
  index: number;
  /** `file:line:col` of the expectation. */
  where: string;
  spec: Expectation | ImplicitCheck;
  /** The tick the expectation is about (from `tick` or `at`), when it names one. */
  tick: number | null;
  /** The time named by `at`, when given (replays match it against the replayed ticks). */
  time: EpochMs | null;
}

export interface Scenario {
  /** The path as given (for messages and output). */
  path: string;
  name: string;
  description: string;
  /** Absolute path of the config folder the scenario names, or null (use --config). */
  configDir: string | null;
  start: EpochMs;
  equity: number | null;
  tradingState: TradingState | null;
  /** Whether strategies may open new positions (entries) during the run. */
  entries: boolean;
  spread: number;
  rate: number | null;
  fill: ScenarioFill;
  chain: Readonly<Record<string, { expiries: string[]; strikes: number[] }>>;
  positions: ScenarioPosition[];
  ticks: ScenarioTick[];
  replay: { path: string; source: 'cboe' | 'optionsdx'; /** Column mapping file (absolute), for other vendors' layouts. */ columns?: string; vix?: string; underlying?: string; from?: string; to?: string; rate?: number } | null;
  /** null when the scenario has no `expect` (snapshot mode). */
  expect: ResolvedExpectation[] | null;
}
