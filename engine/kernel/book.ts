/**
 * The position book: every live position actor with the few figures the machine does not keep (the operator's hold,
 * the pinned config version, the P&L peak), and which position owns which order. The entry basis (credit, max
 * profit/loss) is the machine's: it comes from the opening fills (engine/lifecycle/basis.ts).
 */
import { basisOf, chainCreditOf, type PositionActor } from '../lifecycle/index.ts';
import type { LegRow, PositionRow } from '../store/index.ts';
import type { FactRecord, OpenPosition } from '../facts/index.ts';

export interface BookEntry {
  actor: PositionActor;
  hold: boolean;
  pinnedVersion: string | null;
  /** The highest pnlPct of the current leg set (a roll starts a new peak: see `positionRow`). */
  peakPnlPct: number | null;
  /** The roll count the peak belongs to; unset: the position's roll count when the book first reads it. */
  peakRollCount?: number;
  /** Facts seen on the previous tick (crossesAbove / crossesBelow). */
  prevFacts?: FactRecord;
  /** Something changed this tick: write the row, the legs and the snapshot. */
  dirty: boolean;
  /** The row and legs the in-memory facts read, rebuilt only after the position changed (run-tick.ts). */
  view?: OpenPosition;
}

export class PositionBook {
  readonly entries = new Map<string, BookEntry>();
  /** client order id → position id. */
  readonly orderOwner = new Map<string, string>();

  add(entry: BookEntry): void {
    this.entries.set(entry.actor.id, entry);
  }

  get(id: string): BookEntry | undefined {
    return this.entries.get(id);
  }

  /** Positions that are not closed, in id order (deterministic). */
  live(): BookEntry[] {
    return [...this.entries.values()].filter((e) => e.actor.phase() !== 'closed');
  }

  /** Drops closed positions once their final row has been committed. Returns the cash flow they leave behind. */
  prune(): number {
    let cashFlowCents = 0;
    for (const [id, e] of this.entries) {
      if (e.actor.phase() === 'closed' && !e.dirty) {
        cashFlowCents += positionRow(e).cashFlowCents;
        e.actor.stop();
        this.entries.delete(id);
      }
    }
    return cashFlowCents;
  }

  openCount(strategy?: string): number {
    let n = 0;
    for (const e of this.entries.values()) {
      if (e.actor.phase() !== 'closed' && (!strategy || e.actor.context().strategy === strategy)) n++;
    }
    return n;
  }
}

/**
 * pnlPct (and so its peak) is measured on the current leg set: once a roll has completed, the peak of the leg set it
 * rolled out of no longer applies and the new leg set starts without one.
 */
function currentPeak(e: BookEntry, rollCount: number): number | null {
  if (e.peakRollCount === undefined) e.peakRollCount = rollCount;
  else if (e.peakRollCount !== rollCount) {
    e.peakRollCount = rollCount;
    e.peakPnlPct = null;
  }
  return e.peakPnlPct;
}

/** The store row of a position, from its machine context and the book's extra figures. */
export function positionRow(e: BookEntry): PositionRow {
  const c = e.actor.context();
  const basis = basisOf(c);
  return {
    id: c.id, strategy: c.strategy, structure: c.structure, underlying: c.underlying,
    state: e.actor.phase(), phase: e.actor.state(), openedAt: c.openedAt, closedAt: c.closedAt,
    configVersion: c.configVersion, pinnedVersion: e.pinnedVersion,
    creditCents: c.creditCents, maxProfitCents: basis.maxProfitCents, maxLossCents: basis.maxLossCents,
    // Cash of the whole actor (leg sets rolled out of included), so equity = start + Σ cash flows stays exact.
    cashFlowCents: c.cashFlow + c.rolledPnl, commissionCents: c.commission,
    // The current leg set's own cash (its P&L basis) and the chain's opening premium (the chain basis).
    structureCashFlowCents: c.cashFlow, chainCreditCents: chainCreditOf(c),
    ivAtEntry: c.ivAtEntry, peakPnlPct: currentPeak(e, c.lineage.rollCount), contracts: c.openQuantity,
    rootId: c.lineage.rootId, parentId: c.lineage.parentId, rollCount: c.lineage.rollCount,
    cumulativePnlCents: c.lineage.cumulativePnl, outcome: c.outcome, closeRule: c.closeRule,
    realizedPnlCents: c.realizedPnl, hold: e.hold,
  };
}

export function legRows(e: BookEntry): LegRow[] {
  return e.actor.context().legs.map((l) => ({ positionId: e.actor.id, key: l.key, contract: l.contract, quantity: l.quantity, avgPrice: l.avgPrice }));
}

/** What the in-memory facts read of a position: its row and legs, cached until the position changes. */
export function openView(e: BookEntry): OpenPosition {
  if (!e.view || e.dirty) e.view = { row: positionRow(e), legs: legRows(e) };
  return e.view;
}
