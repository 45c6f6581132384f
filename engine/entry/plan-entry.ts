/**
 * planEntry: everything the kernel needs to open one position of a strategy at this tick, or why not.
 * Order of checks: enabled → undefined-risk flag → maxOpen → schedule → leg selection → sizing.
 * Entry conditions (`entry.when`) and the trading state are the kernel's and the risk gate's business, checked before.
 */
import type { StrategyConfig, ResolvedStrategy } from '../config/types.ts';
import { isRejected, reason } from './reasons.ts';
import { scheduleAllows } from './schedule.ts';
import { selectLegs } from './select-legs.ts';
import { sizePosition } from './sizing.ts';
import { isUndefinedRisk } from './structures.ts';
import type { EntryContext, EntryPlan, EntryReason } from './types.ts';

export type PlanStrategy = Pick<StrategyConfig | ResolvedStrategy, 'name' | 'underlying' | 'structure' | 'legs' | 'entry' | 'sizing' | 'execution'> & {
  enabled?: boolean;
  allowUndefinedRisk?: boolean;
};

export type EntrySkipped = { skipped: EntryReason };

export function planEntry(strategy: PlanStrategy, ctx: EntryContext): EntryPlan | EntrySkipped {
  const name = strategy.name;
  if (strategy.enabled === false) return { skipped: reason('TW_ENTRY_DISABLED', { strategy: name }) };
  if (isUndefinedRisk(strategy.structure) && strategy.allowUndefinedRisk !== true) {
    return { skipped: reason('TW_ENTRY_UNDEFINED_RISK', { strategy: name, structure: strategy.structure }) };
  }
  if (ctx.openCount >= strategy.entry.maxOpen) {
    return { skipped: reason('TW_ENTRY_MAX_OPEN', { strategy: name, open: ctx.openCount, maxOpen: strategy.entry.maxOpen }) };
  }
  const allowed = scheduleAllows(strategy, ctx.now, ctx.lastEntryAt);
  if (allowed !== true) return { skipped: allowed };

  const selection = selectLegs(strategy, ctx.quotes, ctx.underlyingPrice, ctx.now, { rate: ctx.rate });
  if (isRejected(selection)) return { skipped: selection.rejected };
  const sizing = sizePosition(selection, strategy, ctx.equityCents);
  if (sizing.contracts === 0) return { skipped: sizing.skipped as EntryReason };

  const q = sizing.contracts;
  const u = selection.perUnit;
  const times = (c: number | null): number | null => (c === null ? null : c * q);
  return {
    strategy: name,
    structure: strategy.structure,
    underlying: strategy.underlying,
    expiry: selection.expiry,
    ...(selection.backExpiry ? { backExpiry: selection.backExpiry } : {}),
    dte: selection.dte,
    legs: selection.legs.map((l) => ({ contract: l.contract, side: l.side, ratio: l.ratio })),
    quantity: q,
    limitPrice: u.limitNet,
    midNet: u.midNet,
    naturalNet: u.naturalNet,
    creditCents: u.creditCents * q,
    debitCents: u.debitCents * q,
    maxProfitCents: times(u.maxProfitCents),
    maxLossCents: times(u.maxLossCents),
    ivAtEntry: u.ivAtEntry,
    breakevens: u.breakevens,
    underlyingPrice: selection.underlyingPrice,
    perUnit: u,
    sizing,
  };
}
