import type { Cents, EpochMs, OptionContract, OptionQuote, Side } from '../domain/index.ts';
import type { Structure } from '../config/types.ts';

/** One leg an entry or roll will trade: the contract, buy or sell, and contracts per unit of the combo. */
export interface PlannedLeg {
  contract: OptionContract;
  side: Side;
  /** Contracts of this leg per unit: the catalogue leg's ratio (2 for a butterfly's body, else 1). */
  ratio: number;
}

/** A planned leg with the quote it was chosen from (what the payoff maths and net prices read). */
export interface QuotedLeg extends PlannedLeg {
  quote: OptionQuote;
  /** Delta used for selection (the quote's, or computed from its IV with BSM). */
  delta: number | null;
}

/**
 * Economics of one unit of a structure. Net prices are dollars per share, **positive = debit paid, negative = credit
 * received** (engine/domain/order.ts). Cents values are per unit (multiplier applied, one contract per leg × ratio).
 */
export interface UnitEconomics {
  /** Σ (buy +, sell −) × mid × ratio. */
  midNet: number;
  /** Buys at the ask, sells at the bid: the worst price a marketable order should pay. */
  naturalNet: number;
  /** The start price per `execution.startPrice`, rounded to 0.01 toward natural (never better than mid). */
  limitNet: number;
  /** Credit received at `limitNet` (0 for debit structures). */
  creditCents: Cents;
  /** Debit paid at `limitNet` (0 for credit structures). */
  debitCents: Cents;
  /** Best outcome at expiry at `limitNet`; null when unknown (calendars). */
  maxProfitCents: Cents | null;
  /** Worst outcome at expiry at `limitNet`, as a positive number; null when unbounded (undefined risk). */
  maxLossCents: Cents | null;
  /** Average IV (decimal) of the short legs (of the long legs when there is no short); null when no quote has one. */
  ivAtEntry: number | null;
  /** Underlying prices at expiry where the structure breaks even at `limitNet` (ascending; empty for calendars). */
  breakevens: number[];
  /** Contract multiplier (shares per contract). */
  multiplier: number;
}

export interface LegSelection {
  structure: Structure;
  underlying: string;
  /** The (front) expiry `YYYY-MM-DD`. */
  expiry: string;
  /** Calendars: the back-month expiry. */
  backExpiry?: string;
  /** Calendar days from the New York date of `now` to `expiry`. */
  dte: number;
  underlyingPrice: number;
  legs: QuotedLeg[];
  perUnit: UnitEconomics;
}

/**
 * Why an entry was skipped or a roll rejected: a registry code (engine/errors/codes/entry.ts) with its filled-in
 * message and hint. Plain data: safe to log, store and show.
 */
export interface EntryReason {
  code: string;
  message: string;
  hint: string;
  params: Record<string, unknown>;
}

export type Rejected = { rejected: EntryReason };

export interface SelectOptions {
  /** Risk-free rate (decimal, continuous) for deltas computed from IV when a quote has no delta. Default 0. */
  rate?: number;
}

export interface SizeResult {
  contracts: number;
  /** How the count was reached, e.g. "min(contracts 5, risk 2% of $100,000.00 / $1,234.00 = 1) = 1". */
  reason: string;
  /** The per-unit risk the count was based on (max loss, or the margin proxy for undefined risk). */
  riskPerUnitCents: Cents;
  /** Set when contracts is 0. */
  skipped?: EntryReason;
}

export interface EntryContext {
  /** The strategy underlying's option chain at this tick (other underlyings' quotes are ignored). */
  quotes: readonly OptionQuote[];
  underlyingPrice: number;
  now: EpochMs;
  /** Account equity, integer cents. */
  equityCents: Cents;
  /** Positions of this strategy open or opening. */
  openCount: number;
  /** When this strategy last opened (submitted) an entry. */
  lastEntryAt?: EpochMs;
  rate?: number;
}

export interface EntryPlan {
  strategy: string;
  structure: Structure;
  underlying: string;
  expiry: string;
  backExpiry?: string;
  dte: number;
  /** Legs per unit: the order's `legs` (contract, side, ratio). */
  legs: PlannedLeg[];
  /** Units of the combo (each leg trades ratio × quantity contracts). */
  quantity: number;
  /** Start limit per unit, dollars per share, positive = debit, negative = credit, rounded to 0.01. */
  limitPrice: number;
  midNet: number;
  naturalNet: number;
  /** Totals for `quantity` units at `limitPrice`, integer cents. */
  creditCents: Cents;
  debitCents: Cents;
  maxProfitCents: Cents | null;
  maxLossCents: Cents | null;
  ivAtEntry: number | null;
  breakevens: number[];
  underlyingPrice: number;
  perUnit: UnitEconomics;
  sizing: SizeResult;
}

export interface RollPosition {
  structure: Structure;
  underlying: string;
  /** Open legs with signed quantities (long +, short −). */
  legs: readonly { contract: OptionContract; quantity: number }[];
}

export interface RollOptions {
  /** DTE to roll out to (default: the strategy's legs.dte.target). */
  targetDte?: number;
  side: 'tested' | 'all';
  rate?: number;
}

export interface RollPlan {
  /** Legs that close the rolled part of the position, per unit (side opposite to the open leg). */
  closeLegs: PlannedLeg[];
  /** Legs of the new structure (or side), per unit. */
  openLegs: PlannedLeg[];
  /** Units: each leg trades ratio × quantity contracts. */
  quantity: number;
  /** Which side was rolled: 'put' / 'call' for a tested-side roll, 'all' otherwise. */
  rolled: 'put' | 'call' | 'all';
  fromExpiry: string;
  toExpiry: string;
  /** Net of the whole roll per unit at mid (close + open), dollars per share, positive = debit, negative = credit. */
  estimatedNet: number;
  /** The same at natural prices. */
  naturalNet: number;
  /** The close part and the open part at mid. */
  closeMidNet: number;
  openMidNet: number;
  /** Economics of the new legs alone. */
  open: LegSelection;
}
