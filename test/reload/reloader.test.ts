import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyConfig, harness, nextResult, read, replaceOnce, writeByRename, writeInPlace, type Harness } from './helpers.ts';

/** The SPY iron condor's parameter overrides end here (unique in the shipped strategies.yaml). */
const IC_PARAMS = '        takeProfitPct: 0.5\n    execution';
const withIcParam = (text: string, line: string) => replaceOnce(text, IC_PARAMS, `        takeProfitPct: 0.5\n        ${line}\n    execution`);
const TIMEOUT = 120_000;

let open: Harness | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

async function rows<T>(h: Harness, sql: string): Promise<T[]> {
  return h.kernel.store.db.all<T>(sql);
}

/** Decisions, transitions and orders whose config version differs from their tick's (none may, except pinned positions). */
async function mixedRows(h: Harness, exceptPositions: string[] = []) {
  const except = exceptPositions.length ? `AND position_id NOT IN (${exceptPositions.map((p) => `'${p}'`).join(', ')})` : '';
  return rows<{ kind: string; seq: number; version: string; tickVersion: string }>(h, `
    SELECT 'decision' AS kind, d.tick_seq::INT AS seq, d.config_version AS version, t.config_version AS tickVersion FROM decisions d JOIN ticks t ON t.seq = d.tick_seq WHERE d.config_version <> t.config_version ${except}
    UNION ALL SELECT 'transition', t.seq::INT, x.config_version, t.config_version FROM transitions x JOIN ticks t ON t.time = x.tick_time WHERE x.config_version <> t.config_version ${except}
    UNION ALL SELECT 'order', t.seq::INT, o.config_version, t.config_version FROM orders o JOIN ticks t ON t.time = o.created_at WHERE o.config_version <> t.config_version ${except}`);
}

describe('hot reload through the real kernel, on a temporary copy of the config', () => {
  it('makes the decisions after a threshold change on disk under the new version, and evaluates no tick under two versions', async () => {
    const h = (open = await harness());
    await h.kernel.run({ maxTicks: 20 });
    const v1 = h.kernel.config.version;
    writeInPlace(h.dir, 'strategies.yaml', withIcParam(read(h.dir, 'strategies.yaml'), 'stopLossMultiple: 0.1'));
    const result = await nextResult(h);
    expect(result.ok).toBe(true);
    const v2 = result.version!;
    expect(v2).not.toBe(v1);
    expect(result.diff!.thresholds).toContainEqual({ scope: 'strategy', strategy: 'spy-iron-condor', rule: 'stop-loss', param: 'stopLossMultiple', from: 2, to: 0.1 });
    expect(result.shadow!.lines).toEqual(['1 position would close under stop-loss']);
    // Accepted, not yet active: the swap happens at the start of the next tick.
    expect(h.kernel.config.version).toBe(v1);
    expect(h.reloader.status()).toMatchObject({ version: v1, pending: v2, lastFailedReload: null });
    const swapSeq = h.kernel.status().seq + 1;
    await h.kernel.run({ maxTicks: 3 });
    expect(h.reloader.status()).toMatchObject({ version: v2, pending: null });
    expect(h.reloader.status().lastDiff!.to).toBe(v2);
    expect(h.reloads.some((e) => e.type === 'active' && e.version === v2 && e.from === v1)).toBe(true);

    const ticks = await rows<{ seq: number; v: string }>(h, 'SELECT seq::INT AS seq, config_version AS v FROM ticks ORDER BY seq');
    expect(ticks.filter((t) => t.seq < swapSeq).every((t) => t.v === v1)).toBe(true);
    expect(ticks.filter((t) => t.seq >= swapSeq).map((t) => t.v)).toEqual([v2, v2, v2]);
    const stops = await rows<{ seq: number; position: string; v: string; outcome: string }>(h, `SELECT tick_seq::INT AS seq, position_id AS position, config_version AS v, outcome FROM decisions WHERE rule = 'stop-loss'`);
    expect(stops).toEqual([{ seq: swapSeq, position: 'spy-iron-condor-1', v: v2, outcome: 'applied' }]);
    const closeOrders = await rows<{ v: string }>(h, `SELECT config_version AS v FROM orders WHERE position_id = 'spy-iron-condor-1' AND purpose = 'close'`);
    expect(closeOrders).toEqual([{ v: v2 }]);
    expect(await mixedRows(h)).toEqual([]);

    const reloads = await rows<{ version: string; ok: boolean; diff: string }>(h, 'SELECT version, ok, diff FROM reloads');
    expect(reloads).toHaveLength(1);
    expect(reloads[0]).toMatchObject({ version: v2, ok: true });
    expect(JSON.parse(reloads[0].diff).shadow.lines).toEqual(['1 position would close under stop-loss']);
    const versions = await rows<{ version: string }>(h, 'SELECT version FROM config_versions ORDER BY loaded_at');
    expect(versions.map((r) => r.version)).toEqual([v1, v2]);
    expect(h.entries.some((e) => e.level === 'info' && e.msg === `config reload accepted: ${v2} becomes active at the next tick`)).toBe(true);
  }, TIMEOUT);

  it('keeps running on the old version after an invalid edit, reports the findings, and reloads once the file is fixed', async () => {
    const h = (open = await harness());
    await h.kernel.run({ maxTicks: 3 });
    const v1 = h.kernel.config.version;
    const good = read(h.dir, 'rules/exits.yaml');
    writeInPlace(h.dir, 'rules/exits.yaml', replaceOnce(good, 'operator: lessThanInclusive\n          value: { param: timeExitDte }', 'operator: lessThanInclusiv\n          value: { param: timeExitDte }'));
    const bad = await nextResult(h);
    expect(bad.ok).toBe(false);
    const errors = bad.errors!;
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ file: 'rules/exits.yaml', severity: 'error' });
    expect(errors[0].code).toMatch(/^TW_CONFIG_/);
    expect(errors[0].line).toBeGreaterThan(150);
    expect(errors[0].hint.length).toBeGreaterThan(0);
    const status = h.reloader.status();
    expect(status).toMatchObject({ version: v1, pending: null });
    expect(status.lastFailedReload!.errors).toEqual(errors);
    const logged = h.entries.filter((e) => e.level === 'error');
    expect(logged.map((e) => e.msg)).toContain(`rules/exits.yaml:${errors[0].line}:${errors[0].col}: error ${errors[0].code} ${errors[0].message} (${errors[0].hint})`);
    expect(logged.some((e) => e.obj.code === 'TW_RELOAD_INVALID_CONFIG' && e.msg.includes(`version ${v1} stays in force`))).toBe(true);

    await h.kernel.run({ maxTicks: 2 });
    expect(h.kernel.config.version).toBe(v1);
    const failed = await rows<{ version: string | null; ok: boolean; errors: string }>(h, 'SELECT version, ok, errors FROM reloads');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ version: null, ok: false });
    expect(JSON.parse(failed[0].errors)[0]).toMatchObject({ file: 'rules/exits.yaml', line: errors[0].line, col: errors[0].col, code: errors[0].code });

    writeInPlace(h.dir, 'rules/exits.yaml', replaceOnce(good, 'default: 21', 'default: 25'));
    const fixed = await nextResult(h, (r) => r.ok);
    expect(fixed.diff!.rules.changed).toEqual([{ rule: 'time-exit', changes: [{ path: 'params.timeExitDte', from: 21, to: 25 }] }]);
    expect(h.reloader.status().lastFailedReload).toBeNull();
    await h.kernel.run({ maxTicks: 1 });
    expect(h.kernel.config.version).toBe(fixed.version);
    const all = await rows<{ ok: boolean }>(h, 'SELECT ok FROM reloads ORDER BY time');
    expect(all.map((r) => r.ok)).toEqual([false, true]);
  }, TIMEOUT);

  it('picks up saves that write a temporary file and rename it over the real one, and keeps watching afterwards', async () => {
    const h = (open = await harness());
    await h.kernel.run({ maxTicks: 2 });
    const v1 = h.kernel.config.version;
    writeByRename(h.dir, 'strategies.yaml', replaceOnce(read(h.dir, 'strategies.yaml'), 'maxOpenPositions: 12', 'maxOpenPositions: 11'));
    const first = await nextResult(h);
    expect(first).toMatchObject({ ok: true });
    expect(first.diff!.thresholds).toEqual([{ scope: 'portfolio', strategy: null, rule: 'portfolio-limits', param: 'maxOpenPositions', from: 12, to: 11 }]);
    await h.kernel.run({ maxTicks: 1 });
    expect(h.kernel.config.version).toBe(first.version);

    // vim-style, in the rules folder: a hidden swap-like temporary renamed over rules/exits.yaml.
    writeByRename(h.dir, 'rules/exits.yaml', replaceOnce(read(h.dir, 'rules/exits.yaml'), 'default: 21', 'default: 20'), 'rules/.exits.yaml.swx');
    const second = await nextResult(h, (r) => r.version !== first.version);
    expect(second.ok).toBe(true);
    // The watcher survived the rename (a new inode): an in-place save afterwards still reloads.
    writeInPlace(h.dir, 'strategies.yaml', replaceOnce(read(h.dir, 'strategies.yaml'), 'maxOpenPositions: 11', 'maxOpenPositions: 10'));
    const third = await nextResult(h, (r) => r.version !== second.version);
    expect(third.ok).toBe(true);
    const reasons = h.reloads.filter((e) => e.type === 'attempt').map((e) => (e.type === 'attempt' ? e.reason : ''));
    expect(reasons.every((r) => /^file change: (strategies\.yaml|rules\/exits\.yaml)(, (strategies\.yaml|rules\/exits\.yaml))*$/.test(r))).toBe(true);
    expect(v1).not.toBe(third.version);
  }, TIMEOUT);

  it('lets a removed strategy stop entering while its open positions stay managed under the version they had', async () => {
    const dir = copyConfig();
    writeInPlace(dir, 'strategies.yaml', withIcParam(read(dir, 'strategies.yaml'), 'stopLossMultiple: 0.31'));
    const h = (open = await harness({ dir }));
    await h.kernel.run({ maxTicks: 20 });
    const v1 = h.kernel.config.version;
    const text = read(dir, 'strategies.yaml');
    writeInPlace(dir, 'strategies.yaml', text.slice(0, text.indexOf('  # Neutral premium selling on SPY')) + text.slice(text.indexOf('  # Bullish premium selling on QQQ')));
    const result = await nextResult(h);
    expect(result.ok).toBe(true);
    expect(result.diff!.strategies.removed).toEqual(['spy-iron-condor']);
    const live = h.kernel.positions().filter((p) => p.phase !== 'closed');
    expect(result.shadow!.evaluated).toBe(live.filter((p) => p.context.strategy !== 'spy-iron-condor').length);
    const swapTime = h.kernel.status().lastTickTime!;
    await h.kernel.run({ maxTicks: 5 });
    const v2 = result.version!;
    expect(h.kernel.config.version).toBe(v2);
    const ic = h.kernel.positions().find((p) => p.id === 'spy-iron-condor-1')!;
    expect(ic.pinnedVersion).toBe(v1);
    // Its own (old) stop-loss threshold 0.31 still manages it: the loss crossed it after the swap.
    const stops = await rows<{ v: string; tickVersion: string }>(h, `SELECT d.config_version AS v, t.config_version AS tickVersion FROM decisions d JOIN ticks t ON t.seq = d.tick_seq WHERE d.rule = 'stop-loss' AND d.position_id = 'spy-iron-condor-1'`);
    expect(stops).toEqual([{ v: v1, tickVersion: v2 }]);
    expect(ic.phase).not.toBe('managed');
    const pinnedRow = await rows<{ pinned: string }>(h, `SELECT pinned_version AS pinned FROM positions WHERE id = 'spy-iron-condor-1'`);
    expect(pinnedRow).toEqual([{ pinned: v1 }]);
    const newEntries = await rows<{ n: number }>(h, `SELECT count(*)::INT AS n FROM positions WHERE strategy = 'spy-iron-condor' AND opened_at > ${swapTime}`);
    expect(newEntries[0].n).toBe(0);
    expect(await mixedRows(h, ['spy-iron-condor-1'])).toEqual([]);
  }, TIMEOUT);

  it('keeps the positions of a strategy with pinConfigVersion on the version they were opened under', async () => {
    const dir = copyConfig();
    const pinned = replaceOnce(read(dir, 'strategies.yaml'), '    manage:\n      params:\n        takeProfitPct: 0.5\n    execution', '    manage:\n      pinConfigVersion: true\n      params:\n        takeProfitPct: 0.5\n    execution');
    writeInPlace(dir, 'strategies.yaml', pinned);
    const h = (open = await harness({ dir }));
    await h.kernel.run({ maxTicks: 20 });
    const v1 = h.kernel.config.version;
    const lowered = replaceOnce(withIcParam(pinned, 'stopLossMultiple: 0.1'), '        trailActivationPct: 0.3\n    execution', '        trailActivationPct: 0.3\n        stopLossMultiple: 0.1\n    execution');
    writeInPlace(dir, 'strategies.yaml', lowered);
    const result = await nextResult(h);
    expect(result.ok).toBe(true);
    // The pinned iron condor is not evaluated under the new version; the call spread is.
    expect(result.shadow!.actions.map((a) => `${a.positionId}:${a.rule}`)).toEqual(['spy-call-credit-spread-4:stop-loss']);
    await h.kernel.run({ maxTicks: 3 });
    const v2 = result.version!;
    const stops = await rows<{ position: string; v: string }>(h, `SELECT position_id AS position, config_version AS v FROM decisions WHERE rule = 'stop-loss'`);
    expect(stops).toEqual([{ position: 'spy-call-credit-spread-4', v: v2 }]);
    const ic = h.kernel.positions().find((p) => p.id === 'spy-iron-condor-1')!;
    expect(ic).toMatchObject({ pinnedVersion: v1, phase: 'managed' });
    expect(await mixedRows(h, ['spy-iron-condor-1'])).toEqual([]);
  }, TIMEOUT);

  it('refuses, on demand, a reload that would close more positions than maxClosesWithoutForce, and applies it when forced', async () => {
    const dir = copyConfig();
    writeInPlace(dir, 'strategies.yaml', replaceOnce(read(dir, 'strategies.yaml'), 'maxClosesWithoutForce: 3', 'maxClosesWithoutForce: 1'));
    const h = (open = await harness({ dir, watch: false }));
    await h.kernel.run({ maxTicks: 20 });
    const v1 = h.kernel.config.version;
    writeInPlace(dir, 'rules/risk.yaml', replaceOnce(read(dir, 'rules/risk.yaml'), 'default: 2\n        unit: ratio', 'default: 0.1\n        unit: ratio'));
    const refused = await h.reloader.reloadNow({ reason: 'SIGHUP' });
    expect(refused.ok).toBe(false);
    expect(refused.refused).toMatch(/^the new config version would close \d+ position\(s\) at once, more than settings\.reload\.maxClosesWithoutForce \(1\)/);
    expect(refused.shadow!.closes).toBeGreaterThan(1);
    expect(refused.shadow!.lines[0]).toMatch(/^\d+ positions would close under stop-loss$/);
    expect(h.reloader.status()).toMatchObject({ version: v1, pending: null, lastFailedReload: { refused: refused.refused } });
    expect(h.entries.some((e) => e.level === 'warn' && e.obj.code === 'TW_RELOAD_TOO_MANY_CLOSES')).toBe(true);

    const forced = await h.reloader.reloadNow({ force: true, reason: 'api' });
    expect(forced).toMatchObject({ ok: true, version: refused.version });
    expect(h.reloader.status().lastFailedReload).toBeNull();
    await h.kernel.run({ maxTicks: 1 });
    expect(h.kernel.config.version).toBe(refused.version);
    const rowsOut = await rows<{ ok: boolean; errors: string | null; diff: string }>(h, 'SELECT ok, errors, diff FROM reloads ORDER BY time');
    expect(rowsOut.map((r) => r.ok)).toEqual([false, true]);
    expect(JSON.parse(rowsOut[0].errors!)[0].code).toBe('TW_RELOAD_TOO_MANY_CLOSES');
    expect(JSON.parse(rowsOut[1].diff)).toMatchObject({ reason: 'api', forced: true });
    // Unchanged files: nothing to do.
    expect(await h.reloader.reloadNow()).toMatchObject({ ok: true, unchanged: true, version: refused.version });
  }, TIMEOUT);

  it('records every version and every attempt when reloads arrive while the kernel runs continuously', async () => {
    const h = (open = await harness());
    const running = h.kernel.run({ maxTicks: 40 });
    let text = read(h.dir, 'strategies.yaml');
    const accepted: string[] = [];
    for (let i = 0; i < 6; i++) {
      text = text.replace(/maxOpenPositions: \d+/, `maxOpenPositions: ${20 + i}`);
      writeInPlace(h.dir, 'strategies.yaml', text);
      const r = await nextResult(h);
      expect(r.ok).toBe(true);
      accepted.push(r.version!);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await running;
    await h.kernel.run({ maxTicks: 1 });
    const reloads = await rows<{ version: string }>(h, 'SELECT version FROM reloads ORDER BY time');
    expect(reloads.map((r) => r.version)).toEqual(accepted);
    const recorded = new Set((await rows<{ version: string }>(h, 'SELECT version FROM config_versions')).map((r) => r.version));
    const used = await rows<{ v: string }>(h, 'SELECT DISTINCT config_version AS v FROM ticks');
    expect(used.map((r) => r.v).filter((v) => !recorded.has(v))).toEqual([]);
    expect(used.length).toBeGreaterThan(1);
    expect(await mixedRows(h)).toEqual([]);
  }, TIMEOUT);

  it('keeps watching a rules folder that was deleted and created again', async () => {
    const h = (open = await harness());
    await h.kernel.run({ maxTicks: 2 });
    const saved = Object.fromEntries(readdirSync(join(h.dir, 'rules')).map((f) => [f, read(h.dir, `rules/${f}`)]));
    rmSync(join(h.dir, 'rules'), { recursive: true });
    const gone = await nextResult(h);
    expect(gone.ok).toBe(false);
    expect(gone.errors!.map((f) => f.code)).toContain('TW_CONFIG_FILE_MISSING');
    mkdirSync(join(h.dir, 'rules'));
    for (const [f, text] of Object.entries(saved)) writeFileSync(join(h.dir, 'rules', f), f === 'exits.yaml' ? replaceOnce(text, 'default: 21', 'default: 24') : text);
    const back = await nextResult(h, (r) => r.ok && !r.unchanged);
    expect(back.diff!.rules.changed.map((c) => c.rule)).toEqual(['time-exit']);
    // The re-armed watcher on the new rules folder sees an edit inside it.
    writeInPlace(h.dir, 'rules/exits.yaml', replaceOnce(read(h.dir, 'rules/exits.yaml'), 'default: 24', 'default: 23'));
    const inside = await nextResult(h, (r) => r.ok && r.version !== back.version);
    expect(inside.diff!.thresholds.every((t) => t.param !== 'timeExitDte' || t.to === 23)).toBe(true);
  }, TIMEOUT);
});
