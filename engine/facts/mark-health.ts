/**
 * Mark health: for each held leg, where its mark comes from and how old it is. One place computes it, so the
 * DEGRADED trading state (engine/kernel/degraded.ts) and the per-leg mark facts (`markAgeSec`, `markStale`,
 * `markSource`) read the same answer.
 *
 * A quote is **good** when bid and ask are finite, not negative, not crossed (bid ≤ ask) and not both zero. A leg's
 * mark is:
 * - `quote`: this tick carries a good quote for it (age 0);
 * - `last`: this tick carries no quote for it (the contract vanished from the chain, or the live line sent nothing) or
 *   a bad one (NaN, crossed, zero/zero), so the mark is its last good quote; its age is the time since that quote.
 *
 * A leg's mark is **bad** when its source is `last` (with the problem: `missing`, `nan`, `crossed`, `zero`) or when the
 * source flags the quote `stale` (IB while its connection is down); it is also **stale** when its last good quote is
 * older than `maxAgeSec`, or it never had one.
 */
import type { MarketTick, OptionQuote } from '../domain/index.ts';
import type { MarketMemory } from './market-memory.ts';

export type MarkSource = 'quote' | 'last';
export type MarkProblem = 'missing' | 'nan' | 'crossed' | 'zero' | 'flagged-stale';

export interface LegMarkHealth {
  readonly key: string;
  readonly source: MarkSource;
  /** Seconds since the last good quote (0 when this tick has one); null when the leg never had a good quote. */
  readonly ageSec: number | null;
  /** Why this tick's quote is not used; null when it is. */
  readonly problem: MarkProblem | null;
  /** The last good quote is older than the maximum age (or there never was one). */
  readonly stale: boolean;
  /** `problem !== null || stale`: the mark must not be trusted. */
  readonly bad: boolean;
}

/** What is wrong with a quote's prices, or null when it is good. */
export function quoteProblem(bid: number | null | undefined, ask: number | null | undefined): Exclude<MarkProblem, 'missing' | 'flagged-stale'> | null {
  if (typeof bid !== 'number' || typeof ask !== 'number' || !Number.isFinite(bid) || !Number.isFinite(ask) || bid < 0 || ask < 0) return 'nan';
  if (bid > ask) return 'crossed';
  if (bid === 0 && ask === 0) return 'zero';
  return null;
}

/**
 * When each contract last had a good quote, by tick time. Kept by the kernel beside its MarketMemory (which keeps the
 * latest quote whether good or not). After a restart it starts empty and falls back on the store's latest quote.
 */
export class GoodQuoteTimes {
  readonly #at = new Map<string, number>();
  readonly #quote = new Map<string, OptionQuote>();

  /** Records this tick's good quotes among `keys` (all quotes when omitted). */
  observe(tick: MarketTick, keys?: ReadonlySet<string>): void {
    for (const q of tick.quotes) {
      if (keys && !keys.has(q.key)) continue;
      if (quoteProblem(q.bid, q.ask) === null && !q.flags?.includes('stale')) {
        this.#at.set(q.key, tick.time);
        this.#quote.set(q.key, q);
      }
    }
  }

  /** The last good quote of a contract seen in this run (what a `last` mark is priced from). */
  lastGood(key: string): OptionQuote | undefined {
    return this.#quote.get(key);
  }

  get(key: string): number | undefined {
    return this.#at.get(key);
  }

  /** Forgets contracts no longer held (keeps the map as small as the book). */
  retain(keys: ReadonlySet<string>): void {
    for (const key of this.#at.keys()) if (!keys.has(key)) this.#at.delete(key);
    for (const key of this.#quote.keys()) if (!keys.has(key)) this.#quote.delete(key);
  }
}

export interface MarkHealthInput {
  readonly now: number;
  /** The held legs' contract keys. */
  readonly keys: Iterable<string>;
  /** This tick's quotes by key (only the held ones are looked up). */
  readonly tickQuotes: ReadonlyMap<string, OptionQuote>;
  readonly goodAt: GoodQuoteTimes;
  /** The fallback for a contract with no good quote seen in this run (after a restart): the latest stored quote. */
  readonly memory: MarketMemory;
  readonly maxAgeSec: number;
}

export function legMarkHealth(input: MarkHealthInput, key: string): LegMarkHealth {
  const q = input.tickQuotes.get(key);
  const problem: MarkProblem | null = q === undefined ? 'missing' : quoteProblem(q.bid, q.ask) ?? (q.flags?.includes('stale') ? 'flagged-stale' : null);
  if (problem === null) return { key, source: 'quote', ageSec: 0, problem: null, stale: false, bad: false };
  let last = input.goodAt.get(key);
  if (last === undefined) {
    const row = input.memory.quotes.get(key);
    if (row && quoteProblem(row.bid, row.ask) === null && row.time < input.now) last = row.time;
  }
  const ageSec = last === undefined ? null : Math.max(0, (input.now - last) / 1000);
  const stale = ageSec === null || ageSec > input.maxAgeSec;
  return { key, source: 'last', ageSec, problem, stale, bad: true };
}

/** Mark health of every held leg. */
export function markHealth(input: MarkHealthInput): Map<string, LegMarkHealth> {
  const out = new Map<string, LegMarkHealth>();
  for (const key of input.keys) if (!out.has(key)) out.set(key, legMarkHealth(input, key));
  return out;
}
