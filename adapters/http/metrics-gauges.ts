/**
 * Gauges, set at scrape time from what the engine already exposes: `kernel.status()` (equity, P&L, trading state,
 * broker, market-data lines, store writes), `kernel.positions()` (open positions by strategy), `kernel.lastFacts()`
 * (mark health of the held legs) and the store's reads (realised P&L of the closed positions, re-read only when a
 * new tick was committed).
 */
import type { Kernel } from '../../engine/kernel/index.ts';
import { BROKER_STATUSES, LATCHED_TRADING_STATES, TRADING_STATES } from './health.ts';
import type { AppMetrics } from './metrics-registry.ts';

const DEGRADED_KINDS = ['stale-marks', 'underlying', 'silent-feed', 'data-farm'] as const;
const PAGE = 1000;

export type GaugeKernel = Pick<Kernel, 'status' | 'positions' | 'lastFacts' | 'store' | 'config'>;

const dollars = (cents: number | null) => (cents === null ? Number.NaN : cents / 100);

/** Sum of realizedPnlCents over the store's closed positions, in cents. */
async function realizedCents(kernel: GaugeKernel): Promise<number> {
  let sum = 0;
  for (let offset = 0; ; offset += PAGE) {
    const rows = await kernel.store.reads.positions({ open: false, limit: PAGE, offset });
    for (const r of rows) sum += r.realizedPnlCents ?? 0;
    if (rows.length < PAGE) return sum;
  }
}

/** A refresher for one app: sets every gauge from the kernel and the store. */
export function gaugeRefresher(kernel: GaugeKernel, { m }: AppMetrics): () => Promise<void> {
  let realized: { seq: number; cents: number } | null = null;
  let strategies = new Set<string>();
  let version: string | null = null;
  return async () => {
    const st = kernel.status();
    if (realized?.seq !== st.seq) realized = { seq: st.seq, cents: await realizedCents(kernel) };
    m.equity.set(dollars(st.equityCents));
    m.pnl.set(st.pnlCents / 100);
    m.realized.set(realized.cents / 100);
    m.unrealized.set((st.pnlCents - realized.cents) / 100);
    for (const s of TRADING_STATES) m.tradingState.labels(s).set(s === st.tradingState ? 1 : 0);
    for (const s of LATCHED_TRADING_STATES) m.latchedState.labels(s).set(s === st.latchedTradingState ? 1 : 0);
    for (const s of BROKER_STATUSES) m.broker.labels(s).set(s === st.brokerStatus ? 1 : 0);
    m.entriesHalted.set(st.entriesHalted ? 1 : 0);
    m.lines.set(st.linesInUse ?? Number.NaN);
    const reasons = new Set((st.degraded?.reasons ?? []).map((r) => r.kind));
    for (const k of DEGRADED_KINDS) m.degradedReason.labels(k).set(reasons.has(k) ? 1 : 0);
    m.storeWriteFailures.set(st.storeWrite?.failures ?? 0);
    m.lastSeq.set(st.seq);
    m.lastTickTime.set(st.lastTickTime === null ? Number.NaN : st.lastTickTime / 1000);
    if (version !== st.configVersion) {
      m.config.reset();
      version = st.configVersion;
      m.config.labels(version).set(1);
    }

    // Every configured strategy has a series (0 when flat); one that left the config keeps its series while it holds positions.
    const open = new Map<string, number>(kernel.config.strategies.map((s) => [s.name, 0]));
    for (const p of kernel.positions()) if (p.phase !== 'closed') open.set(p.context.strategy, (open.get(p.context.strategy) ?? 0) + 1);
    for (const gone of strategies) if (!open.has(gone)) m.openPositions.remove(gone);
    for (const [s, n] of open) m.openPositions.labels(s).set(n);
    strategies = new Set(open.keys());

    markHealth(kernel, m);
  };
}

function markHealth(kernel: GaugeKernel, m: AppMetrics['m']): void {
  const facts = kernel.lastFacts();
  let stale = 0;
  let stalePositions = 0;
  let maxAge = 0;
  let unquoted = 0;
  for (const f of facts?.positions.values() ?? []) {
    if (f.markStale === true) stalePositions += 1;
    if (typeof f.staleLegs === 'string' && f.staleLegs) stale += f.staleLegs.split(',').length;
    if (typeof f.markAgeSec === 'number' && f.markAgeSec > maxAge) maxAge = f.markAgeSec;
  }
  for (const keys of facts?.unquoted.values() ?? []) unquoted += keys.length;
  m.staleLegs.set(stale);
  m.staleMarkPositions.set(stalePositions);
  m.markAge.set(maxAge);
  m.unquotedLegs.set(unquoted);
  m.marksComplete.set(facts ? (facts.complete ? 1 : 0) : 1);
}
