/**
 * Why strategies did not enter: the kernel logs each skipped entry (`entry skipped`, with the reason's message from
 * the error registry). A backtest with no entries at all is refused with the most frequent reason, so the trader
 * learns what the data lacked instead of reading an empty report.
 */
import { silentLogger, type KernelLogger } from '../../engine/kernel/index.ts';

export interface SkipRecorder {
  log: KernelLogger;
  /** Reasons in order of frequency, most frequent first (message → count). */
  reasons(): { message: string; count: number }[];
}

export function recordSkips(): SkipRecorder {
  const counts = new Map<string, number>();
  const note = (obj: object, msg?: string) => {
    const reason = (obj as { reason?: unknown }).reason;
    if ((msg === 'entry skipped' || msg === 'entry blocked') && typeof reason === 'string') {
      const key = generalise(reason);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  };
  return {
    log: { ...silentLogger, debug: note, info: note },
    reasons: () => [...counts].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count || (a.message < b.message ? -1 : 1)),
  };
}

/** Drops the per-day detail of a reason so the same cause on different days counts once per kind. */
function generalise(message: string): string {
  const expiry = /^strategy "([^"]+)": no (\S+) expiry between (\d+) and (\d+) days out/.exec(message);
  if (expiry) return `the chain has no ${expiry[2]} expiries between ${expiry[3]} and ${expiry[4]} DTE on any day (strategy "${expiry[1]}")`;
  return message.replace(/ \(listed: [^)]*\)$/, '');
}
