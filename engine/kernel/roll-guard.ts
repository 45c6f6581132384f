/**
 * The roll guard: a roll must not be stopped out by its own round trip. Before a roll is sent, the position's rules
 * are evaluated against the position as it would be once rolled — the new legs opened at their planned entry price
 * (the execution policy's start price on this tick's quotes), the old legs closed at theirs, marked at this tick's
 * mids — and when a rule of higher priority than the roll's would close that position at once, the roll is not sent:
 * the kernel closes instead and the decision names the rule. See docs/evaluation.md § The roll guard.
 */
import { actionSpec } from '../catalogue/index.ts';
import { contractKey, type OptionQuote } from '../domain/index.ts';
import { evaluateTick, type Decision } from '../evaluate/index.ts';
import { computeFactsInMemory, MarketMemory, type FactRecord, type FactsSnapshot } from '../facts/index.ts';
import { closingLegs, comboPrices, limitPrice, openingBasis, type PlannedLeg } from '../lifecycle/index.ts';
import type { LegRow } from '../store/index.ts';
import { positionRow, type BookEntry } from './book.ts';
import type { KernelState } from './state.ts';
import type { TickWork } from './tick-work.ts';

export interface RollBlock {
  /** The rule that would close the rolled position, and its decision on the rolled facts. */
  decision: Decision;
  /** The rolled position's facts the rule read (and its basis), for the decision record. */
  facts: FactRecord;
}

/** Net premium, cents, of `units` units traded at a net price per share (+ debit, − credit). */
const premiumOf = (net: number, units: number, multiplier: number) => -Math.round(net * multiplier * units * 100);

/** The facts of the position once rolled into `newLegs` at planned prices; null when a leg has no quote. */
export function rolledFacts(k: KernelState, w: TickWork, e: BookEntry, newLegs: readonly PlannedLeg[], facts: FactsSnapshot): FactRecord | null {
  const c = e.actor.context();
  const units = c.openQuantity;
  const multiplier = newLegs[0]?.contract.multiplier ?? 100;
  const openPrices = comboPrices(newLegs, w.marks);
  const closePrices = comboPrices(closingLegs(c.legs), w.marks);
  if (!openPrices || !closePrices || units === 0) return null;
  const openPremium = premiumOf(limitPrice(openPrices, c.execution, 0), units, multiplier);
  const closePremium = premiumOf(limitPrice(closePrices, c.execution, 0), units, c.legs[0]?.contract.multiplier ?? multiplier);
  const basis = openingBasis(newLegs, openPremium, units);
  const now = positionRow(e);
  const row = {
    ...now, creditCents: openPremium, maxProfitCents: basis.maxProfitCents, maxLossCents: basis.maxLossCents,
    cashFlowCents: now.cashFlowCents + closePremium + openPremium, structureCashFlowCents: openPremium,
    chainCreditCents: (now.chainCreditCents ?? now.creditCents) + openPremium,
    cumulativePnlCents: now.cumulativePnlCents + c.cashFlow + closePremium,
    rollCount: now.rollCount + 1, peakPnlPct: null, contracts: units,
  };
  const quotes: OptionQuote[] = [];
  const byKey = new Map((w.quotesByUnderlying.get(c.underlying) ?? []).map((q) => [q.key, q]));
  const legs: LegRow[] = newLegs.map((l) => {
    const key = contractKey(l.contract);
    const q = byKey.get(key);
    if (q) quotes.push(q);
    return { positionId: c.id, key, contract: l.contract, quantity: (l.side === 'buy' ? 1 : -1) * l.ratio * units, avgPrice: null };
  });
  const market = new MarketMemory();
  market.ingest({ time: w.time, quotes, underlyings: [...k.market.underlyings].map(([symbol, price]) => ({ symbol, price })) });
  const snap = computeFactsInMemory({
    now: w.time, tradingState: k.tradingState, startingEquityCents: 0, consecutiveLosses: k.consecutiveLosses,
    positions: [{ row, legs }], market, closedCashFlowCents: 0,
    rootOpenedAt: (id) => k.book.get(id)?.actor.context().openedAt ?? null,
  });
  const rolled = snap.positions.get(c.id);
  if (!rolled) return null;
  // Facts about the rest of the book are the book's, not those of a book holding only this position.
  return { ...rolled, positionsInUnderlying: facts.positions.get(c.id)?.positionsInUnderlying ?? rolled.positionsInUnderlying };
}

/**
 * The rule that would close the rolled position at once: the winning decision on the rolled facts, when it closes
 * and ranks above the roll. Null: the roll may go ahead (or the rolled position could not be priced: the roll's own
 * order handling then decides, as before).
 */
export function rollBlock(k: KernelState, w: TickWork, e: BookEntry, roll: Decision, newLegs: readonly PlannedLeg[], facts: FactsSnapshot): RollBlock | null {
  const rolled = rolledFacts(k, w, e, newLegs, facts);
  if (!rolled) return null;
  const c = e.actor.context();
  const pinned = e.pinnedVersion && e.pinnedVersion !== k.current.config.version ? k.versions.get(e.pinnedVersion) : undefined;
  const rules = (pinned ?? k.current).rules;
  const ev = evaluateTick(rules, { portfolio: facts.portfolio, prevPortfolio: k.prevPortfolio, positions: [{ id: c.id, strategy: c.strategy, phase: 'managed', hold: false, facts: rolled }] });
  const d = ev.positionDecisions.get(c.id);
  if (!d || actionSpec(d.action).closes !== 'position' || d.priority <= roll.priority) return null;
  const pick = ['pnl', 'pnlPct', 'credit', 'maxProfit', 'maxLoss', 'lossMultipleOfCredit', 'chainPnl', 'chainCredit', 'dte', 'rollCount'];
  const shown: FactRecord = {};
  for (const name of pick) if (rolled[name] !== undefined) shown[name] = rolled[name];
  for (const [name, value] of Object.entries(d.facts)) if (value !== undefined) shown[name] = value;
  return { decision: d, facts: shown };
}
