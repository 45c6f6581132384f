import type { MarketFeed } from '../ports/market-feed.ts';
import type { Finding } from './types.ts';
import { finding, sortFindings } from './finding.ts';
import type { LoadResult } from './load.ts';

/**
 * How a command checks that the strategies' underlyings exist. `lookup` is the market feed's
 * `unknownUnderlyings` (engine/ports/market-feed.ts): the unknown ones, or null when the feed cannot tell.
 * `lookup: null` means there is no feed at all (`tickwise validate`).
 */
export interface UnderlyingCheck {
  /** The feed's name, for messages (`sim`, `ib`). */
  feed: string;
  lookup: ((symbols: readonly string[]) => Promise<string[] | null>) | null;
}

/**
 * Adds the underlying findings to a load result: an error per strategy whose underlying the feed does not list
 * (the config is then refused), or one warning naming the underlyings when nobody could tell. Only a config without
 * other errors is checked: `start` needs a valid config to create its feed, and reload and validate must say what
 * start says. A refused config is checked once its other errors are fixed.
 */
export async function checkUnderlyings(result: LoadResult, check: UnderlyingCheck): Promise<LoadResult> {
  if (!result.config) return result;
  const list = result.underlyings ?? [];
  const symbols = [...new Set(list.map((u) => u.symbol))];
  if (symbols.length === 0) return result;
  let unknown: string[] | null = null;
  let failure = '';
  try {
    unknown = check.lookup ? await check.lookup(symbols) : null;
  } catch (e) {
    // A feed that fails to answer cannot tell either: warn with its reason rather than refuse a valid config.
    failure = (e as Error)?.message ?? String(e);
  }
  if (unknown === null) {
    const why = !check.lookup ? 'no market feed is connected' : failure ? `the market feed (${check.feed}) could not answer: ${failure}` : `the market feed (${check.feed}) cannot tell which underlyings it lists`;
    const w = finding('TW_CONFIG_UNDERLYINGS_UNCHECKED', { symbols: symbols.join(', '), why }, list[0].where);
    return { ...result, findings: sortFindings([...result.findings, w]) };
  }
  const bad = new Set(unknown);
  const errors: Finding[] = list.filter((u) => bad.has(u.symbol)).map((u) => finding('TW_CONFIG_UNKNOWN_UNDERLYING', { strategy: u.strategy, symbol: u.symbol, feed: check.feed }, u.where));
  if (errors.length === 0) return result;
  return { ...result, config: null, findings: sortFindings([...result.findings, ...errors]) };
}

/** The check a market feed supports: its `unknownUnderlyings`, or "cannot tell" when it has none. */
export function feedUnderlyingCheck(feed: Pick<MarketFeed, 'name' | 'unknownUnderlyings'>): UnderlyingCheck {
  return { feed: feed.name, lookup: async (symbols) => (feed.unknownUnderlyings ? feed.unknownUnderlyings(symbols) : null) };
}

/** `tickwise validate`: no feed, so the underlyings are named in a warning. */
export const NO_FEED: UnderlyingCheck = { feed: 'none', lookup: null };
