/** Which channel gets an alert: its minimum severity, its routes, quiet hours (New York time, critical overrides). */
import { exchangeTime } from '../../engine/domain/index.ts';
import type { ResolvedChannel } from '../../engine/config/index.ts';
import type { OutboxAlert } from '../../engine/store/index.ts';
import { alertKind, alertRule } from './format.ts';

export const SEVERITY_RANK: Record<string, number> = { info: 0, warning: 1, critical: 2 };

/** A channel's own failure alert (`notify:<channel>`) goes to the other channels only. */
export const failureSource = (channel: string) => `notify:${channel}`;

/** Whether `ch` wants `a` at all (minSeverity and routes); quiet hours, dedupe and the rate cap come later. */
export function routes(ch: ResolvedChannel, a: OutboxAlert): boolean {
  if (!ch.enabled) return false;
  if ((SEVERITY_RANK[a.severity] ?? 0) < SEVERITY_RANK[ch.minSeverity]) return false;
  if (a.source === failureSource(ch.name)) return false;
  const r = ch.routes;
  if (r.kinds && !r.kinds.includes(alertKind(a.source) as never)) return false;
  if (r.rules) {
    const rule = alertRule(a.source);
    if (rule === null || !r.rules.includes(rule)) return false;
  }
  if (r.strategies && (a.strategy === null || !r.strategies.includes(a.strategy))) return false;
  if (r.underlyings && (a.underlying === null || !r.underlyings.includes(a.underlying))) return false;
  return true;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `time` falls in the window `[start, end)` New York time (a window with start > end wraps midnight). */
export function inQuietHours(q: ResolvedChannel['quietHours'], time: number): boolean {
  if (!q) return false;
  const m = exchangeTime(time).minutes;
  const s = minutes(q.start);
  const e = minutes(q.end);
  if (s === e) return false;
  return s < e ? m >= s && m < e : m >= s || m < e;
}

/** The dedupe key: the same severity, source, position and text is the same alert. */
export function dedupeKey(a: OutboxAlert): string {
  return `${a.severity}|${a.source}|${a.positionId ?? ''}|${a.message}`;
}
