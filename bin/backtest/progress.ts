/**
 * Progress on stderr: on a TTY a cli-progress bar (days done, quote rows per second, ETA); otherwise a plain line at
 * most every `intervalMs` (default 2 s) and at the end, for CI logs.
 */
import cliProgress from 'cli-progress';
import type { ProgressEvent } from './types.ts';

export interface Progress {
  update(e: ProgressEvent): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, label: string, intervalMs = 2000): Progress {
  const started = performance.now();
  const rate = (rows: number) => Math.round(rows / Math.max((performance.now() - started) / 1000, 1e-3)).toLocaleString('en-US');
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar({
      stream, format: `${label} {bar} {percentage}% | day {value}/{total} ({day}) | {rate} rows/s | ETA {eta_formatted}`, hideCursor: true, clearOnComplete: false,
    }, cliProgress.Presets.shades_classic);
    let started = false;
    return {
      update(e) {
        if (!started) {
          bar.start(e.daysTotal, 0, { day: '-', rate: '0' });
          started = true;
        }
        bar.update(e.daysDone, { day: e.day, rate: rate(e.rows) });
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let last = -Infinity;
  let latest: ProgressEvent | null = null;
  const line = (e: ProgressEvent) => {
    const pct = e.daysTotal ? Math.round((e.daysDone / e.daysTotal) * 100) : 100;
    const elapsed = (performance.now() - started) / 1000;
    const eta = e.daysDone ? Math.round((elapsed / e.daysDone) * (e.daysTotal - e.daysDone)) : 0;
    stream.write(`${label} ${pct}% | day ${e.daysDone}/${e.daysTotal} (${e.day}) | ${rate(e.rows)} rows/s | ETA ${eta}s\n`);
  };
  return {
    update(e) {
      latest = e;
      const now = performance.now();
      if (now - last >= intervalMs) {
        last = now;
        line(e);
      }
    },
    stop() {
      if (latest) line(latest);
      latest = null;
    },
  };
}
