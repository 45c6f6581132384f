import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Kernel } from '../../engine/kernel/index.ts';
import { breakerKernel } from './breaker-helpers.ts';

const open: Kernel[] = [];
afterEach(async () => {
  for (const k of open.splice(0)) await k.close().catch(() => undefined);
});

type Alert = { severity: string; source: string; message: string; time: number };
const criticalAlerts = (k: Kernel) => k.store.db.all<Alert>(`SELECT severity, source, message, time::DOUBLE AS time FROM alerts WHERE severity = 'critical' ORDER BY time`);

describe('entries halted by a halt-entries rule', () => {
  it('stores the circuit breaker as one critical alert when it starts matching, not on every tick it keeps matching', async () => {
    const { kernel, events } = await breakerKernel();
    open.push(kernel);
    await kernel.run({ maxTicks: 20 });
    const stored = await criticalAlerts(kernel);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ source: 'rule portfolio-circuit-breaker', message: 'portfolio-circuit-breaker: entries halted — circuit breaker (3-5-7)' });
    expect(events.filter((e) => e.type === 'alert' && e.alert.severity === 'critical')).toHaveLength(1);
    // It blocked entries all along (the 20 ticks of this market enter positions without it: test/kernel/kernel-sim).
    const [{ n }] = await kernel.store.db.all<{ n: number }>('SELECT count(*)::INT AS n FROM positions');
    expect(n).toBe(0);
  });

  it('reports ACTIVE with entriesHalted naming the rule and the first tick of the streak, and keeps since across a restart', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'tickwise-halted-')), 'state.duckdb');
    const a = await breakerKernel(db);
    await a.kernel.start();
    const first = (await a.kernel.step())!;
    await a.kernel.run({ maxTicks: 4 });
    const st = a.kernel.status();
    expect(st.tradingState).toBe('ACTIVE');
    expect(st.entriesHalted).toEqual({ by: ['portfolio-circuit-breaker'], since: first.time });
    expect(first.entriesHalted).toEqual({ by: ['portfolio-circuit-breaker'], since: first.time });
    await a.kernel.close();

    const b = await breakerKernel(db);
    open.push(b.kernel);
    await b.kernel.start();
    expect(b.kernel.status().entriesHalted).toEqual({ by: ['portfolio-circuit-breaker'], since: first.time });
    const next = (await b.kernel.step())!;
    expect(next.seq).toBe(6);
    expect(next.entriesHalted).toEqual({ by: ['portfolio-circuit-breaker'], since: first.time });
    // Still the same streak: no second critical alert after the restart.
    expect(await criticalAlerts(b.kernel)).toHaveLength(1);
  });
});
