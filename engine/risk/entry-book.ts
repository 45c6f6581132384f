/**
 * The book as the entry limits see it during one tick: the tick's portfolio facts, with every position still in
 * `entry` counted at its planned figures (its working open order's legs × the units it asked for, at this tick's
 * quotes) instead of the part that has filled, plus every entry already planned this tick. Each prospective entry
 * is checked against `facts()` (the book before it) and `after(entry)` (the book with it); an entry that passes is
 * `add`ed, so the next one sees it.
 *
 * Only the facts an entry moves change (ENTRY_MOVED_FACTS): an entry not yet filled has no cash flow and marks at 0,
 * so equity, daily P&L and drawdown are the same before and after it.
 */
import type { FactRecord } from '../facts/index.ts';
import { addExposure, GREEKS, NET_FACT, type Exposure } from './exposure.ts';

/** One entry as the limits count it. */
export interface PlannedExposure {
  readonly underlying: string;
  readonly exposure: Exposure;
}

export interface EntryBookInput {
  /** The tick's portfolio facts (engine/facts). */
  readonly portfolio: FactRecord;
  /** Open (not closed) positions per underlying, entering ones included. */
  readonly perUnderlying: ReadonlyMap<string, number>;
  /**
   * Σ (planned − counted by the facts) over positions in `entry`: what their unfilled part adds. A Greek that cannot
   * be figured for them (no quote carries it) is left as the facts count it (pass 0 for it).
   */
  readonly pending: Exposure;
}

export class EntryBook {
  readonly #portfolio: FactRecord;
  readonly #perUnderlying: Map<string, number>;
  #open: number;
  #net: Exposure;

  constructor(input: EntryBookInput) {
    this.#portfolio = input.portfolio;
    this.#perUnderlying = new Map(input.perUnderlying);
    this.#open = numberOr(input.portfolio.openPositions, 0);
    const base: Exposure = {
      delta: numberOr(input.portfolio.netDelta, 0), gamma: numberOr(input.portfolio.netGamma, 0),
      vega: numberOr(input.portfolio.netVega, 0), theta: numberOr(input.portfolio.netTheta, 0),
    };
    this.#net = addExposure(base, input.pending);
  }

  /** The portfolio facts of the book as planned so far (before the next entry). */
  facts(): FactRecord {
    return this.#factsOf(this.#open, this.#perUnderlying, this.#net);
  }

  /** The portfolio facts with `e` added. */
  after(e: PlannedExposure): FactRecord {
    const per = new Map(this.#perUnderlying);
    per.set(e.underlying, (per.get(e.underlying) ?? 0) + 1);
    return this.#factsOf(this.#open + 1, per, addExposure(this.#net, e.exposure));
  }

  /** Counts `e` in the book: the entry passed the gate and is being opened. */
  add(e: PlannedExposure): void {
    this.#open += 1;
    this.#perUnderlying.set(e.underlying, (this.#perUnderlying.get(e.underlying) ?? 0) + 1);
    this.#net = addExposure(this.#net, e.exposure);
  }

  #factsOf(open: number, per: ReadonlyMap<string, number>, net: Exposure): FactRecord {
    let most = 0;
    for (const n of per.values()) most = Math.max(most, n);
    const out: FactRecord = { ...this.#portfolio, openPositions: open, positionsPerUnderlying: most };
    for (const g of GREEKS) out[NET_FACT[g]] = net[g];
    return out;
  }
}

function numberOr(v: unknown, d: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : d;
}
