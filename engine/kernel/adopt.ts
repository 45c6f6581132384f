/**
 * Positions that are already open when a run starts (a dry-run scenario's `positions`, a benchmark's book): each gets
 * an actor in `managed` with its legs and entry cash (its basis, max profit/loss included, comes from the entry prices).
 */
import type { AdoptedLeg } from '../lifecycle/index.ts';
import { adoptPosition } from '../lifecycle/index.ts';
import { twError } from '../errors/index.ts';
import type { EpochMs } from '../domain/index.ts';
import type { KernelState } from './state.ts';

export interface AdoptRequest {
  /** Position id (default: `<strategy>-<n>`). */
  id?: string;
  strategy: string;
  openedAt: EpochMs;
  legs: AdoptedLeg[];
  ivAtEntry?: number;
  /** History the scenario declares, e.g. the P&L peak reached before the run (fraction of max profit). */
  peakPnlPct?: number;
  hold?: boolean;
  commissionCents?: number;
}

export function adopt(k: KernelState, requests: readonly AdoptRequest[]): string[] {
  const ids: string[] = [];
  for (const r of requests) {
    const strategy = k.current.config.strategies.find((s) => s.name === r.strategy);
    if (!strategy) throw twError('TW_KERNEL_ADOPT_UNKNOWN_STRATEGY', { strategy: r.strategy, known: k.current.config.strategies.map((s) => s.name).join(', ') });
    const id = r.id ?? `${r.strategy}-${++k.positionSeq}`;
    if (k.book.get(id)) throw twError('TW_KERNEL_ADOPT_DUPLICATE', { id });
    const actor = adoptPosition({
      id, strategy: strategy.name, structure: strategy.structure, underlying: strategy.underlying, configVersion: k.current.config.version,
      execution: strategy.execution, openedAt: r.openedAt, legs: r.legs, ...(r.ivAtEntry !== undefined ? { ivAtEntry: r.ivAtEntry } : {}),
      ...(r.commissionCents !== undefined ? { commission: r.commissionCents } : {}),
    });
    // The basis (credit, max profit/loss) is the actor's, from the adopted entry prices (engine/lifecycle/adopt.ts).
    k.book.add({
      actor, hold: r.hold ?? false, pinnedVersion: strategy.manage.pinConfigVersion ? k.current.config.version : null,
      peakPnlPct: r.peakPnlPct ?? null, dirty: true,
    });
    k.adopted.push(id);
    ids.push(id);
  }
  return ids;
}
