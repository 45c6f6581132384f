/**
 * Which underlyings IB knows: `MarketFeed.unknownUnderlyings` for the IB feed. Each symbol is looked up with
 * reqContractDetails for its underlying contract (an index on CBOE for SPX, XSP, NDX, RUT, VIX…, otherwise a stock or
 * ETF on SMART), through the feed's contract resolver, so a symbol found here is not asked again when it is streamed.
 */
import type { IbConnection } from './connection.ts';
import type { ContractResolver } from './contracts.ts';

/**
 * The symbols IB has no contract for (error 200 "No security definition has been found"), in the order given.
 * Null when it cannot tell: no connection to TWS, a request timed out or the connection dropped during the check.
 * A symbol IB lists more than once (ambiguous) exists: it is not reported.
 */
export async function unknownUnderlyings(conn: IbConnection, resolver: ContractResolver, symbols: readonly string[]): Promise<string[] | null> {
  try {
    await conn.connect();
  } catch {
    return null;
  }
  const unique = [...new Set(symbols)];
  const verdicts = await Promise.all(unique.map(async (symbol): Promise<'known' | 'unknown' | 'undecided'> => {
    try {
      await resolver.underlying(symbol);
      return 'known';
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'TW_IB_NO_SECURITY') return 'unknown';
      if (code === 'TW_IB_AMBIGUOUS_CONTRACT') return 'known';
      return 'undecided';
    }
  }));
  if (verdicts.includes('undecided')) return null;
  const unknown = new Set(unique.filter((_, i) => verdicts[i] === 'unknown'));
  return symbols.filter((s, i) => unknown.has(s) && symbols.indexOf(s) === i);
}
