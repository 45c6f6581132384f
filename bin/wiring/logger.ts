import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import pino from 'pino';

/** The log holds the whole book (decisions, orders, fills): only the owner may read it. */
export const LOG_FILE_MODE = 0o600;

/** Creates `file` with mode 0600, or tightens an existing one whose group/other bits are set (umask never widens). */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', LOG_FILE_MODE));
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, LOG_FILE_MODE);
}

/** pino JSON logs: to a file by default (one line per decision, transition and order), or to stdout. */
export function createLogger(target: { file: string } | 'stdout', level = 'info') {
  if (target === 'stdout') return pino({ level, base: { app: 'tickwise' } });
  mkdirSync(dirname(target.file), { recursive: true });
  ensurePrivateFile(target.file);
  return pino({ level, base: { app: 'tickwise' } }, pino.destination({ dest: target.file, sync: true, mode: LOG_FILE_MODE }));
}
