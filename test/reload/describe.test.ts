import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffConfigs } from '../../engine/reload/index.ts';
import { describeReloadEvent, describeReloadStatus, readConfig } from '../../bin/wiring/reload.ts';
import { copyConfig, read, replaceOnce, shippedWith, writeInPlace } from './helpers.ts';

describe('what the terminal prints about reloads', () => {
  const base = shippedWith();
  const next = shippedWith({ 'strategies.yaml': (t) => replaceOnce(t, 'maxOpenPositions: 12', 'maxOpenPositions: 10') });

  it('prints an accepted reload with its changes and its shadow evaluation', () => {
    const shadow = { evaluated: 4, actions: [], portfolio: [], alerts: [], closes: 0, lines: ['1 position would close under stop-loss'] };
    const lines = describeReloadEvent({ type: 'result', reason: 'file change: strategies.yaml', at: 0, result: { ok: true, version: next.version, diff: diffConfigs(base, next), shadow } });
    expect(lines).toEqual([
      `config reload (file change: strategies.yaml): ${next.version} accepted, active from the next tick`,
      '  threshold portfolio-limits.maxOpenPositions (portfolio): 12 → 10',
      '  shadow: 1 position would close under stop-loss',
    ]);
    expect(describeReloadEvent({ type: 'active', version: next.version, from: base.version, at: 0 })).toEqual([`config ${next.version} active (was ${base.version})`]);
  });

  it('prints a failed reload with every finding at its file, line and column, and says so in the status line', async () => {
    const dir = copyConfig();
    writeInPlace(dir, 'rules/exits.yaml', replaceOnce(read(dir, 'rules/exits.yaml'), 'operator: lessThanInclusive\n          value: { param: timeExitDte }', 'operator: lessThanInclusiv\n          value: { param: timeExitDte }'));
    const { findings } = await readConfig(dir);
    rmSync(dir, { recursive: true });
    const lines = describeReloadEvent({ type: 'result', reason: 'SIGHUP', at: 0, result: { ok: false, errors: findings } });
    expect(lines[0]).toBe('config reload failed (SIGHUP): 1 error(s); the running version stays in force');
    expect(lines[1]).toMatch(/^ {2}rules\/exits\.yaml:\d+:\d+: error TW_CONFIG_UNKNOWN_OPERATOR unknown operator "lessThanInclusiv"/);
    const status = describeReloadStatus({ version: base.version, loadedAt: Date.UTC(2026, 0, 5, 14, 30, 0), lastFailedReload: { at: Date.UTC(2026, 0, 5, 14, 35, 10), errors: findings }, lastDiff: null, lastShadow: null, pending: null });
    expect(status).toBe(`config ${base.version} since 14:30:00Z | last reload 14:35:10Z failed: 1 error(s), first rules/exits.yaml:${findings[0].line}:${findings[0].col} TW_CONFIG_UNKNOWN_OPERATOR`);
  });

  it('prints nothing for an attempt that found the files unchanged', () => {
    expect(describeReloadEvent({ type: 'result', reason: 'SIGHUP', at: 0, result: { ok: true, unchanged: true, version: base.version } })).toEqual([]);
  });
});
