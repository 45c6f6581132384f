/**
 * Several ticks' batches merged into one commit (the kernel's `commitEvery`). Rows keyed in the store keep their last
 * version (positions, orders, snapshots, peaks, a position's leg set, meta); logs keep every row in order (ticks,
 * equity, decisions, transitions, order events, fills, alerts, reloads).
 */
import type { TickBatch } from '../store/index.ts';

function lastBy<T>(rows: readonly T[], key: (r: T) => string): T[] {
  const m = new Map<string, T>();
  for (const r of rows) {
    const k = key(r);
    m.delete(k);
    m.set(k, r);
  }
  return [...m.values()];
}

export function mergeBatches(a: TickBatch, b: TickBatch): TickBatch {
  const cat = <T>(x: readonly T[] | undefined, y: readonly T[] | undefined): T[] => [...(x ?? []), ...(y ?? [])];
  const ticksOf = (t: TickBatch) => t.ticks ?? [{ seq: t.seq, time: t.time, configVersion: t.configVersion }];
  const equityOf = (t: TickBatch) => t.equityRows ?? (t.equity ? [t.equity] : []);
  return {
    seq: b.seq, time: b.time, configVersion: b.configVersion,
    ticks: [...ticksOf(a), ...ticksOf(b)],
    equityRows: [...equityOf(a), ...equityOf(b)],
    positions: lastBy(cat(a.positions, b.positions), (r) => r.id),
    // A newer row already carries its position's latest peak: an older peak must not be applied after it.
    peaks: lastBy(cat((a.peaks ?? []).filter((p) => !b.positions?.some((r) => r.id === p.positionId)), b.peaks), (r) => r.positionId),
    legs: lastBy(cat(a.legs, b.legs), (r) => r.positionId),
    orders: lastBy(cat(a.orders, b.orders), (r) => r.clientOrderId),
    orderEvents: cat(a.orderEvents, b.orderEvents),
    fills: cat(a.fills, b.fills),
    decisions: cat(a.decisions, b.decisions),
    transitions: cat(a.transitions, b.transitions),
    snapshots: lastBy(cat(a.snapshots, b.snapshots), (r) => r.positionId),
    alerts: cat(a.alerts, b.alerts),
    reloads: cat(a.reloads, b.reloads),
    configVersions: lastBy(cat(a.configVersions, b.configVersions), (r) => r.version),
    meta: { ...a.meta, ...b.meta },
  };
}
