import type { FakeContract, FakeQuote } from './chain.ts';
import type { Field } from './wire.ts';
import { DOUBLE_MAX, INT_MAX } from './wire.ts';

/**
 * Server → client messages at server version 193, field for field as @stoqey/ib 1.6.10's decoder reads them
 * (node_modules/@stoqey/ib/dist/core/io/decoder.js). A field too many or too few shows up in the client as
 * "unprocessed data left on queue" or "Underrun error", which the tests watch for.
 */

export const SERVER_VERSION = 193;

export const tickPrice = (reqId: number, tickType: number, price: number, size: number | ''): Field[] => [1, 6, reqId, tickType, price, size, 0];
export const tickSize = (reqId: number, tickType: number, size: number): Field[] => [2, 6, reqId, tickType, size];

export interface FakeOrderStatus {
  orderId: number;
  status: string;
  filled: number;
  remaining: number;
  avgFillPrice: number;
  permId: number;
  lastFillPrice: number;
  clientId: number;
}

export const orderStatus = (s: FakeOrderStatus): Field[] =>
  [3, s.orderId, s.status, s.filled, s.remaining, s.avgFillPrice, s.permId, 0, s.lastFillPrice, s.clientId, '', ''];

export const errMsg = (id: number, code: number, msg: string): Field[] => [4, 2, id, code, msg, ''];
export const nextValidId = (id: number): Field[] => [9, 1, id];
export const managedAccounts = (accounts: string): Field[] => [15, 1, accounts];
export const currentTime = (epochSeconds: number): Field[] => [49, 1, epochSeconds];
export const contractDataEnd = (reqId: number): Field[] => [52, 1, reqId];
export const openOrderEnd = (): Field[] => [53, 1];
export const execDataEnd = (reqId: number): Field[] => [55, 1, reqId];
export const tickSnapshotEnd = (reqId: number): Field[] => [57, 1, reqId];
export const marketDataType = (reqId: number, type: number): Field[] => [58, 1, reqId, type];
export const positionEnd = (): Field[] => [62, 1];
export const secDefOptParamsEnd = (reqId: number): Field[] => [76, reqId];

/** TICK_OPTION_COMPUTATION (no version at sv ≥ 156); -1 / -2 mark values not computed. */
export function tickOptionComputation(reqId: number, tickType: number, q: FakeQuote, price: number | undefined): Field[] {
  return [21, reqId, tickType, 0, q.iv ?? -1, q.delta ?? -2, price ?? -1, 0, q.gamma ?? -2, q.vega ?? -2, q.theta ?? -2, q.undPrice ?? -1];
}

export function contractData(reqId: number, c: FakeContract, underConId: number): Field[] {
  const isOpt = c.secType === 'OPT';
  return [
    10, reqId, c.symbol, c.secType, c.expiry, c.expiry /* lastTradeDate */, isOpt ? c.strike : 0, c.right, c.exchange, 'USD',
    c.localSymbol, c.tradingClass /* marketName */, c.tradingClass, c.conId, isOpt ? 0.01 : 0.01, isOpt ? c.multiplier : '',
    'LMT,MKT', `SMART,CBOE`, 1 /* priceMagnifier */, isOpt ? underConId : 0, `${c.symbol} fake`, c.secType === 'STK' ? 'ARCA' : '',
    isOpt ? c.expiry.slice(0, 6) : '', '', '', '', 'US/Eastern', '', '', '' /* evRule */, '' /* evMultiplier */,
    0 /* secIdList */, 0 /* aggGroup */, isOpt ? c.symbol : '', isOpt ? (c.symbol === 'SPX' ? 'IND' : 'STK') : '', '26' /* marketRuleIds */,
    c.expiry /* realExpirationDate */, '' /* stockType */, 1, 1, 1 /* minSize, sizeIncrement, suggestedSizeIncrement */,
    0 /* ineligibility reasons */,
  ];
}

export function secDefOptParams(reqId: number, underConId: number, tradingClass: string, multiplier: number, expiries: string[], strikes: number[]): Field[] {
  return [75, reqId, 'SMART', underConId, tradingClass, multiplier, expiries.length, ...expiries, strikes.length, ...strikes];
}

export interface FakeExecution {
  execId: string;
  orderId: number;
  contract: FakeContract;
  /** `YYYYMMDD-HH:MM:SS` UTC. */
  time: string;
  account: string;
  side: 'BOT' | 'SLD';
  shares: number;
  price: number;
  permId: number;
  clientId: number;
  cumQty: number;
  avgPrice: number;
  orderRef: string;
  commission: number;
}

export function executionData(reqId: number, e: FakeExecution): Field[] {
  const c = e.contract;
  return [
    11, reqId, e.orderId, c.conId, c.symbol, c.secType, c.expiry, c.secType === 'OPT' ? c.strike : 0, c.right,
    c.secType === 'OPT' ? c.multiplier : '', 'SMART', 'USD', c.localSymbol, c.tradingClass,
    e.execId, e.time, e.account, 'CBOE', e.side, e.shares, e.price, e.permId, e.clientId, 0, e.cumQty, e.avgPrice, e.orderRef,
    '', '', '' /* evRule, evMultiplier, modelCode */, 1 /* lastLiquidity */, 0 /* pendingPriceRevision */,
  ];
}

export const commissionReport = (execId: string, commission: number): Field[] => [59, 1, execId, commission, 'USD', DOUBLE_MAX, DOUBLE_MAX, ''];

export function position(account: string, c: FakeContract, pos: number, avgCost: number): Field[] {
  return [61, 3, account, c.conId, c.symbol, c.secType, c.expiry, c.secType === 'OPT' ? c.strike : 0, c.right,
    c.secType === 'OPT' ? c.multiplier : '', '', 'USD', c.localSymbol, c.tradingClass, pos, avgCost];
}

export interface FakeComboLeg { conId: number; ratio: number; action: 'BUY' | 'SELL' }

export interface FakeOpenOrder {
  orderId: number;
  /** Set for single-leg option orders (then `legs` holds that one contract); absent for combos. */
  single?: FakeContract;
  clientId: number;
  permId: number;
  account: string;
  symbol: string;
  action: string;
  totalQuantity: number;
  orderType: string;
  lmtPrice: number | null;
  tif: string;
  orderRef: string;
  legs: FakeComboLeg[];
  legPrices: (number | null)[];
  smartComboRoutingParams: { tag: string; value: string }[];
  status: string;
  filled: number;
}

/** OPEN_ORDER for a BAG order at sv 193 (version = server version; no faProfile, CME tagging fields at the end). */
export function openOrder(o: FakeOpenOrder): Field[] {
  const legs = o.legs.flatMap((l) => [l.conId, l.ratio, l.action, 'SMART', 0, 0, '', -1]);
  const routing = o.smartComboRoutingParams.flatMap((p) => [p.tag, p.value]);
  return [
    5, o.orderId,
    ...(o.single
      ? [o.single.conId, o.single.symbol, 'OPT', o.single.expiry, o.single.strike, o.single.right, o.single.multiplier, 'SMART', 'USD', o.single.localSymbol, o.single.tradingClass]
      : [0, o.symbol, 'BAG', '', 0, '', '', 'SMART', 'USD', '', o.symbol]), // contract
    o.action, o.totalQuantity, o.orderType, o.lmtPrice ?? DOUBLE_MAX, DOUBLE_MAX, o.tif, '', o.account, '', 0, o.orderRef,
    o.clientId, o.permId, 0 /* outsideRth */, 0 /* hidden */, 0 /* discretionaryAmt */, '' /* goodAfterTime */, '' /* shares alloc */,
    '', '', '' /* faGroup, faMethod, faPercentage */, '' /* modelCode */, '' /* goodTillDate */, '' /* rule80A */, DOUBLE_MAX /* percentOffset */,
    '' /* settlingFirm */, 0, '', -1 /* shortSaleSlot, designatedLocation, exemptCode */, 0 /* auctionStrategy */,
    DOUBLE_MAX, DOUBLE_MAX, DOUBLE_MAX /* startingPrice, stockRefPrice, delta */, DOUBLE_MAX, DOUBLE_MAX /* stock range */,
    INT_MAX /* displaySize */, 0, 0, 0 /* blockOrder, sweepToFill, allOrNone */, INT_MAX /* minQty */, 3 /* ocaType */,
    0, 0 /* eTradeOnly, firmQuoteOnly */, DOUBLE_MAX /* nbboPriceCap */, 0 /* parentId */, 0 /* triggerMethod */,
    DOUBLE_MAX, 0, '', DOUBLE_MAX /* volatility, volatilityType, deltaNeutralOrderType, deltaNeutralAuxPrice */,
    0, 0 /* continuousUpdate, referencePriceType */, DOUBLE_MAX, DOUBLE_MAX /* trailStopPrice, trailingPercent */,
    DOUBLE_MAX, INT_MAX /* basisPoints, basisPointsType */,
    '' /* comboLegsDescription */, o.single ? 0 : o.legs.length, ...(o.single ? [] : legs), o.legPrices.length, ...o.legPrices.map((p) => p ?? DOUBLE_MAX),
    o.smartComboRoutingParams.length, ...routing,
    INT_MAX, INT_MAX, DOUBLE_MAX /* scale init/subs level size, price increment */,
    '' /* hedgeType */, 0 /* optOutSmartRouting */, '', '' /* clearingAccount, clearingIntent */, 0 /* notHeld */,
    0 /* deltaNeutral contract */, '' /* algoStrategy */, 0 /* solicited */,
    0 /* whatIf */, o.status, '', '', '', '', '', '', '', '', '' /* margins before/change/after */, DOUBLE_MAX, DOUBLE_MAX, DOUBLE_MAX,
    '', '' /* commissionCurrency, warningText */, 0, 0 /* randomizeSize, randomizePrice */,
    0 /* conditions */, '', DOUBLE_MAX, DOUBLE_MAX, DOUBLE_MAX, DOUBLE_MAX, DOUBLE_MAX, DOUBLE_MAX, 0 /* adjusted order params */,
    '', '', '' /* softDollarTier */, DOUBLE_MAX /* cashQty */, 0 /* dontUseAutoPriceForHedge */, 0 /* isOmsContainer */,
    0 /* discretionaryUpToLimitPrice */, 0 /* usePriceMgmtAlgo */, INT_MAX /* duration */, INT_MAX /* postToAts */,
    0 /* autoCancelParent */, INT_MAX, INT_MAX, DOUBLE_MAX, DOUBLE_MAX, DOUBLE_MAX /* peg best/mid */,
    '' /* customerAccount */, 0 /* professionalCustomer */, '' /* bondAccruedInterest */, 0 /* includeOvernight */,
    '', INT_MAX /* extOperator, manualOrderIndicator */,
  ];
}
