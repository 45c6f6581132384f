/**
 * The take-profit ladder (`manage.ladder`): scale out of a position in steps. Step i is due when pnlPct has reached
 * its level and fewer than the cumulative fraction of the original contracts have been closed; the kernel then sends
 * a `reduce` for the difference (a `close` when nothing would remain). A ladder step acts only when no rule decided
 * for the position in the same tick, and is recorded as a decision of rule `ladder:<strategy>`.
 */
import type { Decision } from '../evaluate/index.ts';
import type { FactRecord } from '../facts/index.ts';
import type { ResolvedStrategy } from '../config/types.ts';
import type { BookEntry } from './book.ts';

export function ladderDecision(strategy: ResolvedStrategy, e: BookEntry, facts: FactRecord | undefined): Decision | null {
  const ladder = strategy.manage.ladder;
  if (!ladder?.length || e.hold || e.actor.phase() !== 'managed') return null;
  const pnlPct = facts?.pnlPct;
  if (typeof pnlPct !== 'number') return null;
  const c = e.actor.context();
  const original = Math.max(c.targetQuantity, c.openQuantity);
  const current = c.openQuantity;
  let cumulative = 0;
  for (let i = 0; i < ladder.length; i++) {
    cumulative += ladder[i].fraction;
    const remaining = Math.max(0, Math.round(original * (1 - cumulative)));
    if (current <= remaining) continue;
    if (pnlPct < ladder[i].pnlPct) return null;
    const toClose = current - remaining;
    const full = remaining === 0;
    return {
      rule: `ladder:${strategy.name}`, action: full ? 'close' : 'reduce',
      // The machine closes floor(fraction × contracts): nudge up so float rounding never closes one too few.
      params: full ? { orderStyle: 'limit' } : { orderStyle: 'limit', fraction: Math.min((toClose + 1e-6) / current, 0.999999) },
      priority: 0, severity: 'info', scope: 'position', escalation: false, positionId: e.actor.id, strategy: strategy.name,
      facts: { pnlPct, step: i + 1, level: ladder[i].pnlPct, contractsToClose: toClose, contractsHeld: current }, preempted: [],
    };
  }
  return null;
}
