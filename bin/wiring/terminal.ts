/**
 * The terminal of `tickwise start`: one readable line per decision, fill, position state change and alert, written
 * by a pino logger through pino-pretty (coloured on a TTY, plain text otherwise) into the status printer's output, so
 * lines and the live status line never overwrite each other. Levels pick what `--quiet` and `--verbose` show:
 *
 * | mode | shows |
 * |---|---|
 * | `--quiet` | the status line and critical alerts and decisions |
 * | default | + decisions, fills, state changes, warnings and info alerts, reloads |
 * | `--verbose` | + the trace of each decision and every order status |
 */
import pino from 'pino';
import { prettyFactory } from 'pino-pretty';
import type { KernelEvent } from '../../engine/kernel/index.ts';
import { etTime, linesFor, readingOrder } from './terminal-lines.ts';

export type Verbosity = 'quiet' | 'normal' | 'verbose';

const LEVEL_FOR: Record<Verbosity, string> = { quiet: 'critical', normal: 'info', verbose: 'debug' };
/** pino's numbers, plus `critical` between error (50) and fatal (60). */
const CUSTOM_LEVELS = { critical: 55 };

export interface TerminalOptions {
  verbosity: Verbosity;
  /** Colour (pino-pretty's ANSI) only on a TTY. */
  colour: boolean;
  /** Where a finished line goes (the status printer's `say`, which closes an open status line first). */
  write: (line: string) => void;
}

export function createTerminal(opts: TerminalOptions) {
  const pretty = prettyFactory({
    colorize: opts.colour,
    customLevels: 'debug:20,info:30,warn:40,critical:55',
    customColors: 'debug:gray,info:green,warn:yellow,critical:bgRed',
    useOnlyCustomProps: false,
    ignore: 'pid,hostname,time,at',
    messageFormat: '{at} {msg}',
    hideObject: true,
    singleLine: true,
  });
  const logger = pino(
    { level: LEVEL_FOR[opts.verbosity], customLevels: CUSTOM_LEVELS, base: null, timestamp: false },
    { write: (json: string) => opts.write(pretty(json).replace(/\n$/, '')) },
  );
  let lastTime: number | null = null;
  let pending: KernelEvent[] = [];
  let flushQueued = false;
  const print = (events: KernelEvent[]) => {
    for (const e of readingOrder(events)) {
      for (const line of linesFor(e)) {
        const time = line.time ?? lastTime;
        logger[line.level]({ at: time === null ? '' : etTime(time) }, line.text);
      }
    }
  };
  return {
    /**
     * The kernel publishes a tick's events and then the tick: the lines are printed when the tick arrives (with its
     * time, before its status line); events with no tick after them (an alert of a failed commit) right after.
     */
    kernel(e: KernelEvent): void {
      if (e.type !== 'tick') {
        pending.push(e);
        if (!flushQueued) {
          flushQueued = true;
          queueMicrotask(() => {
            flushQueued = false;
            print(pending.splice(0));
          });
        }
        return;
      }
      lastTime = e.summary.time;
      const events = pending;
      pending = [];
      print(events);
    },
  };
}
