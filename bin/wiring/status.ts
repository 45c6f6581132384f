import { exchangeTime, formatCents } from '../../engine/domain/index.ts';
import type { KernelEvent, TickSummary } from '../../engine/kernel/index.ts';
import { describeReloadEvent, type ReloadEvent } from './reload.ts';

type Out = NodeJS.WritableStream & { isTTY?: boolean };

/**
 * What `tickwise start` shows a person: a live status line on a terminal (a summary line every 50 ticks and on every
 * entry or close otherwise) with the trading state, DEGRADED's reasons and the rules halting entries, warnings, critical
 * alerts and trading-state changes as they happen, and reloads. With `alerts: false` it leaves alerts to the terminal
 * (terminal.ts), which `tickwise start` uses.
 */
export function createStatusPrinter(out: Out, opts: { alerts?: boolean } = {}) {
  const alerts = opts.alerts ?? true;
  let last = 0;
  let lineOpen = false;
  const say = (text: string) => {
    out.write(`${lineOpen ? '\n' : ''}${text}\n`);
    lineOpen = false;
  };
  const tick = (s: TickSummary) => {
    const t = exchangeTime(s.time);
    const hhmm = clock(s.time);
    const line = `${t.date} ${hhmm} ET  tick ${s.seq} | open ${s.openPositions} | +${s.entered} entered, ${s.closed} closed | P&L ${formatCents(s.pnl)} | ${stateText(s)}${s.brokerStatus === 'connected' ? '' : ` | broker ${s.brokerStatus}`} | ${s.configVersion}`;
    if (out.isTTY) {
      out.write(`\r${line.padEnd(120)}`);
      lineOpen = true;
    } else if (s.seq - last >= 50 || s.entered || s.closed) {
      say(line);
      last = s.seq;
    }
  };
  return {
    kernel(e: KernelEvent): void {
      if (e.type === 'tick') tick(e.summary);
      // Info alerts stay quiet, except the trading state's (DEGRADED cleared, an operator's ACTIVE).
      else if (alerts && e.type === 'alert' && (e.alert.severity !== 'info' || e.alert.source === 'trading-state')) say(`${e.alert.severity}: ${e.alert.message}`);
    },
    reload(e: ReloadEvent): void {
      const lines = describeReloadEvent(e);
      if (lines.length) say(lines.join('\n'));
    },
    say,
  };
}

function clock(time: number): string {
  const t = exchangeTime(time);
  return `${String(Math.floor(t.minutes / 60)).padStart(2, '0')}:${String(t.minutes % 60).padStart(2, '0')}`;
}

/** `YYYY-MM-DD HH:MM ET`, or only `HH:MM ET` on the same New York date as `now`. */
function since(time: number, now: number): string {
  const d = exchangeTime(time).date;
  return `${d === exchangeTime(now).date ? '' : `${d} `}${clock(time)} ET`;
}

/**
 * The trading state as the status line shows it, with what it does not say by itself: DEGRADED's reasons (also under a
 * stricter state), and the rules halting entries while the state is ACTIVE.
 */
export function stateText(s: Pick<TickSummary, 'time' | 'tradingState' | 'degraded' | 'entriesHalted'>): string {
  const parts = [s.tradingState as string];
  if (s.degraded) parts.push(`${s.tradingState === 'DEGRADED' ? '' : 'data degraded '}since ${since(s.degraded.since, s.time)} (${s.degraded.reasons.map((r) => r.kind).join(', ')})`);
  if (s.entriesHalted) parts.push(`| entries halted by ${s.entriesHalted.by.join(', ')} since ${since(s.entriesHalted.since, s.time)}`);
  return parts.join(' ');
}
