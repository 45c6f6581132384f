/**
 * The losing streak behind the circuit breaker (`consecutiveLosses ≥ 3` → halt-entries) counts one session's closes:
 * it starts again at the first tick of each New York date. Before, a tripped breaker halted entries for good, because
 * no winning close can happen while entries are halted and the streak only ended on a win.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exchangeTime } from '../../engine/domain/index.ts';
import type { Kernel } from '../../engine/kernel/index.ts';
import { simKernel } from './helpers.ts';

const open: Kernel[] = [];
afterEach(async () => {
  for (const k of open.splice(0)) await k.close().catch(() => undefined);
});

const openedSince = async (k: Kernel, t: number) =>
  (await k.store.db.all<{ n: number }>(`SELECT count(*)::INT AS n FROM positions WHERE opened_at >= ${t}`))[0].n;

describe('the losing streak of the circuit breaker', () => {
  it('halts entries for the rest of the session after three losing closes, and lets them resume at the next session', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'tickwise-streak-')), 'state.duckdb');
    const a = await simKernel({ db });
    await a.kernel.start();
    const first = (await a.kernel.step())!;
    await a.kernel.close();
    // Three losing closes this session, as the kernel persists the streak at every commit.
    const b0 = await simKernel({ db });
    await b0.store.db.all(`UPDATE meta SET value = '3' WHERE key = 'consecutiveLosses'`);
    await b0.kernel.close();

    const b = await simKernel({ db });
    open.push(b.kernel);
    await b.kernel.start();
    const restart = (await b.kernel.step())!;
    const day = exchangeTime(first.time).date;
    expect(exchangeTime(restart.time).date).toBe(day);
    expect(b.kernel.status().entriesHalted?.by).toContain('portfolio-circuit-breaker');

    // The rest of the first session: entries stay halted, no position opens.
    let t = restart;
    while (exchangeTime(t.time).date === day) t = (await b.kernel.step())!;
    // `t` is the first tick of the next session: the streak is 0 again and the breaker no longer holds entries.
    const nextDay = t.time;
    expect(b.kernel.status().entriesHalted?.by ?? []).not.toContain('portfolio-circuit-breaker');
    const [meta] = await b.store.db.all<{ value: string }>(`SELECT value FROM meta WHERE key = 'consecutiveLosses'`);
    expect(Number(meta.value)).toBe(0);
    const duringHalt = await b.store.db.all<{ n: number }>(
      `SELECT count(*)::INT AS n FROM positions WHERE opened_at > ${restart.time} AND opened_at < ${nextDay}`);
    expect(duringHalt[0].n).toBe(0);
    await b.kernel.run({ maxTicks: 30 });
    expect(await openedSince(b.kernel, nextDay)).toBeGreaterThan(0);
  });
});
