import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../bin/wiring/logger.ts';

/** The log holds the book the API protects (decisions, orders, fills), so it is the owner's only. */
const mode = (file: string) => statSync(file).mode & 0o777;

describe('the log file', () => {
  it('is created with mode 0600 even when the umask would allow more', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-log-'));
    const file = join(dir, 'data', 'tickwise.log');
    const old = process.umask(0);
    try {
      const log = createLogger({ file });
      log.info({ positionId: 'spy-1' }, 'decision');
      log.flush();
    } finally {
      process.umask(old);
    }
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/"positionId":"spy-1"/);
    rmSync(dir, { recursive: true });
  });

  it('is tightened to 0600 when it already exists world-readable, keeping what it holds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-log-'));
    const file = join(dir, 'tickwise.log');
    writeFileSync(file, '{"old":true}\n');
    chmodSync(file, 0o644);
    const log = createLogger({ file });
    log.info('appended');
    log.flush();
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
    rmSync(dir, { recursive: true });
  });
});
