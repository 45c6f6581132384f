/**
 * Progress and interruption: without a TTY the command prints plain progress lines on stderr; Ctrl-C (SIGINT) stops
 * the replay cleanly and still writes the outputs, with the report marked partial.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../bin/backtest/index.ts';
import { root, SPX_56, SPX_CONFIG, tempDir, VIX } from './helpers.ts';

describe('backtest progress', () => {
  it('prints plain lines with days done, rows per second and the ETA when stderr is not a TTY', () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (c) => (text += String(c)));
    const p = createProgress(stream, 'backtest', 60_000);
    p.update({ day: '2019-04-25', daysDone: 1, daysTotal: 4, rows: 1000 });
    p.update({ day: '2019-04-26', daysDone: 2, daysTotal: 4, rows: 2000 });
    p.stop();
    const lines = text.trimEnd().split('\n');
    // The first update and the final one; the second falls inside the interval.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^backtest 25% \| day 1\/4 \(2019-04-25\) \| [\d,]+ rows\/s \| ETA \d+s$/);
    expect(lines[1]).toMatch(/^backtest 50% \| day 2\/4 \(2019-04-26\)/);
    expect(text).not.toContain('\u001b[');
  });

  it('stops cleanly on SIGINT and writes a report marked partial', async () => {
    const out = tempDir('sigint');
    const child = spawn(process.execPath, ['bin/tickwise.js', 'backtest', '--data', SPX_56, '--vix', VIX, '--config', SPX_CONFIG, '--out', out], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (c) => (stdout += String(c)));
    child.stderr.on('data', (c) => {
      stderr += String(c);
      // The first progress line means the replay is running: interrupt it there.
      if (!interrupted && /day 1\/56/.test(stderr)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/error|\n\s+at /);
    expect(stderr).toContain('stopping at the next tick');
    expect(stdout).toMatch(/^PARTIAL: interrupted before the end of the data/);
    const days = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).overall.days;
    expect(days).toBeGreaterThan(0);
    expect(days).toBeLessThan(56);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('PARTIAL REPORT');
    expect(JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8')).partial).toBe(true);
  }, 60_000);
});
