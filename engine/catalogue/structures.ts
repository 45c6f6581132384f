/**
 * The structure catalogue: every option structure tickwise can open, as data. Each entry names the structure, whether
 * it is opened for a credit or a debit, whether its risk is defined, and its leg template (right, side, how the strike
 * is chosen, front or back expiry, contracts per unit). Config (the `Structure` type, the schema enum, the wing and
 * back-month checks), the `structure` fact, leg selection, payoff, sizing, rolls and docs/structures.md all read it.
 * A new structure is one entry here plus a test. Imports nothing of the engine.
 */

/** Option right and order side, as the domain spells them (kept local: the catalogue imports nothing). */
export type LegRight = 'put' | 'call';
export type LegSide = 'buy' | 'sell';

/**
 * How leg selection picks a leg's strike:
 * - `short-delta` / `long-delta`: |delta| nearest `legs.targetDelta` (an anchor);
 * - `atm`: the strike nearest the underlying price (an anchor);
 * - `wing`: `legs.wingWidth` points further out of the money than the anchor of the same right;
 * - `inner-wing`: `legs.wingWidth` points further into the money than the anchor of the same right (a butterfly's
 *   lower call, upper put);
 * - `same-strike`: the anchor's strike in the back-month expiry (calendars).
 */
export type LegRole = 'short-delta' | 'long-delta' | 'atm' | 'wing' | 'inner-wing' | 'same-strike';

export interface LegTemplate {
  readonly right: LegRight;
  readonly side: LegSide;
  readonly role: LegRole;
  /** `front` = the expiry chosen from `legs.dte`; `back` = the calendar's back month from `legs.backDte`. */
  readonly expiry: 'front' | 'back';
  /** Contracts of this leg per unit of the combo (a butterfly's body: 2). */
  readonly ratio: number;
}

/** What a catalogue entry states by hand. */
interface StructureDefinition {
  readonly name: string;
  readonly kind: 'credit' | 'debit';
  readonly risk: 'defined' | 'undefined';
  readonly legs: readonly LegTemplate[];
  readonly description: string;
}

/** A catalogue entry with the facts derived from its legs. */
export interface StructureTemplate extends StructureDefinition {
  readonly name: Structure;
  /** The same as `name` (older callers read `structure`). */
  readonly structure: Structure;
  /** Whether `legs.wingWidth` is required (some leg is a wing or an inner wing); without wings it is refused. */
  readonly needsWing: boolean;
  /** Whether `legs.backDte` is required (some leg is in the back month); without such a leg it is refused. */
  readonly needsBackDte: boolean;
  /** Whether the structure has a put side and a call side that can be rolled separately (tested-side rolls). */
  readonly twoSided: boolean;
}

const leg = (right: LegRight, side: LegSide, role: LegRole, ratio = 1, expiry: 'front' | 'back' = 'front'): LegTemplate =>
  Object.freeze({ right, side, role, expiry, ratio });

const DEFINITIONS = [
  {
    name: 'iron-condor', kind: 'credit', risk: 'defined',
    legs: [leg('put', 'buy', 'wing'), leg('put', 'sell', 'short-delta'), leg('call', 'sell', 'short-delta'), leg('call', 'buy', 'wing')],
    description: 'Sell an OTM put and an OTM call at the target delta; buy wings wingWidth points further out.',
  },
  {
    name: 'put-credit-spread', kind: 'credit', risk: 'defined',
    legs: [leg('put', 'buy', 'wing'), leg('put', 'sell', 'short-delta')],
    description: 'Sell a put at the target delta; buy a put wingWidth points lower.',
  },
  {
    name: 'call-credit-spread', kind: 'credit', risk: 'defined',
    legs: [leg('call', 'sell', 'short-delta'), leg('call', 'buy', 'wing')],
    description: 'Sell a call at the target delta; buy a call wingWidth points higher.',
  },
  {
    name: 'iron-butterfly', kind: 'credit', risk: 'defined',
    legs: [leg('put', 'buy', 'wing'), leg('put', 'sell', 'atm'), leg('call', 'sell', 'atm'), leg('call', 'buy', 'wing')],
    description: 'Sell the put and the call at the strike nearest the underlying (both need a bid; ties: the lower strike); buy wings wingWidth points out. targetDelta is not used.',
  },
  {
    name: 'short-strangle', kind: 'credit', risk: 'undefined',
    legs: [leg('put', 'sell', 'short-delta'), leg('call', 'sell', 'short-delta')],
    description: 'Sell an OTM put and an OTM call at the target delta, no wings (undefined risk: needs allowUndefinedRisk: true).',
  },
  {
    name: 'long-call-vertical', kind: 'debit', risk: 'defined',
    legs: [leg('call', 'buy', 'long-delta'), leg('call', 'sell', 'wing')],
    description: 'Buy a call at the target delta (0.5 ≈ at the money); sell a call wingWidth points higher.',
  },
  {
    name: 'long-put-vertical', kind: 'debit', risk: 'defined',
    legs: [leg('put', 'sell', 'wing'), leg('put', 'buy', 'long-delta')],
    description: 'Buy a put at the target delta; sell a put wingWidth points lower.',
  },
  {
    name: 'calendar', kind: 'debit', risk: 'defined',
    legs: [leg('call', 'sell', 'short-delta'), leg('call', 'buy', 'same-strike', 1, 'back')],
    description: 'Sell a front-month call at the target delta (0.5 = at the money); buy the same strike in the back month.',
  },
  {
    name: 'long-call-butterfly', kind: 'debit', risk: 'defined',
    legs: [leg('call', 'buy', 'inner-wing'), leg('call', 'sell', 'atm', 2), leg('call', 'buy', 'wing')],
    description: 'Sell 2 calls at the strike nearest the underlying; buy 1 call wingWidth points below and 1 wingWidth points above. targetDelta is not used.',
  },
  {
    name: 'long-put-butterfly', kind: 'debit', risk: 'defined',
    legs: [leg('put', 'buy', 'wing'), leg('put', 'sell', 'atm', 2), leg('put', 'buy', 'inner-wing')],
    description: 'Sell 2 puts at the strike nearest the underlying; buy 1 put wingWidth points below and 1 wingWidth points above. targetDelta is not used.',
  },
] as const satisfies readonly StructureDefinition[];

/** A structure name, as written in `strategies.yaml` (`structure:`). */
export type Structure = (typeof DEFINITIONS)[number]['name'];

const WING_ROLES: ReadonlySet<LegRole> = new Set(['wing', 'inner-wing']);

/** Anchor legs are chosen first (by delta or at the money); wings and back-month legs are placed relative to them. */
export const isAnchorRole = (role: LegRole): boolean => role !== 'wing' && role !== 'inner-wing' && role !== 'same-strike';

function derive(d: StructureDefinition): StructureTemplate {
  const legs = Object.freeze(d.legs.map((l) => Object.freeze({ ...l })));
  return Object.freeze({
    ...d,
    name: d.name as Structure,
    structure: d.name as Structure,
    legs,
    needsWing: legs.some((l) => WING_ROLES.has(l.role)),
    needsBackDte: legs.some((l) => l.expiry === 'back'),
    twoSided: new Set(legs.map((l) => l.right)).size > 1,
  });
}

/** Every structure, in catalogue order. */
export const STRUCTURE_LIST: readonly StructureTemplate[] = Object.freeze(DEFINITIONS.map(derive));

/** The names, in catalogue order (the schema enum, the `structure` fact's values). */
export const STRUCTURE_NAMES: readonly Structure[] = Object.freeze(STRUCTURE_LIST.map((s) => s.name));

/** The catalogue by name. */
export const STRUCTURES: Readonly<Record<Structure, StructureTemplate>> = Object.freeze(
  Object.fromEntries(STRUCTURE_LIST.map((s) => [s.name, s])) as Record<Structure, StructureTemplate>,
);

export const isStructure = (name: string): name is Structure => Object.prototype.hasOwnProperty.call(STRUCTURES, name);

/** The entry of a structure; throws on a name the catalogue does not know (config validation rules that out). */
export function structureTemplate(structure: Structure): StructureTemplate {
  if (!isStructure(structure)) throw new Error(`unknown structure ${String(structure)}`);
  return STRUCTURES[structure];
}

export function isUndefinedRisk(structure: Structure): boolean {
  return structureTemplate(structure).risk === 'undefined';
}

/** The structures for which `pick` holds, by name (for descriptions and hints). */
export function structuresWhere(pick: (s: StructureTemplate) => boolean): Structure[] {
  return STRUCTURE_LIST.filter(pick).map((s) => s.name);
}
