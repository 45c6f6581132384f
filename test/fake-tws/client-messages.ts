/**
 * Parsing of the client → server messages the fake answers, by field position as @stoqey/ib 1.6.10's encoder writes
 * them at server version 193 (node_modules/@stoqey/ib/dist/core/io/encoder.js).
 */

export interface ContractQuery {
  conId?: number;
  symbol: string;
  secType: string;
  expiry: string;
  strike: number;
  right: string;
  tradingClass: string;
}

const num = (s: string | undefined): number => (s === undefined || s === '' ? 0 : Number(s));
const optNum = (s: string | undefined): number | null => (s === undefined || s === '' || s === '1.7976931348623157E308' ? null : Number(s));

/** REQ_MKT_DATA `[1, 11, reqId, conId, symbol, secType, expiry, strike, right, mult, exch, primExch, ccy, localSym, tradingClass, …, snapshot, regSnapshot, options]`. */
export function parseReqMktData(f: string[]): { reqId: number; contract: ContractQuery; snapshot: boolean } {
  return {
    reqId: num(f[2]),
    contract: { conId: num(f[3]) || undefined, symbol: f[4], secType: f[5], expiry: f[6], strike: num(f[7]), right: f[8], tradingClass: f[14] },
    snapshot: f[f.length - 3] === '1',
  };
}

/** REQ_CONTRACT_DATA `[9, 8, reqId, conId, symbol, secType, expiry, strike, right, mult, exch, primExch, ccy, localSym, tradingClass, …]`. */
export function parseReqContractData(f: string[]): { reqId: number; contract: ContractQuery } {
  return {
    reqId: num(f[2]),
    contract: { conId: num(f[3]) || undefined, symbol: f[4], secType: f[5], expiry: f[6], strike: num(f[7]), right: f[8], tradingClass: f[14] },
  };
}

export interface PlacedOrder {
  orderId: number;
  /** The contract's conId (single-leg orders); 0 for combos. */
  conId: number;
  symbol: string;
  secType: string;
  action: string;
  totalQuantity: number;
  orderType: string;
  lmtPrice: number | null;
  tif: string;
  account: string;
  orderRef: string;
  transmit: boolean;
  legs: { conId: number; ratio: number; action: 'BUY' | 'SELL' }[];
  legPrices: (number | null)[];
  smartComboRoutingParams: { tag: string; value: string }[];
}

/** PLACE_ORDER (no version at sv ≥ 145); everything after the BAG routing params is ignored by the fake. */
export function parsePlaceOrder(f: string[]): PlacedOrder {
  const o: PlacedOrder = {
    orderId: num(f[1]), conId: num(f[2]), symbol: f[3], secType: f[4], action: f[16], totalQuantity: num(f[17]), orderType: f[18],
    lmtPrice: optNum(f[19]), tif: f[21], account: f[23], orderRef: f[26], transmit: f[27] !== '0',
    legs: [], legPrices: [], smartComboRoutingParams: [],
  };
  if (o.secType !== 'BAG') return o;
  let i = 35;
  const legCount = num(f[i++]);
  for (let k = 0; k < legCount; k++) {
    o.legs.push({ conId: num(f[i]), ratio: num(f[i + 1]), action: f[i + 2] as 'BUY' | 'SELL' });
    i += 8;
  }
  const priceCount = num(f[i++]);
  for (let k = 0; k < priceCount; k++) o.legPrices.push(optNum(f[i++]));
  const routingCount = num(f[i++]);
  for (let k = 0; k < routingCount; k++) {
    o.smartComboRoutingParams.push({ tag: f[i], value: f[i + 1] });
    i += 2;
  }
  return o;
}

/** REQ_EXECUTIONS `[7, 3, reqId, clientId, acctCode, time, symbol, secType, exchange, side]`. */
export function parseReqExecutions(f: string[]): { reqId: number; clientId: number; time: string } {
  return { reqId: num(f[2]), clientId: num(f[3]), time: f[5] ?? '' };
}

/** REQ_SEC_DEF_OPT_PARAMS `[78, reqId, symbol, futFopExchange, secType, conId]`. */
export function parseReqSecDefOptParams(f: string[]): { reqId: number; symbol: string; conId: number } {
  return { reqId: num(f[1]), symbol: f[2], conId: num(f[5]) };
}
