/**
 * The daily summary alert (kind `summary`, info): once per New York trading day, at the first tick at or after 16:00,
 * the day's P&L, the open positions, decisions by rule, and anything unusual (the day's warnings and critical alerts,
 * the trading state when not ACTIVE). Exchange time (the ticks'), never the wall clock; a restart after 16:00 does not
 * send a second one for the same day (the alerts table already holds it).
 */
import { exchangeTime, formatCents, fromExchangeTime } from '../../engine/domain/index.ts';
import type { TickSummary } from '../../engine/kernel/index.ts';
import type { AlertRow, StoreReads } from '../../engine/store/index.ts';

export const SUMMARY_MINUTES = 16 * 60;

/** The summary text of `date` from what the store holds up to `s.time`. */
export async function dailySummary(reads: StoreReads, s: TickSummary, date: string): Promise<string> {
  const from = fromExchangeTime(date, 0);
  const [decisions, alerts, equity] = await Promise.all([
    reads.decisions({ from, to: s.time, limit: 1000 }),
    reads.alerts({ from, to: s.time, limit: 1000 }),
    reads.equityCurve({ from, to: s.time }),
  ]);
  const byRule = new Map<string, number>();
  for (const d of decisions) byRule.set(d.rule, (byRule.get(d.rule) ?? 0) + 1);
  const rules = [...byRule].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([r, n]) => `${r} ${n}`).join(', ') || 'none';
  const dayPnl = equity.length ? s.equity - equity[0].equityCents : 0;
  const warnings = alerts.filter((a) => a.severity === 'warning' && a.source !== 'summary').length;
  const critical = alerts.filter((a) => a.severity === 'critical').length;
  const unusual = [
    ...(s.tradingState !== 'ACTIVE' ? [`trading state ${s.tradingState}`] : []),
    ...(critical ? [`${critical} critical alert(s)`] : []),
    ...(warnings ? [`${warnings} warning(s)`] : []),
    ...(s.brokerStatus !== 'connected' ? [`broker ${s.brokerStatus}`] : []),
  ];
  return `daily summary ${date}: P&L today ${formatCents(dayPnl)} (book ${formatCents(s.pnl)}), equity ${formatCents(s.equity)}, ${s.openPositions} open position(s); decisions by rule: ${rules}; ${unusual.length ? `unusual: ${unusual.join(', ')}` : 'nothing unusual'}`;
}

/**
 * Raises each day's summary once: at the first tick at or after 16:00 New York, or, for a day whose ticks stopped
 * before 16:00 (the session closed), at the first tick of the next day, from that day's last tick. Call it with every
 * tick summary.
 */
export function createDailySummary(reads: StoreReads, raise: (a: AlertRow) => void): (s: TickSummary) => Promise<void> {
  const done = new Set<string>();
  let last: TickSummary | null = null;
  const once = async (date: string, at: TickSummary) => {
    if (done.has(date)) return;
    done.add(date);
    const already = await reads.alerts({ from: fromExchangeTime(date, 0), limit: 1000 });
    if (already.some((a) => a.source === 'summary' && a.message.startsWith(`daily summary ${date}:`))) return;
    raise({ time: at.time, severity: 'info', source: 'summary', positionId: null, message: await dailySummary(reads, at, date) });
  };
  return async (s) => {
    const prev = last;
    last = s;
    const t = exchangeTime(s.time);
    if (t.minutes >= SUMMARY_MINUTES) await once(t.date, s);
    else if (prev && exchangeTime(prev.time).date !== t.date) await once(exchangeTime(prev.time).date, prev);
  };
}
