/** Hand-built rows shared by the store and facts tests. */
import { contractKey, type OptionContract, type OptionQuote, type Right } from '../../engine/domain/index.ts';
import type { LegRow, PositionRow } from '../../engine/store/index.ts';

export function contract(underlying: string, expiry: string, right: Right, strike: number): OptionContract {
  return { underlying, expiry, right, strike, multiplier: 100, settlement: underlying === 'SPX' ? 'cash' : 'physical' };
}

export function leg(positionId: string, c: OptionContract, quantity: number, avgPrice: number | null = null): LegRow {
  return { positionId, key: contractKey(c), contract: c, quantity, avgPrice };
}

export function position(id: string, over: Partial<PositionRow> = {}): PositionRow {
  return {
    id, strategy: 'spy-put-spread', structure: 'put-credit-spread', underlying: 'SPY', state: 'managed', phase: 'managed',
    openedAt: Date.parse('2026-03-02T15:00:00Z'), closedAt: null, configVersion: 'v1', pinnedVersion: null,
    creditCents: 0, maxProfitCents: null, maxLossCents: null, cashFlowCents: 0, commissionCents: 0, ivAtEntry: null,
    peakPnlPct: null, contracts: 1, rootId: id, parentId: null, rollCount: 0, cumulativePnlCents: 0, outcome: null,
    closeRule: null, realizedPnlCents: null, hold: false, ...over,
  };
}

export function quote(c: OptionContract, bid: number, ask: number, greeks: Partial<OptionQuote> = {}): OptionQuote {
  return { key: contractKey(c), contract: c, bid, ask, ...greeks };
}
