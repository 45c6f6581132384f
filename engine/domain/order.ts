import type { ContractKey, OptionContract } from './contract.ts';
import type { Cents } from './money.ts';
import type { EpochMs } from './time.ts';

export type Side = 'buy' | 'sell';
export type PriceStyle = 'limit' | 'marketable';

/** Why an order exists, in the position's lifecycle. */
export type OrderPurpose = 'open' | 'close' | 'reduce' | 'roll-close' | 'roll-open';

export interface OrderLeg {
  contract: OptionContract;
  side: Side;
  /** Contracts of this leg per unit of the order (1 for verticals and condors, 2 for a butterfly's body). */
  ratio: number;
}

/**
 * An order as the engine asks for it. Combo orders have several legs; the price is the **net price per unit in
 * dollars per share: positive = a debit paid, negative = a credit received** (IB's convention for BUY combos).
 */
export interface OrderRequest {
  /** The engine's own id: written to the store before the order reaches a broker; IB carries it in `orderRef`. */
  clientOrderId: string;
  positionId: string;
  purpose: OrderPurpose;
  legs: OrderLeg[];
  /** Units of the combo (each leg trades `ratio × quantity` contracts). */
  quantity: number;
  style: PriceStyle;
  /** Net limit per unit (see above); for `marketable` the broker may still use it as a protective cap. */
  limitPrice: number | null;
  timeInForce: 'day' | 'gtc';
  /** The config version the decision behind this order was made under. */
  configVersion: string;
}

export type OrderStatus = 'pending' | 'accepted' | 'partially-filled' | 'filled' | 'cancelled' | 'rejected' | 'expired';

export interface LegFill {
  key: ContractKey;
  side: Side;
  /** Contracts filled on this leg in this execution. */
  quantity: number;
  /** Dollars per share. */
  price: number;
}

/** Events a broker reports. They reach the position machines through the kernel, in the order received. */
export type BrokerEvent =
  | { type: 'accepted'; clientOrderId: string; brokerOrderId?: string; time: EpochMs }
  | {
      type: 'fill';
      clientOrderId: string;
      /** Unique per execution (IB execId); repeated reports of the same fill carry the same id and are ignored. */
      fillId: string;
      /** Combo units filled in this execution. */
      quantity: number;
      /** Net price per unit, same sign convention as `OrderRequest.limitPrice`. */
      netPrice: number;
      legs: LegFill[];
      commission: Cents;
      /** Units filled so far, including this one, and units still working. */
      filledTotal: number;
      remaining: number;
      time: EpochMs;
    }
  | { type: 'cancelled'; clientOrderId: string; reason?: string; time: EpochMs }
  | { type: 'rejected'; clientOrderId: string; reason: string; code?: string; time: EpochMs }
  | { type: 'expired'; clientOrderId: string; time: EpochMs }
  | {
      type: 'settlement';
      key: ContractKey;
      /** Signed contracts settled (long +, short −). */
      quantity: number;
      outcome: 'expired-worthless' | 'cash-settled' | 'assigned' | 'exercised';
      /** Cash credited (+) or debited (−) by the settlement itself. */
      amount: Cents;
      /** Shares delivered (+) or taken (−) for physical settlement. */
      shares?: number;
      time: EpochMs;
    }
  | { type: 'connection'; status: 'connected' | 'degraded' | 'disconnected'; detail?: string; time: EpochMs };

export interface BrokerPosition {
  key: ContractKey;
  contract: OptionContract;
  /** Signed contracts. */
  quantity: number;
  averageCost?: number;
}

export interface BrokerOpenOrder {
  clientOrderId: string | null;
  brokerOrderId: string;
  status: OrderStatus;
  filled: number;
  remaining: number;
  limitPrice: number | null;
}
