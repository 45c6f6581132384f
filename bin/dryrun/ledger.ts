/**
 * The money of a run recomputed from what the paper broker reported, independently of the engine's books: for each
 * position, the premium of its adopted legs, every fill of its orders (price × contracts × multiplier per leg, buy
 * pays, sell receives) less commissions, and the settlements of contracts only it held. The `money-adds-up` check
 * compares this with the realised P&L the engine recorded.
 */
import { contractKey, premiumCents, type BrokerEvent } from '../../engine/domain/index.ts';
import type { ScenarioRun } from './types.ts';

export interface PositionLedger {
  /** Cents, after commissions. */
  cents: number;
  fills: number;
  commissionCents: number;
  /** One line per cash movement, for failure messages. */
  lines: string[];
  /** A settlement of a contract more than one position traded: it could not be attributed, the total is not checked. */
  ambiguous: boolean;
}

const dollars = (cents: number) => (cents / 100).toFixed(2);

export function ledgerOf(run: ScenarioRun): Map<string, PositionLedger> {
  const out = new Map<string, PositionLedger>();
  const entry = (id: string) => {
    let e = out.get(id);
    if (!e) out.set(id, (e = { cents: 0, fills: 0, commissionCents: 0, lines: [], ambiguous: false }));
    return e;
  };
  const holders = new Map<string, Set<string>>();
  const multiplier = new Map<string, number>();
  const hold = (key: string, id: string, m: number) => {
    holders.set(key, (holders.get(key) ?? new Set()).add(id));
    multiplier.set(key, m);
  };
  for (const p of run.scenario.positions) {
    const e = entry(p.id);
    for (const l of p.legs) {
      hold(contractKey(l.contract), p.id, l.contract.multiplier);
      const cents = -premiumCents(l.entryPrice, l.quantity, l.contract.multiplier);
      e.cents += cents;
      e.lines.push(`adopted ${l.quantity > 0 ? '+' : ''}${l.quantity} at ${l.entryPrice}: ${dollars(cents)}`);
    }
  }
  const orderOf = new Map(run.orders.map((o) => [o.clientOrderId, o]));
  for (const o of run.orders) for (const l of o.legs) hold(l.key, o.positionId, l.multiplier);
  for (const ev of run.brokerEvents) {
    if (ev.type === 'fill') {
      const o = orderOf.get(ev.clientOrderId);
      if (!o) continue;
      const e = entry(o.positionId);
      let cents = 0;
      for (const l of ev.legs) cents += (l.side === 'buy' ? -1 : 1) * premiumCents(l.price, l.quantity, multiplier.get(l.key) ?? 100);
      e.cents += cents - ev.commission;
      e.fills += 1;
      e.commissionCents += ev.commission;
      e.lines.push(`fill ${ev.fillId} ${o.purpose} ×${ev.quantity} at ${ev.netPrice}: ${dollars(cents)}, commission ${dollars(ev.commission)}`);
    } else if (ev.type === 'settlement') settle(ev, holders, entry);
  }
  return out;
}

function settle(ev: Extract<BrokerEvent, { type: 'settlement' }>, holders: Map<string, Set<string>>, entry: (id: string) => PositionLedger): void {
  const ids = [...(holders.get(ev.key) ?? [])];
  if (ids.length !== 1) {
    for (const id of ids) entry(id).ambiguous = true;
    return;
  }
  const e = entry(ids[0]);
  e.cents += ev.amount;
  e.lines.push(`settlement ${ev.key} ${ev.outcome}: ${dollars(ev.amount)}`);
}
