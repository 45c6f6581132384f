/**
 * Everything one tick produces before it is committed: rows for the store, intents to hand to the broker after the
 * commit, and events to publish. Built fresh for every tick.
 */
import type { MarketTick, OptionQuote, OrderRequest } from '../domain/index.ts';
import type { LegMarks, Intent } from '../lifecycle/index.ts';
import type { AlertRow, DecisionRow, FillRow, OrderEventRow, OrderRow, ReloadRow, TransitionRow } from '../store/index.ts';
import type { ResolvedConfig } from '../config/types.ts';
import type { KernelEvent } from './types.ts';

export type BrokerCall =
  | { type: 'place'; order: OrderRequest }
  | { type: 'cancel'; clientOrderId: string }
  | { type: 'replace'; clientOrderId: string; limitPrice: number | null; style: 'limit' | 'marketable' };

export class TickWork {
  readonly tick: MarketTick;
  readonly seq: number;
  readonly marks: LegMarks = {};
  readonly quotesByUnderlying = new Map<string, OptionQuote[]>();
  readonly underlyingPrice = new Map<string, number>();
  readonly orders = new Map<string, OrderRow>();
  readonly orderEvents: OrderEventRow[] = [];
  readonly fills: FillRow[] = [];
  readonly decisions: DecisionRow[] = [];
  readonly transitions: TransitionRow[] = [];
  readonly alerts: AlertRow[] = [];
  readonly calls: BrokerCall[] = [];
  readonly events: KernelEvent[] = [];
  /** Config versions and reload attempts this tick's commit records. */
  versions: ResolvedConfig[] = [];
  reloads: ReloadRow[] = [];
  entered = 0;
  closed = 0;
  private decisionSeq = 0;

  constructor(tick: MarketTick, seq: number) {
    this.tick = tick;
    this.seq = seq;
    for (const q of tick.quotes) {
      this.marks[q.key] = { bid: q.bid, ask: q.ask };
      const list = this.quotesByUnderlying.get(q.contract.underlying);
      if (list) list.push(q);
      else this.quotesByUnderlying.set(q.contract.underlying, [q]);
    }
    for (const u of tick.underlyings) this.underlyingPrice.set(u.symbol, u.price);
  }

  get time(): number {
    return this.tick.time;
  }

  /** Deterministic decision ids: tick sequence and position in the tick. */
  nextDecisionId(): string {
    this.decisionSeq += 1;
    return `d${this.seq}-${this.decisionSeq}`;
  }

  alert(severity: AlertRow['severity'], source: string, positionId: string | null, message: string): void {
    const row: AlertRow = { time: this.time, severity, source, positionId, message };
    this.alerts.push(row);
    this.events.push({ type: 'alert', alert: { ...row, severity: severity as 'info' | 'warning' | 'critical' } });
  }

  /** Intents that are not broker calls (alerts) are recorded here; the rest become broker calls. */
  isAlert(i: Intent): i is Extract<Intent, { type: 'alert' }> {
    return i.type === 'alert';
  }
}
