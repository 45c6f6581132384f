/**
 * Entries: for each enabled strategy of the current config, in file order — maxOpen, entry conditions, schedule, leg
 * selection, sizing and the risk gate — then a new position actor whose first intent is its opening order.
 *
 * Every limit holds per entry, not per tick: the entry conditions and the gate see the book as planned so far
 * (EntryBook: unfilled entries at their planned figures, and each entry opened earlier in this tick), and an entry
 * that passes is counted before the next strategy is looked at. A refused entry is recorded as an `entry:<strategy>`
 * decision with outcome `blocked`, its reason and the limit (name, value before and after, threshold), once when the
 * refusal starts (a strategy refused on every tick for the same reason is not recorded again every tick).
 */
import type { FactRecord, FactsSnapshot } from '../facts/index.ts';
import { entryBook, entryFacts, tickQuotes } from './entry-facts.ts';
import { planEntry, type EntryPlan } from '../entry/index.ts';
import { gateEntry, legsExposure, type GatedTick, type GateVerdict, type PlannedExposure } from '../risk/index.ts';
import { openPosition } from '../lifecycle/index.ts';
import type { ResolvedStrategy } from '../config/types.ts';
import type { BookEntry } from './book.ts';
import { handleIntents } from './intents.ts';
import type { KernelState } from './state.ts';
import type { TickWork } from './tick-work.ts';

export function runEntries(k: KernelState, w: TickWork, facts: FactsSnapshot, gated: GatedTick): void {
  const refusedBefore = k.refusedEntries;
  k.refusedEntries = new Map();
  if (!gated.entries.allowed || k.brokerStatus !== 'connected') return;
  const strategies = k.current.config.strategies.filter((s) => s.enabled && k.book.openCount(s.name) < s.entry.maxOpen);
  if (strategies.length === 0) return;
  const quoteOf = tickQuotes(k, w);
  const book = entryBook(k, facts, quoteOf);
  for (const s of strategies) {
    const before = book.facts();
    const seen: FactRecord = { ...before, ...entryFacts(w, s, k.book.openCount(s.name)) };
    if (!k.current.rules.entryHolds(s.name, seen)) continue;
    const price = w.underlyingPrice.get(s.underlying);
    if (price === undefined) continue;
    const plan = planEntry(s, {
      quotes: w.quotesByUnderlying.get(s.underlying) ?? [], underlyingPrice: price, now: w.time, equityCents: facts.equityCents,
      openCount: k.book.openCount(s.name), lastEntryAt: k.lastEntryAt.get(s.name), rate: k.rate,
    });
    if ('skipped' in plan) {
      k.log.debug({ strategy: s.name, reason: plan.skipped.message }, 'entry skipped');
      continue;
    }
    const planned: PlannedExposure = { underlying: s.underlying, exposure: legsExposure(plan.legs, plan.quantity, quoteOf) };
    const after = book.after(planned);
    const verdict = gateEntry(k.tradingState, {
      strategy: s.name, strategyOpen: k.book.openCount(s.name), maxOpen: s.entry.maxOpen, maxRiskCents: plan.maxLossCents,
      equityCents: facts.equityCents, maxRiskFraction: s.sizing.maxRiskFraction ?? null, allowUndefinedRisk: s.allowUndefinedRisk,
      portfolio: { before, after, prevPortfolio: k.prevPortfolio, rules: k.current.rules.portfolioRules },
    }, gated.haltedBy);
    if (!verdict.allowed) {
      refuse(k, w, s, plan, seen, after, verdict, refusedBefore);
      continue;
    }
    book.add(planned);
    open(k, w, s, plan, { ...seen, ...afterFacts(after) });
  }
}

/** The book figures with the entry, recorded next to the figures it saw (`after:openPositions`, …). */
function afterFacts(after: FactRecord): FactRecord {
  return { 'after:openPositions': after.openPositions, 'after:positionsPerUnderlying': after.positionsPerUnderlying, 'after:netDelta': after.netDelta };
}

const AFTER_KEYS = ['after:openPositions', 'after:positionsPerUnderlying', 'after:netDelta'];

/**
 * Records a refused entry: a decision `entry:<strategy>` / `open` with outcome `blocked`, no position, the facts it saw
 * and the book after it, and a trace with the reason and the limit. Recorded (and logged at info) when the refusal
 * starts or its reason changes; while it repeats tick after tick only a debug line is logged.
 */
function refuse(k: KernelState, w: TickWork, s: ResolvedStrategy, plan: EntryPlan, seen: FactRecord, after: FactRecord, verdict: Extract<GateVerdict, { allowed: false }>, refusedBefore: ReadonlyMap<string, string>): void {
  const key = `${verdict.reason}|${verdict.limit?.limit ?? ''}`;
  k.refusedEntries.set(s.name, key);
  const limit = verdict.limit ?? null;
  if (refusedBefore.get(s.name) === key) {
    k.log.debug({ strategy: s.name, reason: verdict.reason, message: verdict.message }, 'entry blocked');
    return;
  }
  const id = w.nextDecisionId();
  const version = k.current.config.version;
  const row = {
    id, tickTime: w.time, tickSeq: w.seq, positionId: null, rule: `entry:${s.name}`, action: 'open', priority: 0, severity: 'info',
    facts: { ...pick(seen, ['vix', 'equity', 'openPositions', 'positionsPerUnderlying', 'netDelta', 'strategyOpenPositions']), ...afterFacts(after), quantity: plan.quantity, maxLoss: plan.maxLossCents === null ? null : plan.maxLossCents / 100 },
    preempted: [], trace: { reason: verdict.message, blockReason: verdict.reason, limit, sizing: plan.sizing.reason, legs: legText(plan) },
    configVersion: version, outcome: 'blocked',
  };
  w.decisions.push(row);
  w.events.push({ type: 'decision', decision: { ...row, reason: verdict.message } });
  k.log.info({ decision: id, strategy: s.name, outcome: 'blocked', reason: verdict.reason, message: verdict.message, limit: limit?.limit, before: limit?.before, after: limit?.after, threshold: limit?.threshold }, 'entry blocked');
}

function legText(plan: EntryPlan): string[] {
  return plan.legs.map((l) => `${l.side} ${l.ratio} ${l.contract.right} ${l.contract.strike} ${l.contract.expiry}`);
}

function open(k: KernelState, w: TickWork, s: ResolvedStrategy, plan: EntryPlan, seen: FactRecord): void {
  k.positionSeq += 1;
  const id = `${s.name}-${k.positionSeq}`;
  const version = k.current.config.version;
  const { actor, intents } = openPosition({
    id, strategy: s.name, structure: s.structure, underlying: s.underlying, configVersion: version, legs: plan.legs,
    quantity: plan.quantity, execution: s.execution, openedAt: w.time, ...(plan.ivAtEntry !== null ? { ivAtEntry: plan.ivAtEntry } : {}),
  }, w.time, w.marks);
  const entry: BookEntry = {
    actor, hold: false, // the basis (credit, max profit/loss) comes from the opening fills, not the plan's limit
    pinnedVersion: s.manage.pinConfigVersion ? version : null, peakPnlPct: null, dirty: true,
  };
  k.book.add(entry);
  k.lastEntryAt.set(s.name, w.time);
  w.entered += 1;
  const decisionId = w.nextDecisionId();
  const transition = { positionId: id, from: 'none', to: actor.state(), event: `ENTRY:${s.name}`, decisionId, tickTime: w.time, configVersion: version };
  w.transitions.push(transition);
  w.events.push({ type: 'transition', transition });
  const facts: FactRecord = { ...pick(seen, ['vix', 'equity', 'openPositions', 'underlyingLast', 'atmIv', 'strategyOpenPositions']), expiry: plan.expiry, dte: plan.dte, limitPrice: plan.limitPrice, quantity: plan.quantity, ...pick(seen, AFTER_KEYS) };
  w.decisions.push({
    id: decisionId, tickTime: w.time, tickSeq: w.seq, positionId: id, rule: `entry:${s.name}`, action: 'open', priority: 0, severity: 'info',
    facts, preempted: [], trace: { sizing: plan.sizing.reason, legs: legText(plan) },
    configVersion: version, outcome: 'applied',
  });
  k.log.info({ position: id, strategy: s.name, expiry: plan.expiry, quantity: plan.quantity, limit: plan.limitPrice, maxLossCents: plan.maxLossCents, sizing: plan.sizing.reason }, 'entry');
  handleIntents(k, w, entry, intents);
}

function pick(r: FactRecord, keys: string[]): FactRecord {
  const out: FactRecord = {};
  for (const key of keys) if (r[key] !== undefined) out[key] = r[key];
  return out;
}
