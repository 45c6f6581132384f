/**
 * Strategy-bound facts (catalogue `bound: 'strategy'`): facts a position has because of its strategy's config, not
 * computed per tick. They are bound when a strategy's rules are compiled (constants of the compiled predicates), and
 * added to the facts json-rules-engine sees for the strategy's positions, so both paths read the same value.
 *
 * Adding one: the catalogue entry (engine/catalogue/facts.ts, with `bound: 'strategy'`) and its line here.
 */
import type { ResolvedStrategy } from '../config/types.ts';
import type { BoundFacts } from './types.ts';

const NONE: BoundFacts = Object.freeze({});

/** The strategy's bound facts; none without a strategy (portfolio rules, entry conditions). */
export function strategyFacts(strategy: ResolvedStrategy | null | undefined): BoundFacts {
  if (!strategy) return NONE;
  return Object.freeze({ tags: Object.freeze([...strategy.tags]) });
}
