import { exchangeTime, formatCents } from '../../engine/domain/index.ts';
import type { KernelEvent, TickSummary } from '../../engine/kernel/index.ts';
import { describeReloadEvent, type ReloadEvent } from './reload.ts';

type Out = NodeJS.WritableStream & { isTTY?: boolean };

/**
 * What `tickwise start` shows a person: a live status line on a terminal (a summary line every 50 ticks and on every
 * entry or close otherwise), warnings and critical alerts as they happen, and reloads.
 */
export function createStatusPrinter(out: Out) {
  let last = 0;
  let lineOpen = false;
  const say = (text: string) => {
    out.write(`${lineOpen ? '\n' : ''}${text}\n`);
    lineOpen = false;
  };
  const tick = (s: TickSummary) => {
    const t = exchangeTime(s.time);
    const hhmm = `${String(Math.floor(t.minutes / 60)).padStart(2, '0')}:${String(t.minutes % 60).padStart(2, '0')}`;
    const line = `${t.date} ${hhmm} ET  tick ${s.seq} | open ${s.openPositions} | +${s.entered} entered, ${s.closed} closed | P&L ${formatCents(s.pnl)} | ${s.tradingState}${s.brokerStatus === 'connected' ? '' : ` | broker ${s.brokerStatus}`} | ${s.configVersion}`;
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
      else if (e.type === 'alert' && e.alert.severity !== 'info') say(`${e.alert.severity}: ${e.alert.message}`);
    },
    reload(e: ReloadEvent): void {
      const lines = describeReloadEvent(e);
      if (lines.length) say(lines.join('\n'));
    },
    say,
  };
}
