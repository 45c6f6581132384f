import { afterEach, describe, expect, it } from 'vitest';
import type { Kernel } from '../../engine/kernel/index.ts';
import { simKernel } from './helpers.ts';

let open: Kernel | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

describe('the kernel on the simulated market with the paper broker', () => {
  it('opens positions through the entry conditions, fills them and records everything in one transaction per tick', async () => {
    const { kernel, store, events } = await simKernel();
    open = kernel;
    const ran = await kernel.run({ maxTicks: 150 });
    expect(ran).toBe(150);
    const db = store.reads;
    const positions = await db.positions({});
    expect(positions.length).toBeGreaterThan(0);
    const managed = positions.filter((p) => p.state !== 'entry');
    expect(managed.length).toBeGreaterThan(0);
    const ticks = await store.db.all<{ n: number; max: number }>('SELECT count(*)::INT AS n, max(seq)::INT AS max FROM ticks');
    expect(ticks[0]).toEqual({ n: 150, max: 150 });
    const fills = await store.db.all<{ n: number }>('SELECT count(*)::INT AS n FROM fills');
    expect(fills[0].n).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'transition' && e.transition.to === 'managed')).toBe(true);
    expect(kernel.status().seq).toBe(150);
  });

  it('makes no entries while the trading state is HALTED', async () => {
    const { kernel, store } = await simKernel({ halt: true });
    open = kernel;
    await kernel.run({ maxTicks: 60 });
    const rows = await store.db.all<{ n: number }>('SELECT count(*)::INT AS n FROM positions');
    expect(rows[0].n).toBe(0);
    expect(kernel.status().tradingState).toBe('HALTED');
  });
});
