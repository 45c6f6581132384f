/** Contracts are plain, JSON-serialisable objects: never broker library class instances. */

export type Right = 'call' | 'put';

export interface OptionContract {
  /** Underlying symbol, e.g. `SPY`, `SPX`. */
  underlying: string;
  /** Trading class / option root when it differs from the underlying (e.g. `SPXW` vs `SPX`); part of the key. */
  root?: string;
  /** Expiry date `YYYY-MM-DD` (exchange-local). */
  expiry: string;
  right: Right;
  /** Strike in underlying price units. */
  strike: number;
  /** Shares (or index units) per contract, explicit: 100 for US equity and index options. */
  multiplier: number;
  /** `cash` for index options, `physical` (assignment into shares) for equity and ETF options. */
  settlement: 'cash' | 'physical';
  /** Broker identifiers when known (IB: conId). */
  brokerIds?: { conId?: number; localSymbol?: string };
}

/** The identity of an option contract: `ROOT:YYYY-MM-DD:C|P:STRIKE`, e.g. `SPY:2026-12-18:P:450`. */
export type ContractKey = string;

export function contractKey(c: Pick<OptionContract, 'underlying' | 'root' | 'expiry' | 'right' | 'strike'>): ContractKey {
  return `${c.root ?? c.underlying}:${c.expiry}:${c.right === 'call' ? 'C' : 'P'}:${c.strike}`;
}

export function isOptionContract(x: unknown): x is OptionContract {
  const c = x as OptionContract;
  return !!c && typeof c.underlying === 'string' && typeof c.expiry === 'string' && (c.right === 'call' || c.right === 'put') && typeof c.strike === 'number';
}
