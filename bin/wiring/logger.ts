import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino from 'pino';

/** pino JSON logs: to a file by default (one line per decision, transition and order), or to stdout. */
export function createLogger(target: { file: string } | 'stdout', level = 'info') {
  if (target === 'stdout') return pino({ level, base: { app: 'tickwise' } });
  mkdirSync(dirname(target.file), { recursive: true });
  return pino({ level, base: { app: 'tickwise' } }, pino.destination({ dest: target.file, sync: true }));
}
