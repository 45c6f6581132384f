import { contractKey, premiumCents } from '../domain/index.ts';
import type { BrokerEvent, Cents, OptionContract } from '../domain/index.ts';
import type { HeldLeg, PlannedLeg, PositionContext, SettlementRecord } from './types.ts';

type FillEvent = Extract<BrokerEvent, { type: 'fill' }>;
type SettlementEvent = Extract<BrokerEvent, { type: 'settlement' }>;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Combo units held: the gcd of the absolute leg quantities (0 when flat). */
export function unitsHeld(legs: readonly HeldLeg[]): number {
  return legs.reduce((g, l) => gcd(g, Math.abs(l.quantity)), 0);
}

/** The legs that close everything held, per unit of `unitsHeld`: each held leg reversed. */
export function closingLegs(legs: readonly HeldLeg[]): PlannedLeg[] {
  const units = unitsHeld(legs);
  if (units === 0) return [];
  return legs
    .filter((l) => l.quantity !== 0)
    .map((l) => ({ contract: l.contract, side: l.quantity > 0 ? 'sell' : 'buy', ratio: Math.abs(l.quantity) / units }));
}

export interface BookChange {
  legs: HeldLeg[];
  openQuantity: number;
  cashFlow: Cents;
  commission: Cents;
  /** Premium of this fill before commission: + received, − paid. */
  premium: Cents;
}

function findContract(key: string, orderLegs: readonly PlannedLeg[], held: readonly HeldLeg[]): OptionContract | undefined {
  return orderLegs.find((l) => contractKey(l.contract) === key)?.contract ?? held.find((l) => l.key === key)?.contract;
}

/**
 * Applies one execution to the held legs and the cash. Leg fills carry their own side and price; when a broker
 * reports only the net price, the order's legs are used and the premium comes from the net price.
 */
export function applyFill(ctx: PositionContext, fill: FillEvent, orderLegs: readonly PlannedLeg[]): BookChange {
  const legs = ctx.legs.map((l) => ({ ...l }));
  let premium = 0;
  const legFills = fill.legs.length > 0
    ? fill.legs
    : orderLegs.map((l) => ({ key: contractKey(l.contract), side: l.side, quantity: l.ratio * fill.quantity, price: NaN }));
  for (const lf of legFills) {
    const contract = findContract(lf.key, orderLegs, ctx.legs);
    if (!contract) continue;
    const signed = lf.side === 'buy' ? lf.quantity : -lf.quantity;
    if (!Number.isNaN(lf.price)) premium += (lf.side === 'buy' ? -1 : 1) * premiumCents(lf.price, lf.quantity, contract.multiplier);
    let held = legs.find((l) => l.key === lf.key);
    if (!held) {
      held = { key: lf.key, contract, quantity: 0, avgPrice: 0 };
      legs.push(held);
    }
    const price = Number.isNaN(lf.price) ? held.avgPrice : lf.price;
    const grows = held.quantity === 0 || Math.sign(held.quantity) === Math.sign(signed);
    if (grows) {
      const total = Math.abs(held.quantity) + Math.abs(signed);
      held.avgPrice = Math.round(((held.avgPrice * Math.abs(held.quantity) + price * Math.abs(signed)) / total) * 10000) / 10000;
    }
    held.quantity += signed;
  }
  if (fill.legs.length === 0) {
    const multiplier = orderLegs[0]?.contract.multiplier ?? 100;
    premium = -premiumCents(fill.netPrice, fill.quantity, multiplier);
  }
  const kept = legs.filter((l) => l.quantity !== 0);
  return {
    legs: kept,
    openQuantity: unitsHeld(kept),
    cashFlow: ctx.cashFlow + premium - fill.commission,
    commission: ctx.commission + fill.commission,
    premium,
  };
}

/** Applies a settlement (expiry, assignment, exercise) of a held leg. */
export function applySettlement(ctx: PositionContext, s: SettlementEvent): Pick<PositionContext, 'legs' | 'openQuantity' | 'cashFlow' | 'settlements'> {
  const legs = ctx.legs
    .map((l) => (l.key === s.key ? { ...l, quantity: l.quantity - s.quantity } : l))
    .filter((l) => l.quantity !== 0);
  const record: SettlementRecord = { key: s.key, quantity: s.quantity, outcome: s.outcome, amount: s.amount, time: s.time };
  if (s.shares !== undefined) record.shares = s.shares;
  return { legs, openQuantity: unitsHeld(legs), cashFlow: ctx.cashFlow + s.amount, settlements: [...ctx.settlements, record] };
}

export function holdsLeg(ctx: PositionContext, key: string): boolean {
  return ctx.legs.some((l) => l.key === key && l.quantity !== 0);
}
