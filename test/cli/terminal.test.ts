import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../engine/store/index.ts';
import type { DecisionRow } from '../../engine/store/index.ts';
import { createTerminal } from '../../bin/wiring/terminal.ts';
import type { KernelEvent } from '../../engine/kernel/index.ts';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tickwise-terminal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// spawnSync pipes stdout: not a TTY, so the lines must be plain text.
const start = (db: string, ...args: string[]) => spawnSync(process.execPath, ['bin/tickwise.js', 'start', '--speed', '0', '--port', '0', '--no-watch', '--no-api', '--db', join(dir, db), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
const ANSI = /\x1b\[/;
const LINE = /^(DEBUG|INFO|WARN|CRITICAL): \d{4}-\d\d-\d\d \d\d:\d\d ET /;
const pretty = (stdout: string) => stdout.split('\n').filter((l) => LINE.test(l));

/** 140 ticks of the shipped config (seed 1): entries, fills, a delta-risk roll and a take-profit close. */
let normal: ReturnType<typeof start>;
let decisions: DecisionRow[];
let filledOrders: { clientOrderId: string; positionId: string }[];

beforeAll(async () => {
  normal = start('normal.duckdb', '--ticks', '140');
  const store = await openStore(join(dir, 'normal.duckdb'));
  try {
    decisions = await store.reads.decisions({ limit: 1000 });
    filledOrders = [];
    for (const p of await store.reads.positions({ limit: 1000 })) {
      for (const o of await store.reads.orders(p.id)) if (o.status === 'filled') filledOrders.push({ clientOrderId: o.clientOrderId, positionId: p.id });
    }
  } finally {
    await store.close();
  }
}, 120_000);

describe('the terminal of tickwise start', () => {
  it('prints one readable line per recorded decision, naming the rule, the action, the position and the facts in their units', () => {
    expect(normal.status).toBe(0);
    const lines = pretty(normal.stdout);
    expect(decisions.length).toBeGreaterThan(2);
    for (const d of decisions) {
      const mine = lines.filter((l) => l.includes(` ${d.rule}: `) && (!d.positionId || l.includes(d.positionId)));
      expect(mine.length, `${d.rule} ${d.positionId}`).toBeGreaterThanOrEqual(1);
    }
    // Fractions read as percentages, money in dollars.
    expect(lines.some((l) => /take-profit: close \S+ at pnlPct \d+(\.\d)?%/.test(l))).toBe(true);
    expect(lines.some((l) => /delta-risk: roll \S+ at shortStrikeDelta/.test(l))).toBe(true);
  });

  it('prints a line per fill and per phase change of a position, and keeps substates out', () => {
    const lines = pretty(normal.stdout);
    expect(filledOrders.length).toBeGreaterThan(3);
    for (const o of filledOrders) expect(lines.filter((l) => l.includes(`filled: `) && l.includes(o.clientOrderId)), o.clientOrderId).toHaveLength(1);
    expect(lines.some((l) => /\S+: entry\.\w+ → managed \(BROKER\.fill\)/.test(l))).toBe(true);
    expect(lines.some((l) => /\S+: closing\.\w+ → closed/.test(l))).toBe(true);
    expect(lines.some((l) => /entry\.submitting → entry\.working/.test(l))).toBe(false);
  });

  it('stays plain text when stdout is not a TTY, and keeps the status line', () => {
    expect(normal.stdout).not.toMatch(ANSI);
    expect(normal.stdout).toMatch(/ET {2}tick \d+ \| open \d+ \|/);
  });

  it('--quiet keeps only the status line and critical lines', () => {
    // 100 ticks hold fills, phase changes and a portfolio-limits (warning) decision: none of them may show.
    const r = start('quiet.duckdb', '--ticks', '100', '--quiet');
    expect(r.status).toBe(0);
    expect(pretty(r.stdout).every((l) => l.startsWith('CRITICAL: '))).toBe(true);
    expect(r.stdout).not.toMatch(/portfolio-limits|filled: | → managed/);
    expect(r.stdout).toMatch(/ET {2}tick \d+ \| open \d+ \|/);
    expect(r.stdout).toMatch(/stopped after tick 100/);
  }, 120_000);

  it('--verbose adds the trace of each position decision, substates and every order status', () => {
    const r = start('verbose.duckdb', '--ticks', '140', '--verbose');
    expect(r.status).toBe(0);
    const lines = pretty(r.stdout);
    const roll = lines.findIndex((l) => /delta-risk: roll/.test(l));
    expect(roll).toBeGreaterThanOrEqual(0);
    // The trace follows its decision: every rule in priority order, the winner marked.
    expect(lines[roll + 1]).toMatch(/^DEBUG: .* trace \S+: catastrophe-stop no-match · .*delta-risk DECIDED/);
    expect(lines.some((l) => /entry\.submitting → entry\.working/.test(l))).toBe(true);
    expect(lines.some((l) => /order \S+ \(open, \S+\): accepted/.test(l))).toBe(true);
    expect(r.stdout).not.toMatch(ANSI);
  }, 120_000);

  it('refuses --quiet with --verbose as a usage error (exit 2)', () => {
    const r = start('both.duckdb', '--ticks', '1', '--quiet', '--verbose');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('TW_CLI_BAD_OPTION_VALUE');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('colours the same lines with pino-pretty on a TTY, and writes none when colour is off', () => {
    const alert: KernelEvent = { type: 'alert', alert: { time: 1767623400000, severity: 'critical', source: 'risk', positionId: null, message: 'circuit breaker tripped' } };
    const tick: KernelEvent = { type: 'tick', summary: { seq: 1, time: 1767623400000 } as never };
    for (const colour of [true, false]) {
      const out: string[] = [];
      const t = createTerminal({ verbosity: 'quiet', colour, write: (l) => out.push(l) });
      t.kernel(alert);
      t.kernel(tick);
      expect(out).toHaveLength(1);
      expect(out[0].replace(/\x1b\[[0-9;]*m/g, '')).toBe('CRITICAL: 2026-01-05 09:30 ET alert risk: circuit breaker tripped');
      expect(ANSI.test(out[0])).toBe(colour);
    }
  });
});
