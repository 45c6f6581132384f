import { afterEach, describe, expect, it } from 'vitest';
import type { Kernel } from '../../../engine/kernel/index.ts';
import { DataFarmStatus } from '../../../adapters/ib/data-farms.ts';
import type { FakeTws } from '../../fake-tws/index.ts';
import { ibKernel, sessionClock, startFake, stepUntil } from './kernel-helpers.ts';

let fake: FakeTws | null = null;
const kernels: Kernel[] = [];
afterEach(async () => {
  for (const k of kernels.splice(0)) await k.close().catch(() => undefined);
  await fake?.close();
  fake = null;
});

describe('IB data farms', () => {
  it('puts the engine in DEGRADED when TWS reports the market data farm down (2103) and back once it is OK again (2104)', { timeout: 30_000 }, async () => {
    const now = sessionClock();
    fake = await startFake(now);
    const { kernel, feed, store } = await ibKernel(fake, { now });
    kernels.push(kernel);
    await kernel.start();
    await stepUntil(kernel, () => kernel.status().seq >= 3, 'three ticks');
    expect(kernel.status().tradingState).toBe('ACTIVE');

    fake.sendError(2103, -1, 'Market data farm connection is broken:usopt');
    await stepUntil(kernel, () => kernel.status().tradingState === 'DEGRADED', 'DEGRADED');
    expect(feed.dataStatus!().problems).toEqual([{ code: 'ib-2103', message: 'Market data farm connection is broken:usopt', since: expect.any(Number) }]);
    expect(kernel.status().degraded?.reasons).toEqual([{ kind: 'data-farm', message: 'ib-2103: Market data farm connection is broken:usopt' }]);

    // Another farm coming back does not clear usopt.
    fake.sendError(2104, -1, 'Market data farm connection is OK:usfarm');
    await kernel.step();
    await kernel.step();
    expect(feed.dataStatus!().problems).toHaveLength(1);

    fake.sendError(2104, -1, 'Market data farm connection is OK:usopt');
    await stepUntil(kernel, () => kernel.status().tradingState === 'ACTIVE', 'ACTIVE again');
    expect(kernel.status().degraded).toBeNull();
    const alerts = await store.db.all<{ severity: string; message: string }>(`SELECT severity, message FROM alerts WHERE source = 'trading-state' ORDER BY time`);
    expect(alerts.map((a) => a.severity)).toEqual(['warning', 'info']);
    expect(alerts[0]!.message).toMatch(/^DEGRADED: ib-2103: Market data farm connection is broken:usopt/);
  });
});

describe('DataFarmStatus', () => {
  it('keeps a broken farm until that farm, or connectivity, is restored', () => {
    const s = new DataFarmStatus();
    expect(s.onMessage(2105, 'HMDS data farm connection is broken:ushmds', 1)).toBe(true);
    expect(s.onMessage(2103, 'Market data farm connection is broken:usopt', 2)).toBe(true);
    expect(s.onMessage(2104, 'Market data farm connection is OK:usopt', 3)).toBe(true);
    expect(s.problems()).toEqual([{ code: 'ib-2105', message: 'HMDS data farm connection is broken:ushmds', since: 1 }]);
    s.onMessage(1100, 'Connectivity between IB and Trader Workstation has been lost.', 4);
    expect(s.problems().map((p) => p.code)).toEqual(['ib-2105', 'ib-1100']);
    s.onMessage(1102, 'Connectivity between IB and Trader Workstation has been restored - data maintained.', 5);
    expect(s.problems().map((p) => p.code)).toEqual(['ib-2105']);
    s.onMessage(2106, 'HMDS data farm connection is OK:ushmds', 6);
    expect(s.problems()).toEqual([]);
    expect(s.onMessage(200, 'No security definition has been found', 7)).toBe(false);
  });
});
