import type { ChainListing, MarketTick } from '../domain/market.ts';
import type { OptionContract } from '../domain/contract.ts';

export interface Subscription {
  underlyings: string[];
  vix: boolean;
  /** Option contracts the engine needs streamed (legs of open positions, entry candidates). */
  contracts: OptionContract[];
}

/**
 * A source of market data. The kernel pulls: `next()` resolves with the next tick in time order, or `null` when the
 * feed has ended (a replay or scenario ran out; a live feed that was closed). Simulated feeds return at once
 * (optionally paced by a speed multiplier); a live feed resolves at its tick interval with the latest quotes.
 */
export interface MarketFeed {
  readonly name: string;
  /** Declares what the engine needs; feeds that always deliver whole chains may ignore the contract list. */
  subscribe(subscription: Subscription): Promise<void>;
  /** Which option contracts exist for an underlying right now. */
  chain(underlying: string): Promise<ChainListing>;
  next(): Promise<MarketTick | null>;
  close(): Promise<void>;
  /**
   * Which of `symbols` this feed does not list as an underlying (the simulated market knows its own; IB asks for
   * contract details). Resolves with the unknown ones, in the order given. A feed that cannot tell leaves the method
   * out (or resolves `null`): `start` and reload then only warn that underlyings could not be checked.
   */
  unknownUnderlyings?(symbols: readonly string[]): Promise<string[] | null>;
  /**
   * The health of the data behind the ticks, for feeds that know it (IB): when market data last arrived, by the feed's
   * clock (the tick clock), and the problems the source reports (a data farm down, connectivity lost). The kernel
   * enters DEGRADED on a problem or on silence (docs/operations.md). Feeds that leave it out are judged on their
   * ticks alone.
   */
  dataStatus?(): FeedDataStatus;
  /** Lines of market data in use, for feeds with a line limit (IB). */
  linesInUse?(): number;
  /** Simulated feeds return their state (time, PRNG, prices) so a restarted engine continues the same market. */
  checkpoint?(): unknown;
  restore?(state: unknown): void;
}

/** One problem a source reports about its market data (e.g. IB 2103 "Market data farm connection is broken:usopt"). */
export interface FeedDataProblem {
  /** The source's own code, e.g. `ib-2103`. */
  readonly code: string;
  readonly message: string;
  /** When it started (tick clock, epoch ms). */
  readonly since: number;
}

export interface FeedDataStatus {
  /** When the last market-data message arrived (tick clock, epoch ms); null before the first. */
  readonly lastDataAt: number | null;
  /** Problems in force now; empty when the data is healthy. */
  readonly problems: readonly FeedDataProblem[];
}
