/**
 * One snapshot's rows as the feed uses them, from either path: rows read per snapshot (the uncached path, cleaned
 * row by row with cleanQuote) or typed arrays from the cache (cleaned with cleanChain). Parity (parity.ts,
 * underlying.ts) reads row objects; from the cache only the rows it can use are made into objects. Both parity
 * functions skip every other row first thing, so the subset, in the same order, gives exactly the same result.
 */
import type { OptionQuote } from '../../engine/domain/index.ts';
import { cleanQuote, type DayContext, type QualityCounts, type RawRow } from './quality.ts';
import { cleanChain, type ContractInfo } from './columnar-clean.ts';
import type { Chains } from './columnar-read.ts';
import { MONEYNESS } from './parity.ts';
import { usablePrice } from './underlying.ts';

export interface SnapshotRows {
  /** Rows for parity: with `spot` those parityFits keeps (two-sided, within ±5%); without, those spotFromParity keeps. */
  parityRows(spot?: number): RawRow[];
  clean(day: DayContext, counts: QualityCounts): OptionQuote[];
}

export function rowSnapshot(rows: RawRow[]): SnapshotRows {
  return {
    parityRows: () => rows,
    clean(day, counts) {
      const seen = new Set<string>();
      const quotes: OptionQuote[] = [];
      for (const row of rows) {
        const q = cleanQuote(row, day, seen, counts);
        if (q) quotes.push(q);
      }
      return quotes;
    },
  };
}

export function columnarSnapshot(chains: Chains, info: ContractInfo, i: number): SnapshotRows {
  return {
    parityRows(spot?: number): RawRow[] {
      const { cid, values: v, contracts: t } = chains;
      const rows: RawRow[] = [];
      for (let r = chains.dayStart[i]; r < chains.dayStart[i + 1]; r++) {
        const c = cid[r];
        const strike = t.strike[c];
        const bid = v.bid[r];
        const ask = v.ask[r];
        // The first checks of parityFits (spot given) and spotFromParity (no spot), as they are written there.
        if (!(bid > 0) || !(ask >= bid)) continue;
        if (spot === undefined ? !usablePrice(strike) : strike === null || Math.abs(strike / spot - 1) > MONEYNESS) continue;
        rows.push({
          root: t.root[c] as string, right: t.right[c] as string, expiry: t.expiry[c] as string, strike, bid, ask, last: null, volume: null, bidSize: null, askSize: null,
          iv: null, delta: null, gamma: null, theta: null, vega: null, underlyingPrice: null,
        });
      }
      return rows;
    },
    clean: (day, counts) => cleanChain(chains, info, i, day, counts),
  };
}
