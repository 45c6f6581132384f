import { afterEach, describe, expect, it } from 'vitest';
import type { Kernel } from '../../../engine/kernel/index.ts';
import type { FakeTws } from '../../fake-tws/index.ts';
import { conIdOf, ibKernel, sessionClock, startFake, stepUntil, tempDb } from './kernel-helpers.ts';
import { until } from './helpers.ts';

let fake: FakeTws | null = null;
const kernels: Kernel[] = [];
afterEach(async () => {
  for (const k of kernels.splice(0)) await k.close().catch(() => undefined);
  await fake?.close();
  fake = null;
});

type Row = Record<string, unknown>;
const rows = (k: Kernel, sql: string) => k.store.db.all<Row>(sql);

async function orderStatuses(k: Kernel): Promise<Row[]> {
  return rows(k, `SELECT client_order_id, purpose, status, filled::DOUBLE AS filled FROM orders ORDER BY created_at, client_order_id`);
}

describe('the kernel trading through the IB adapters and the fake TWS', () => {
  it('opens an iron condor as one BAG order, manages it, and closes it when take-profit fires', { timeout: 45_000 }, async () => {
    const now = sessionClock();
    fake = await startFake(now);
    // IB fills a combo at its limit (a mid limit may wait at a real exchange; the fake fills at once).
    fake.fillMode({ mode: 'immediate' });
    const { kernel, feed } = await ibKernel(fake, { now });
    kernels.push(kernel);
    const report = await kernel.start();
    expect(report.ordersAdopted).toEqual([]);

    // Entry: candidates are subscribed after the first tick, quotes arrive, the condor is entered and filled.
    await stepUntil(kernel, async () => (await orderStatuses(kernel)).some((o) => o.status === 'filled'), 'the opening fill', 150);
    const [pos] = kernel.positions();
    expect(pos).toBeDefined();
    expect(pos!.phase).toBe('managed');
    const legs = pos!.context.legs;
    expect(legs.map((l) => [l.contract.right, Math.sign(l.quantity)]).sort()).toEqual([['call', -1], ['call', 1], ['put', -1], ['put', 1]]);
    expect(legs.every((l) => l.contract.expiry === '2026-12-18')).toBe(true);
    // Strikes from the whole candidate chain (the feed holds candidates back until they have all quoted): 16-delta
    // shorts about one standard deviation out, not whatever strike happened to quote first.
    const shortPut = legs.find((l) => l.contract.right === 'put' && l.quantity < 0)!.contract.strike;
    const shortCall = legs.find((l) => l.contract.right === 'call' && l.quantity < 0)!.contract.strike;
    expect(shortPut).toBeGreaterThanOrEqual(545);
    expect(shortPut).toBeLessThanOrEqual(560);
    expect(shortCall).toBeGreaterThanOrEqual(600);
    expect(shortCall).toBeLessThanOrEqual(615);

    const open = fake.engine.placed[0]!;
    expect(open).toMatchObject({ secType: 'BAG', action: 'BUY', totalQuantity: 1, orderType: 'LMT' });
    expect(open.legs).toHaveLength(4);
    expect(open.lmtPrice).toBeLessThan(0); // a credit
    const openRef = open.orderRef;
    expect(openRef).toBe(`${pos!.id}-o1`);

    // The legs held stream; the status reports the lines in use.
    expect(feed.lineStatus().unresolved).toEqual([]);
    expect(kernel.status().linesInUse).toBeGreaterThan(4);

    // Managed: a few ticks with nothing to do send nothing.
    await stepUntil(kernel, () => true, 'a tick');
    await stepUntil(kernel, () => true, 'a tick');
    expect(fake.engine.placed).toHaveLength(1);

    // The condor decays: the legs' quotes fall, take-profit fires, the closing combo fills.
    for (const l of legs) {
      const short = l.quantity < 0;
      fake.setQuote(conIdOf(fake, l.contract), short ? { bid: 0.05, ask: 0.07 } : { bid: 0.01, ask: 0.03 });
    }
    await stepUntil(kernel, () => kernel.positions().every((p) => p.phase === 'closed') || kernel.positions().length === 0, 'the close', 150);

    const orders = await orderStatuses(kernel);
    expect(orders).toEqual([
      { client_order_id: `${pos!.id}-o1`, purpose: 'open', status: 'filled', filled: 1 },
      { client_order_id: `${pos!.id}-o2`, purpose: 'close', status: 'filled', filled: 1 },
    ]);
    // Exactly one PLACE_ORDER per orderRef.
    expect(fake.engine.placed.map((p) => p.orderRef)).toEqual([`${pos!.id}-o1`, `${pos!.id}-o2`]);
    expect(fake.placeOrderCount(`${pos!.id}-o1`)).toBe(1);
    expect(fake.placeOrderCount(`${pos!.id}-o2`)).toBe(1);
    const close = fake.engine.placed[1]!;
    expect(close).toMatchObject({ secType: 'BAG', action: 'BUY', totalQuantity: 1 });
    expect(close.lmtPrice).toBeGreaterThan(0); // a debit to buy it back
    expect(close.legs.map((l) => l.action)).toEqual(open.legs.map((l) => (l.action === 'BUY' ? 'SELL' : 'BUY')));

    // Fills: one per order, four leg executions each, IB's commissions (0.65 a contract).
    const fills = await kernel.store.reads.fills(pos!.id);
    expect(fills).toHaveLength(2);
    for (const f of fills) {
      expect(f.legs).toHaveLength(4);
      expect(f.commissionCents).toBe(260);
      expect(f.quantity).toBe(1);
    }
    expect(fills[0]!.netPrice).toBeCloseTo(open.lmtPrice!, 6);

    // The position's life: entered, opened, closed by take-profit.
    const transitions = await kernel.store.reads.transitions(pos!.id);
    expect(transitions[0]).toMatchObject({ from: 'none', event: 'ENTRY:spy-ic' });
    expect(transitions.at(-1)!.to).toMatch(/closed/);
    const decisions = await kernel.store.reads.decisions({ positionId: pos!.id });
    expect(decisions.map((d) => d.rule)).toEqual(['entry:spy-ic', 'take-profit']);
    const [row] = await kernel.store.reads.positions({});
    expect(row).toMatchObject({ id: pos!.id, state: 'closed', closeRule: 'take-profit', commissionCents: 520 });
    expect(row!.realizedPnlCents).toBeGreaterThan(0);
  });

  it('adopts an order working at IB after a restart by its orderRef and never sends it again', { timeout: 45_000 }, async () => {
    const now = sessionClock();
    fake = await startFake(now);
    fake.fillMode({ mode: 'working' });
    const db = tempDb();
    const first = await ibKernel(fake, { db, clientId: 33, now });
    kernels.push(first.kernel);
    await first.kernel.start();
    await stepUntil(first.kernel, async () => (await orderStatuses(first.kernel)).some((o) => o.status === 'accepted'), 'the order to be working', 150);
    const [{ client_order_id: ref }] = (await orderStatuses(first.kernel)) as [{ client_order_id: string }];
    expect(fake.placeOrderCount(ref)).toBe(1);

    // tickwise stops while the order works at IB.
    await first.kernel.close();
    kernels.splice(0);
    await until(() => fake!.connectedClientIds().length === 0, 'the first session to end');

    // A new kernel on the same file, a new connection under the same client id.
    const second = await ibKernel(fake, { db, clientId: 33, now });
    kernels.push(second.kernel);
    const report = await second.kernel.start();
    expect(report.ordersAdopted).toEqual([ref]);
    expect(report.ordersResent).toEqual([]);
    expect(second.broker.lastReconcile()!.adopted.map((a) => a.clientOrderId)).toEqual([ref]);
    await stepUntil(second.kernel, () => true, 'a tick');
    await stepUntil(second.kernel, () => true, 'a tick');
    expect(fake.placeOrderCount(ref)).toBe(1);
    expect(second.kernel.positions()).toHaveLength(1);
    expect(second.kernel.positions()[0]!.phase).toBe('entry');

    // IB fills it: the restarted kernel takes the fill of the order it adopted.
    fake.fill(ref);
    await stepUntil(second.kernel, async () => (await orderStatuses(second.kernel)).some((o) => o.status === 'filled'), 'the fill', 100);
    expect(second.kernel.positions()[0]!.phase).toBe('managed');
    expect(fake.placeOrderCount(ref)).toBe(1);
    expect(fake.engine.placed).toHaveLength(1);
    const fills = await second.kernel.store.reads.fills(second.kernel.positions()[0]!.id);
    expect(fills).toHaveLength(1);
    expect(fills[0]!.legs).toHaveLength(4);
  });
});
