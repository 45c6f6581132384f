import { describe, expect, it } from 'vitest';
import { createBrokerDown } from '../../bin/wiring/notify-broker.ts';
import type { TickSummary } from '../../engine/kernel/index.ts';
import type { AlertRow } from '../../engine/store/index.ts';

const T = Date.parse('2026-03-02T15:00:00Z');
const tick = (sec: number, brokerStatus: TickSummary['brokerStatus']) => ({ time: T + sec * 1000, brokerStatus }) as TickSummary;

describe('a lasting broker outage', () => {
  it('raises one critical broker-down alert once the broker has been away 60 s, none for a shorter blip, and again for a new outage', () => {
    const raised: AlertRow[] = [];
    const down = createBrokerDown((a) => raised.push(a));
    for (const [s, st] of [[0, 'connected'], [10, 'disconnected'], [50, 'disconnected'], [55, 'connected']] as const) down(tick(s, st));
    expect(raised).toEqual([]);
    for (const [s, st] of [[100, 'disconnected'], [150, 'degraded'], [160, 'disconnected'], [200, 'disconnected'], [300, 'connected']] as const) down(tick(s, st));
    expect(raised).toEqual([{ time: T + 160_000, severity: 'critical', source: 'broker-down', positionId: null, message: 'broker disconnected for 60 s; orders wait until it is back' }]);
    down(tick(400, 'disconnected'));
    down(tick(470, 'disconnected'));
    expect(raised).toHaveLength(2);
  });
});
