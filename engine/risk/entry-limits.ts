/**
 * The portfolio limits of one prospective entry, checked against the book as planned so far this tick (EntryBook):
 *
 * 1. every halting portfolio rule (halt-entries, halt, close-all) is evaluated again on the book **before** the
 *    entry, entries already planned this tick and unfilled entries at their planned figures included: a rule that
 *    matches there stops this entry exactly as it would stop it on the next tick;
 * 2. every limit those rules define (engine/risk/limits.ts) is checked on the book **after** the entry: no entry may
 *    carry a figure strictly past its threshold (13 open with `maxOpenPositions: 12`, |net delta| 262 with
 *    `maxNetDelta: 250`). Reaching the threshold exactly is allowed; the rule then stops the next entry.
 *
 * The first failure is the answer, as a LimitBreach naming the limit, the value before and after the entry and the
 * threshold.
 */
import type { FactRecord, FactValue } from '../facts/index.ts';
import { operatorImpl, type CompiledRule } from '../evaluate/index.ts';
import { haltingRules, limitText, pastLimit, portfolioLimits, type PortfolioLimit } from './limits.ts';

/** Why an entry was refused by a limit: what the decision record, the trace and the log carry. */
export interface LimitBreach {
  /** The limit's name: `portfolio-limits.maxOpenPositions`, `spy-ic.entry.maxOpen`, a rule name for a compound rule. */
  readonly limit: string;
  /** The portfolio rule it comes from (null for a strategy's own limits). */
  readonly rule: string | null;
  readonly fact: string;
  /** The figure with the entries planned before this one. */
  readonly before: FactValue;
  /** The figure with this entry. */
  readonly after: FactValue;
  /** The threshold (null for a compound rule). */
  readonly threshold: number | null;
  /** The limit as a condition that must hold, e.g. `openPositions ≤ 12`. */
  readonly holds: string;
}

export interface PortfolioLimitCheck {
  /** The portfolio facts before this entry (EntryBook.facts()). */
  readonly before: FactRecord;
  /** The portfolio facts with this entry (EntryBook.after()). */
  readonly after: FactRecord;
  /** The previous tick's portfolio facts (crossing conditions). */
  readonly prevPortfolio?: FactRecord;
  /** The current config's compiled portfolio rules. */
  readonly rules: readonly CompiledRule[];
}

export interface LimitRefusal {
  readonly breach: LimitBreach;
  readonly message: string;
}

const NONE: FactRecord = Object.freeze({});

/** Null when the entry keeps the book within every portfolio limit; else the first limit it breaks and why. */
export function checkEntryLimits(c: PortfolioLimitCheck): LimitRefusal | null {
  const limits = portfolioLimits(c.rules);
  for (const r of haltingRules(c.rules)) {
    if (!r.predicate(NONE, c.before, undefined, c.prevPortfolio)) continue;
    const reached = limits.find((l) => l.rule === r.name && reachedBefore(l, c.before[l.fact]));
    if (reached) {
      const b = breach(reached, c);
      return { breach: b, message: `${b.limit}: ${b.fact} is ${show(b.before)} with the entries planned before this one (${show(b.after)} with it); the limit is ${b.holds}` };
    }
    const fact = r.facts[0] ?? '';
    const seen = r.facts.map((f) => `${f} ${show(c.before[f] ?? null)}`).join(', ');
    return {
      breach: { limit: r.name, rule: r.name, fact, before: c.before[fact] ?? null, after: c.after[fact] ?? null, threshold: null, holds: `not (${r.name})` },
      message: `${r.name} matches the book with the entries planned before this one (${seen}): it halts entries`,
    };
  }
  for (const l of limits) {
    const after = c.after[l.fact];
    if (!pastLimit(l, after)) continue;
    const b = breach(l, c);
    const what = typeof after === 'number' ? `would be ${show(after)} after this entry (${show(b.before)} before)` : 'is unknown after this entry (a leg\'s quote does not carry the Greek)';
    return { breach: b, message: `${l.name}: ${l.fact} ${what}; the limit is ${b.holds}` };
  }
  return null;
}

function breach(l: PortfolioLimit, c: PortfolioLimitCheck): LimitBreach {
  return { limit: l.name, rule: l.rule, fact: l.fact, before: c.before[l.fact] ?? null, after: c.after[l.fact] ?? null, threshold: l.threshold, holds: limitText(l) };
}

/** Whether the limit's own condition holds on `value`: the book is at (or past) the threshold already. */
function reachedBefore(l: PortfolioLimit, value: unknown): boolean {
  if (typeof value !== 'number' || Number.isNaN(value)) return false;
  return operatorImpl(l.operator)?.test(value, l.threshold) === true; // the limit's own operator, as the rule applies it
}

/** A figure for a sentence: integers as they are, other numbers to two decimals. */
export function show(v: FactValue | undefined): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  return v === null || v === undefined ? 'unknown' : String(v);
}
