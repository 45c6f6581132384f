/**
 * Entries: for each enabled strategy of the current config, in file order — maxOpen, entry conditions, schedule, leg
 * selection, sizing and the risk gate — then a new position actor whose first intent is its opening order.
 */
import type { FactRecord, FactsSnapshot } from '../facts/index.ts';
import { entryFacts } from './entry-facts.ts';
import { planEntry, type EntryPlan } from '../entry/index.ts';
import { gateEntry, type GatedTick } from '../risk/index.ts';
import { openPosition } from '../lifecycle/index.ts';
import type { ResolvedStrategy } from '../config/types.ts';
import type { BookEntry } from './book.ts';
import { handleIntents } from './intents.ts';
import type { KernelState } from './state.ts';
import type { TickWork } from './tick-work.ts';

export function runEntries(k: KernelState, w: TickWork, facts: FactsSnapshot, gated: GatedTick): void {
  if (!gated.entries.allowed || k.brokerStatus !== 'connected') return;
  const strategies = k.current.config.strategies.filter((s) => s.enabled && k.book.openCount(s.name) < s.entry.maxOpen);
  if (strategies.length === 0) return;
  for (const s of strategies) {
    const seen: FactRecord = { ...facts.portfolio, ...entryFacts(w, s, k.book.openCount(s.name)) };
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
    const verdict = gateEntry(k.tradingState, {
      strategy: s.name, strategyOpen: k.book.openCount(s.name), maxOpen: s.entry.maxOpen, maxRiskCents: plan.maxLossCents,
      equityCents: facts.equityCents, maxRiskFraction: s.sizing.maxRiskFraction ?? null, allowUndefinedRisk: s.allowUndefinedRisk,
    }, gated.haltedBy);
    if (!verdict.allowed) {
      k.log.debug({ strategy: s.name, reason: verdict.message }, 'entry blocked');
      continue;
    }
    open(k, w, s, plan, seen);
  }
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
  const facts: FactRecord = { ...pick(seen, ['vix', 'equity', 'openPositions', 'underlyingLast', 'atmIv', 'strategyOpenPositions']), expiry: plan.expiry, dte: plan.dte, limitPrice: plan.limitPrice, quantity: plan.quantity };
  w.decisions.push({
    id: decisionId, tickTime: w.time, tickSeq: w.seq, positionId: id, rule: `entry:${s.name}`, action: 'open', priority: 0, severity: 'info',
    facts, preempted: [], trace: { sizing: plan.sizing.reason, legs: plan.legs.map((l) => `${l.side} ${l.ratio} ${l.contract.right} ${l.contract.strike} ${l.contract.expiry}`) },
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
