import type { ContractKey, LegFill, Side } from '../../engine/domain/index.ts';

export interface LegSpec {
  conId: number;
  /** Contracts of this leg per combo unit. */
  ratio: number;
}

export interface ExecRecord {
  execId: string;
  conId: number;
  key: ContractKey;
  side: Side;
  /** Contracts in this execution. */
  shares: number;
  price: number;
}

export interface FillGroup {
  /** Combo units completed by this group. */
  units: number;
  execs: ExecRecord[];
  /** Stable id: the smallest execId of the group (replays of the same executions give the same id). */
  fillId: string;
}

/**
 * Groups one order's per-leg executions into combo fills. IB reports a combo fill as one execution per leg (each with
 * its own execId and, separately, its own commission report). Executions are collected until every leg has reached a
 * whole number of combo units beyond what was already reported (`min over legs of floor(filled contracts / ratio)`);
 * those executions form one fill of the newly completed units.
 */
export class OrderFills {
  private readonly legs: LegSpec[];
  private readonly cumulative = new Map<number, number>();
  private pending: ExecRecord[] = [];
  /** Units already grouped. */
  groupedUnits = 0;

  constructor(legs: LegSpec[]) {
    this.legs = legs;
  }

  add(e: ExecRecord): void {
    this.cumulative.set(e.conId, (this.cumulative.get(e.conId) ?? 0) + e.shares);
    this.pending.push(e);
  }

  completeUnits(): number {
    if (this.legs.length === 0) return 0;
    return Math.min(...this.legs.map((l) => Math.floor((this.cumulative.get(l.conId) ?? 0) / l.ratio)));
  }

  /** The next complete group, without consuming it. */
  peek(): FillGroup | null {
    const units = this.completeUnits() - this.groupedUnits;
    if (units <= 0) return null;
    const execs = [...this.pending];
    return { units, execs, fillId: execs.map((e) => e.execId).sort()[0]! };
  }

  take(group: FillGroup): void {
    this.groupedUnits += group.units;
    const taken = new Set(group.execs.map((e) => e.execId));
    this.pending = this.pending.filter((e) => !taken.has(e.execId));
  }
}

/** Net price per combo unit from leg executions: bought legs add, sold legs subtract (positive = debit). */
export function netPrice(execs: ExecRecord[], units: number): number {
  const total = execs.reduce((s, e) => s + (e.side === 'buy' ? 1 : -1) * e.price * e.shares, 0);
  return Math.round((total / units) * 10_000) / 10_000;
}

export function legFills(execs: ExecRecord[]): LegFill[] {
  return execs.map((e) => ({ key: e.key, side: e.side, quantity: e.shares, price: e.price }));
}
