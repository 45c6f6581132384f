import type { Contract, Order } from '@stoqey/ib';
import type { OrderRequest } from '../../engine/domain/index.ts';
import { twError } from '../../engine/errors/index.ts';
import type { IbContract } from './contracts.ts';
import type { LegSpec } from './fills.ts';

/** Limits go to IB on the cent grid (floats such as -5 + 0.05 would otherwise arrive as -4.9499999…). */
export function roundLimit(x: number): number {
  return Math.round(x * 100) / 100;
}

export interface BuiltOrder {
  contract: IbContract;
  order: Order;
  legs: LegSpec[];
}

/**
 * Turns an `OrderRequest` into an IB contract + order (plain objects).
 * - Several legs: a BAG combo, always a BUY, with the net limit as given (positive debit, negative credit: IB's
 *   convention for BUY combos). No per-leg prices and no NonGuaranteed tag, which IB accepts for any leg count.
 * - One leg: a plain option order, BUY or SELL per the leg, quantity ratio × units, limit = |net|.
 * `orderRef` carries the clientOrderId.
 */
export function buildOrder(req: OrderRequest, conIds: number[]): BuiltOrder {
  if (req.legs.length === 0) throw twError('TW_IB_COMBO_RULE', { clientOrderId: req.clientOrderId, problem: 'an order needs at least one leg' });
  if (!(req.quantity > 0) || !Number.isInteger(req.quantity)) {
    throw twError('TW_IB_COMBO_RULE', { clientOrderId: req.clientOrderId, problem: `quantity ${req.quantity} is not a positive integer` });
  }
  const badRatio = req.legs.find((l) => !(l.ratio >= 1) || !Number.isInteger(l.ratio));
  if (badRatio) throw twError('TW_IB_COMBO_RULE', { clientOrderId: req.clientOrderId, problem: `leg ratio ${badRatio.ratio} is not a positive integer` });
  const tif = req.timeInForce === 'gtc' ? 'GTC' : 'DAY';
  const orderType = req.limitPrice === null ? 'MKT' : 'LMT';
  const base = { orderRef: req.clientOrderId, transmit: true, tif, orderType } as Partial<Order>;
  if (req.legs.length === 1) {
    const leg = req.legs[0]!;
    const c = leg.contract;
    const contract: IbContract = {
      conId: conIds[0], symbol: c.underlying, secType: 'OPT' as Contract['secType'], exchange: 'SMART', currency: 'USD',
      lastTradeDateOrContractMonth: c.expiry.replaceAll('-', ''), strike: c.strike, right: (c.right === 'call' ? 'C' : 'P') as Contract['right'],
      multiplier: c.multiplier, tradingClass: c.root ?? c.underlying,
    };
    const order = { ...base, action: leg.side === 'buy' ? 'BUY' : 'SELL', totalQuantity: leg.ratio * req.quantity,
      lmtPrice: req.limitPrice === null ? undefined : roundLimit(Math.abs(req.limitPrice)) } as Order;
    return { contract, order, legs: [{ conId: conIds[0]!, ratio: leg.ratio }] };
  }
  const underlying = req.legs[0]!.contract.underlying;
  if (req.legs.some((l) => l.contract.underlying !== underlying)) {
    throw twError('TW_IB_COMBO_RULE', { clientOrderId: req.clientOrderId, problem: 'all legs of a combo must share one underlying' });
  }
  const contract: IbContract = {
    symbol: underlying, secType: 'BAG' as Contract['secType'], exchange: 'SMART', currency: 'USD',
    comboLegs: req.legs.map((l, i) => ({ conId: conIds[i]!, ratio: l.ratio, action: l.side === 'buy' ? 'BUY' : 'SELL', exchange: 'SMART' })) as Contract['comboLegs'],
  };
  const order = { ...base, action: 'BUY', totalQuantity: req.quantity, lmtPrice: req.limitPrice === null ? undefined : roundLimit(req.limitPrice) } as Order;
  const built = { contract, order, legs: req.legs.map((l, i) => ({ conId: conIds[i]!, ratio: l.ratio })) };
  checkComboRules(req.clientOrderId, built);
  return built;
}

/** IB's rules: per-leg prices only on 2-leg NonGuaranteed combos; 3+ legs neither per-leg prices nor NonGuaranteed. */
export function checkComboRules(clientOrderId: string, { contract, order }: { contract: IbContract; order: Order }): void {
  if (contract.secType !== 'BAG') return;
  const legs = contract.comboLegs?.length ?? 0;
  const nonGuaranteed = (order.smartComboRoutingParams ?? []).some((t) => t.tag === 'NonGuaranteed' && String(t.value) === '1');
  const legPrices = (order.orderComboLegs ?? []).some((l) => l.price !== undefined && l.price !== null);
  if (legs > 2 && (nonGuaranteed || legPrices)) throw twError('TW_IB_COMBO_RULE', { clientOrderId, problem: `${legs} legs: no per-leg prices and not NonGuaranteed` });
  if (legPrices && !nonGuaranteed) throw twError('TW_IB_COMBO_RULE', { clientOrderId, problem: 'per-leg prices need a NonGuaranteed 2-leg combo' });
  if (order.action !== 'BUY') throw twError('TW_IB_COMBO_RULE', { clientOrderId, problem: 'combos are sent as BUY with a signed net limit' });
}
