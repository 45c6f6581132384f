import { exchangeTime, formatCents } from '../../engine/domain/index.ts';
import type { KernelEvent, TickSummary } from '../../engine/kernel/index.ts';
import { formatFinding } from '../../engine/config/index.ts';
import { formatDiff } from '../../engine/reload/index.ts';
import type { ReloadEvent } from './reload.ts';

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
      if (e.type === 'active') say(`config ${e.version} is active (was ${e.from})`);
      else if (e.type === 'watch-error') say(`warning: watching the config failed: ${e.message}`);
      else if (e.type === 'result' && !e.result.unchanged) {
        const r = e.result;
        if (r.ok) say([`config reload (${e.reason}): ${r.version} accepted, active from the next tick`, ...(r.diff ? formatDiff(r.diff).map((l) => `  ${l}`) : [])].join('\n'));
        else if (r.refused) say(`config reload (${e.reason}) refused: ${r.refused}`);
        else say([`config reload (${e.reason}) failed; the running version stays in force:`, ...(r.errors ?? []).map((f) => `  ${formatFinding(f)}`)].join('\n'));
      }
    },
    say,
  };
}
