/**
 * Adopting a position that is already open (a dry-run scenario's pre-declared positions, a benchmark's book): its
 * actor starts in `managed` with the legs held and the cash its entry prices imply, as if its opening order had
 * filled at those prices.
 */
import { contractKey, premiumCents, type Cents, type EpochMs, type OptionContract } from '../domain/index.ts';
import { twError } from '../errors/index.ts';
import { initialContext, restorePosition, type PositionActor } from './actor.ts';
import { unitsHeld } from './book.ts';
import { openingBasis } from './basis.ts';
import type { HeldLeg, LegMarks, PositionContext, PositionInput } from './types.ts';

export interface AdoptedLeg {
  contract: OptionContract;
  /** Signed contracts: long +, short −. */
  quantity: number;
  /** Dollars per share paid (long) or received (short) at entry. */
  entryPrice: number;
}

/** A position input (without the planned legs and quantity) plus the legs already held. */
export interface AdoptInput extends Pick<PositionInput, 'id' | 'strategy' | 'structure' | 'underlying' | 'configVersion' | 'execution' | 'openedAt' | 'ivAtEntry'> {
  legs: AdoptedLeg[];
  /** Commission already paid, cents (default 0). */
  commission?: Cents;
}

export function adoptPosition(input: AdoptInput, marks?: LegMarks, now?: EpochMs): PositionActor {
  if (!input.legs.length) throw twError('TW_LIFECYCLE_BAD_INPUT', { id: input.id, problem: 'no legs' });
  const legs: HeldLeg[] = input.legs.map((l) => {
    if (!Number.isInteger(l.quantity) || l.quantity === 0) throw twError('TW_LIFECYCLE_BAD_INPUT', { id: input.id, problem: `leg ${contractKey(l.contract)} has quantity ${l.quantity}; give a whole, non-zero number of contracts` });
    if (!(l.entryPrice >= 0)) throw twError('TW_LIFECYCLE_BAD_INPUT', { id: input.id, problem: `leg ${contractKey(l.contract)} has entry price ${l.entryPrice}; give dollars per share ≥ 0` });
    return { key: contractKey(l.contract), contract: l.contract, quantity: l.quantity, avgPrice: l.entryPrice };
  });
  const units = unitsHeld(legs);
  // Premium: + received for short legs, − paid for long legs.
  const credit = legs.reduce((sum, l) => sum - premiumCents(l.avgPrice, l.quantity, l.contract.multiplier), 0);
  const commission = input.commission ?? 0;
  const base = initialContext({
    id: input.id, strategy: input.strategy, structure: input.structure, underlying: input.underlying, configVersion: input.configVersion,
    legs: legs.map((l) => ({ contract: l.contract, side: l.quantity > 0 ? 'buy' : 'sell', ratio: Math.abs(l.quantity) / units })),
    quantity: units, execution: input.execution, openedAt: input.openedAt, ...(input.ivAtEntry !== undefined ? { ivAtEntry: input.ivAtEntry } : {}),
  });
  const context: PositionContext = {
    ...base, legs, openQuantity: units, targetQuantity: units, cashFlow: credit - commission, commission, creditCents: credit,
    entryNetPrice: -credit / 100 / units / (legs[0].contract.multiplier || 100), ...openingBasis(base.structureLegs, credit, units),
  };
  return restorePosition({ status: 'active', value: 'managed', context, children: {}, historyValue: {} }, marks, now);
}
