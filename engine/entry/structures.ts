/**
 * The structure catalogue: which legs each structure has, whether it is opened for a credit or a debit, and whether
 * its risk is defined. Leg selection, payoff maths, sizing and rolls all read this one table.
 */
import type { Right, Side } from '../domain/index.ts';
import type { Structure } from '../config/types.ts';

/**
 * The role a leg plays, which tells leg selection how to pick its strike:
 * - `short-delta` / `long-delta`: |delta| nearest `legs.targetDelta`;
 * - `atm`: the strike nearest the underlying price;
 * - `wing`: `legs.wingWidth` points further out of the money than the anchor leg of the same right;
 * - `same-strike`: the anchor's strike in the back-month expiry (calendars).
 */
export type LegRole = 'short-delta' | 'long-delta' | 'atm' | 'wing' | 'same-strike';

export interface LegTemplate {
  right: Right;
  side: Side;
  role: LegRole;
  /** `front` = the expiry chosen from `legs.dte`; `back` = the calendar's back month from `legs.backDte`. */
  expiry: 'front' | 'back';
  ratio: number;
}

export interface StructureTemplate {
  structure: Structure;
  kind: 'credit' | 'debit';
  risk: 'defined' | 'undefined';
  /** Whether `legs.wingWidth` is required. */
  needsWing: boolean;
  /** Whether the structure has a put side and a call side that can be rolled separately (tested-side rolls). */
  twoSided: boolean;
  legs: readonly LegTemplate[];
  description: string;
}

const leg = (right: Right, side: Side, role: LegRole, expiry: 'front' | 'back' = 'front'): LegTemplate =>
  Object.freeze({ right, side, role, expiry, ratio: 1 });

export const STRUCTURES: Readonly<Record<Structure, StructureTemplate>> = Object.freeze({
  'iron-condor': {
    structure: 'iron-condor', kind: 'credit', risk: 'defined', needsWing: true, twoSided: true,
    legs: [leg('put', 'buy', 'wing'), leg('put', 'sell', 'short-delta'), leg('call', 'sell', 'short-delta'), leg('call', 'buy', 'wing')],
    description: 'Sell an OTM put and an OTM call at the target delta; buy wings wingWidth points further out.',
  },
  'put-credit-spread': {
    structure: 'put-credit-spread', kind: 'credit', risk: 'defined', needsWing: true, twoSided: false,
    legs: [leg('put', 'buy', 'wing'), leg('put', 'sell', 'short-delta')],
    description: 'Sell a put at the target delta; buy a put wingWidth points lower.',
  },
  'call-credit-spread': {
    structure: 'call-credit-spread', kind: 'credit', risk: 'defined', needsWing: true, twoSided: false,
    legs: [leg('call', 'sell', 'short-delta'), leg('call', 'buy', 'wing')],
    description: 'Sell a call at the target delta; buy a call wingWidth points higher.',
  },
  'iron-butterfly': {
    structure: 'iron-butterfly', kind: 'credit', risk: 'defined', needsWing: true, twoSided: true,
    legs: [leg('put', 'buy', 'wing'), leg('put', 'sell', 'atm'), leg('call', 'sell', 'atm'), leg('call', 'buy', 'wing')],
    description: 'Sell the put and the call at the strike nearest the underlying; buy wings wingWidth points out.',
  },
  'short-strangle': {
    structure: 'short-strangle', kind: 'credit', risk: 'undefined', needsWing: false, twoSided: true,
    legs: [leg('put', 'sell', 'short-delta'), leg('call', 'sell', 'short-delta')],
    description: 'Sell an OTM put and an OTM call at the target delta, no wings (undefined risk).',
  },
  'long-call-vertical': {
    structure: 'long-call-vertical', kind: 'debit', risk: 'defined', needsWing: true, twoSided: false,
    legs: [leg('call', 'buy', 'long-delta'), leg('call', 'sell', 'wing')],
    description: 'Buy a call at the target delta; sell a call wingWidth points higher.',
  },
  'long-put-vertical': {
    structure: 'long-put-vertical', kind: 'debit', risk: 'defined', needsWing: true, twoSided: false,
    legs: [leg('put', 'sell', 'wing'), leg('put', 'buy', 'long-delta')],
    description: 'Buy a put at the target delta; sell a put wingWidth points lower.',
  },
  calendar: {
    structure: 'calendar', kind: 'debit', risk: 'defined', needsWing: false, twoSided: false,
    legs: [leg('call', 'sell', 'short-delta'), leg('call', 'buy', 'same-strike', 'back')],
    description: 'Sell a front-month call at the target delta (0.5 = at the money); buy the same strike in the back month.',
  },
});

/** The leg template of a structure (a frozen catalogue entry). */
export function structureLegsTemplate(structure: Structure): StructureTemplate {
  const t = STRUCTURES[structure];
  if (!t) throw new Error(`unknown structure ${String(structure)}`);
  return t;
}

export function isUndefinedRisk(structure: Structure): boolean {
  return structureLegsTemplate(structure).risk === 'undefined';
}
