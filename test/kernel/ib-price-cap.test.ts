/**
 * Price protection at IB: a marketable order reaches TWS as a limit at its price cap, never as a market order. The
 * kernel opens an iron condor (5-point wings) through the IB adapters against the fake TWS, then the kill switch
 * flattens it: the close is a BAG `LMT` at 5.00 — the most the condor can be worth — not an `MKT`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Kernel } from '../../engine/kernel/index.ts';
import type { FakeTws } from '../fake-tws/index.ts';
import { ibKernel, sessionClock, startFake, stepUntil } from '../adapters/ib/kernel-helpers.ts';

let fake: FakeTws | null = null;
let kernel: Kernel | null = null;
afterEach(async () => {
  await kernel?.close().catch(() => undefined);
  await fake?.close();
  kernel = null;
  fake = null;
});

describe('a marketable order at IB', () => {
  it('is sent as a limit at the combo\'s maximum value (the wing width), not as a market order, when the kill switch flattens a condor', { timeout: 45_000 }, async () => {
    const now = sessionClock();
    fake = await startFake(now);
    fake.fillMode({ mode: 'immediate' });
    const ib = await ibKernel(fake, { now });
    kernel = ib.kernel;
    await kernel.start();
    await stepUntil(kernel, () => kernel!.positions().some((p) => p.phase === 'managed'), 'the opening fill', 150);
    const [pos] = kernel.positions();
    const puts = pos!.context.legs.filter((l) => l.contract.right === 'put').map((l) => l.contract.strike);
    expect(Math.max(...puts) - Math.min(...puts)).toBe(5);

    kernel.control({ type: 'kill', flatten: true, reason: 'test: flatten' });
    await stepUntil(kernel, () => fake!.engine.placed.length >= 2, 'the flattening close', 20);
    const close = fake.engine.placed[1]!;
    expect(close.orderRef).toBe(`${pos!.id}-o2`);
    expect(close).toMatchObject({ secType: 'BAG', action: 'BUY', orderType: 'LMT', lmtPrice: 5 });
    const [row] = await kernel.store.db.all<{ style: string; limit: number }>(`SELECT style, limit_price::DOUBLE AS "limit" FROM orders WHERE client_order_id = '${pos!.id}-o2'`);
    expect(row).toEqual({ style: 'marketable', limit: 5 });
  });
});
