import type { Contract } from '@stoqey/ib';
import { contractKey, type OptionContract } from '../../engine/domain/index.ts';
import { twError } from '../../engine/errors/index.ts';
import type { IbConnection } from './connection.ts';
import { collect } from './requests.ts';

/** Index underlyings (IND on CBOE, cash-settled options); everything else is a stock/ETF (STK on SMART, physical). */
export const INDEX_SYMBOLS: ReadonlySet<string> = new Set(['SPX', 'XSP', 'NDX', 'RUT', 'VIX', 'DJX', 'OEX']);

/** A plain IB contract object (never an `Option` instance: its expiry getter is lost when spread). */
export type IbContract = Contract;

export function underlyingContract(symbol: string): IbContract {
  return INDEX_SYMBOLS.has(symbol)
    ? { symbol, secType: 'IND' as Contract['secType'], exchange: 'CBOE', currency: 'USD' }
    : { symbol, secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' };
}

/** `2026-12-18` → `20261218`. */
export const toIbExpiry = (expiry: string): string => expiry.replaceAll('-', '');
/** `20261218` → `2026-12-18`. */
export const fromIbExpiry = (s: string): string => `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;

export function optionContract(c: OptionContract): IbContract {
  const out: IbContract = {
    symbol: c.underlying, secType: 'OPT' as Contract['secType'], exchange: 'SMART', currency: 'USD',
    lastTradeDateOrContractMonth: toIbExpiry(c.expiry), strike: c.strike, right: (c.right === 'call' ? 'C' : 'P') as Contract['right'],
    multiplier: c.multiplier, tradingClass: c.root ?? c.underlying,
  };
  if (c.brokerIds?.conId) out.conId = c.brokerIds.conId;
  return out;
}

/** An IB option contract (from a position, execution or contract details) as a tickwise `OptionContract`. */
export function fromIbOption(c: IbContract): OptionContract {
  const underlying = c.symbol ?? '';
  const root = c.tradingClass && c.tradingClass !== underlying ? c.tradingClass : undefined;
  const out: OptionContract = {
    underlying, expiry: fromIbExpiry(c.lastTradeDateOrContractMonth ?? ''), right: String(c.right).startsWith('C') ? 'call' : 'put',
    strike: Number(c.strike), multiplier: Number(c.multiplier) || 100, settlement: INDEX_SYMBOLS.has(underlying) ? 'cash' : 'physical',
    brokerIds: { conId: c.conId, localSymbol: c.localSymbol },
  };
  if (root) out.root = root;
  return out;
}

/** Resolves contracts to IB conIds with reqContractDetails, once per contract key. */
export class ContractResolver {
  private readonly conIds = new Map<string, number>();
  private readonly conn: IbConnection;

  constructor(conn: IbConnection) {
    this.conn = conn;
  }

  known(key: string): number | undefined {
    return this.conIds.get(key);
  }

  remember(key: string, conId: number): void {
    this.conIds.set(key, conId);
  }

  async option(c: OptionContract): Promise<number> {
    const key = contractKey(c);
    const cached = c.brokerIds?.conId ?? this.conIds.get(key);
    if (cached) return cached;
    const conId = await this.resolve(optionContract(c), key);
    this.conIds.set(key, conId);
    return conId;
  }

  async underlying(symbol: string): Promise<number> {
    const key = `underlying:${symbol}`;
    const cached = this.conIds.get(key);
    if (cached) return cached;
    const conId = await this.resolve(underlyingContract(symbol), symbol);
    this.conIds.set(key, conId);
    return conId;
  }

  private async resolve(contract: IbContract, label: string): Promise<number> {
    const found = await collect<number>(this.conn, {
      name: `reqContractDetails ${label}`,
      withReqId: true,
      send: (reqId) => this.conn.ib(`reqContractDetails ${label}`).reqContractDetails(reqId, contract),
      item: ['contractDetails', (reqId, id: number, d: { contract: IbContract }) => (id === reqId ? d.contract.conId : undefined)],
      end: ['contractDetailsEnd', (reqId, id: number) => id === reqId],
      onError: (code, detail) => twError('TW_IB_NO_SECURITY', { contract: label, code, detail }),
    });
    if (found.length === 0) throw twError('TW_IB_NO_SECURITY', { contract: label, code: 200, detail: 'no contract details returned' });
    if (found.length > 1) throw twError('TW_IB_AMBIGUOUS_CONTRACT', { contract: label, count: found.length });
    return found[0]!;
  }
}
