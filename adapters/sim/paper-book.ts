import { contractKey, premiumCents } from '../../engine/domain/index.ts';
import type { BrokerPosition, OptionContract, Side } from '../../engine/domain/index.ts';
import type { PaperState } from './paper-state.ts';

/** Books one leg execution: position quantity and cost basis, and cash (buy pays, sell receives). */
export function bookLeg(state: PaperState, contract: OptionContract, side: Side, contracts: number, pricePerShare: number): void {
  const key = contractKey(contract);
  const signed = side === 'buy' ? contracts : -contracts;
  const value = premiumCents(pricePerShare, signed, contract.multiplier);
  state.cashCents -= value;
  const pos = state.positions[key];
  if (!pos) {
    state.positions[key] = { contract, quantity: signed, costCents: value };
    return;
  }
  const next = pos.quantity + signed;
  if (next === 0) {
    delete state.positions[key];
  } else if (Math.sign(pos.quantity) === Math.sign(signed)) {
    pos.costCents += value;
    pos.quantity = next;
  } else if (Math.sign(next) === Math.sign(pos.quantity)) {
    // Reduced: the remaining contracts keep their average cost.
    pos.costCents = Math.round((pos.costCents * next) / pos.quantity);
    pos.quantity = next;
  } else {
    // Flipped through zero: the new position's cost is the part of this execution beyond the old quantity.
    pos.costCents = premiumCents(pricePerShare, next, contract.multiplier);
    pos.quantity = next;
  }
}

export function reportPositions(state: PaperState): BrokerPosition[] {
  return Object.entries(state.positions).map(([key, p]) => ({
    key, contract: p.contract, quantity: p.quantity,
    averageCost: Math.round((p.costCents / (p.quantity * p.contract.multiplier * 100)) * 1e4) / 1e4,
  }));
}
