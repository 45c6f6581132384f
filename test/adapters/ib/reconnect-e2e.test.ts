/**
 * The kernel through a TWS restart: the fake TWS stops while an entry is being placed, a new one starts on the same
 * port with the old one's order book (as a real TWS keeps its orders), and tickwise carries on without a restart of
 * its own: it reconnects, reconciles by orderRef, places what it could not place exactly once, and the position
 * reaches `managed`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Kernel } from '../../../engine/kernel/index.ts';
import { startFakeTws, type FakeTws } from '../../fake-tws/index.ts';
import { ibKernel, sessionClock, startFake, stepUntil, tempDb } from './kernel-helpers.ts';

const fakes: FakeTws[] = [];
const kernels: Kernel[] = [];
afterEach(async () => {
  for (const k of kernels.splice(0)) await k.close().catch(() => undefined);
  for (const f of fakes.splice(0)) await f.close().catch(() => undefined);
});

type Row = Record<string, unknown>;
const rows = (k: Kernel, sql: string) => k.store.db.all<Row>(sql);
const openOrder = async (k: Kernel) => (await rows(k, `SELECT client_order_id, status FROM orders WHERE purpose = 'open'`))[0] as { client_order_id: string; status: string } | undefined;

/** REQ_CONTRACT_DATA for an option: the broker resolving an order's legs just before it sends the order. */
const isOptionDetails = (f: readonly string[]) => f[0] === '9' && f[5] === 'OPT';
const isPlaceOrder = (f: readonly string[]) => f[0] === '3';

async function restartOn(old: FakeTws, now: () => number): Promise<FakeTws> {
  const port = old.port;
  await old.close();
  const next = await startFakeTws({ port, now, from: old });
  fakes.push(next);
  return next;
}

describe('the kernel across a TWS restart', () => {
  it('places an entry that failed while TWS was down exactly once after reconciling, and the position reaches managed', { timeout: 45_000 }, async () => {
    const now = sessionClock();
    const first = await startFake(now);
    fakes.push(first);
    first.fillMode({ mode: 'immediate' });
    const { kernel, events } = await ibKernel(first, { db: tempDb(), now });
    kernels.push(kernel);
    await kernel.start();

    // TWS goes away while the broker resolves the entry's legs: the order is written, never sent.
    let died: Promise<void> | null = null;
    // (The feed resolves its candidates before any position exists; with a position in the book, the next option
    // lookup is the broker's, for the order it is about to send.)
    first.intercept((f) => {
      if (!isOptionDetails(f) || died || kernel.positions().length === 0) return false;
      died = first.close();
      return true;
    });
    await stepUntil(kernel, async () => died !== null && (await openOrder(kernel)) !== undefined, 'an entry to be decided', 150);
    await died;
    await stepUntil(kernel, () => kernel.status().brokerStatus === 'disconnected', 'the disconnect to reach the kernel', 50);
    const ref = (await openOrder(kernel))!.client_order_id;
    expect((await openOrder(kernel))!.status).toBe('pending');
    expect(kernel.positions()[0]!.state).toBe('entry.submitting');
    expect(first.placeOrderCount(ref)).toBe(0);

    // The failed place is a stored critical alert, once, not once per retry.
    await stepUntil(kernel, () => true, 'a tick while TWS is down');
    await stepUntil(kernel, () => true, 'a tick while TWS is down');
    const failed = await rows(kernel, `SELECT severity, source, position_id, message FROM alerts WHERE message LIKE 'broker place of ${ref} failed%'`);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ severity: 'critical', source: 'broker', position_id: kernel.positions()[0]!.id });
    expect(String(failed[0]!.message)).toMatch(/TW_IB_NOT_CONNECTED|not connected/);

    // A new TWS on the same port with the old order book; tickwise reconnects by itself.
    const second = await restartOn(first, now);
    second.fillMode({ mode: 'immediate' });
    await stepUntil(kernel, () => kernel.positions()[0]?.phase === 'managed', 'the entry to fill after the reconnect', 150);

    expect(second.placeOrderCount(ref)).toBe(1);
    expect(second.engine.placed.filter((p) => p.orderRef === ref)).toHaveLength(1);
    expect((await openOrder(kernel))!.status).toBe('filled');
    const fills = await kernel.store.reads.fills(kernel.positions()[0]!.id);
    expect(fills).toHaveLength(1);
    // No placement was refused for want of reconciliation: `connected` came only after it.
    const refused = events.filter((e) => e.type === 'alert' && /TW_IB_NOT_RECONCILED|until reconciliation/.test(e.alert.message));
    expect(refused).toEqual([]);
    expect((await rows(kernel, `SELECT count(*)::INT AS n FROM alerts WHERE message LIKE '%until reconciliation%'`))[0]!.n).toBe(0);
  });

  it('adopts an entry TWS received just before it went down, by orderRef, and never sends it again', { timeout: 45_000 }, async () => {
    const now = sessionClock();
    const first = await startFake(now);
    fakes.push(first);
    first.fillMode({ mode: 'working' });
    const { kernel } = await ibKernel(first, { db: tempDb(), clientId: 23, now });
    kernels.push(kernel);
    await kernel.start();

    // TWS takes the order into its book and goes down before it acknowledges it.
    let died: Promise<void> | null = null;
    first.intercept((f, handle) => {
      if (!isPlaceOrder(f) || died) return false;
      handle();
      died = first.close();
      return true;
    });
    await stepUntil(kernel, () => died !== null, 'an entry to be sent', 150);
    await died;
    const ref = (await openOrder(kernel))!.client_order_id;
    expect(first.placeOrderCount(ref)).toBe(1);

    const second = await restartOn(first, now);
    await stepUntil(kernel, async () => (await openOrder(kernel))?.status === 'accepted', 'the order to be adopted as working', 150);
    second.fill(ref);
    await stepUntil(kernel, () => kernel.positions()[0]?.phase === 'managed', 'the fill of the adopted order', 150);
    // One PLACE_ORDER in all: the one the first TWS received (the book carried it over).
    expect(second.placeOrderCount(ref)).toBe(1);
    expect(second.engine.placed).toHaveLength(1);
  });
});
