import { describe, expect, it } from 'vitest';
import { createUnfilledExits } from '../../bin/wiring/notify-unfilled.ts';
import type { AlertRow } from '../../engine/store/index.ts';

const T = Date.parse('2026-03-02T15:00:00Z');
const MIN = 60_000;

describe('unfilled exits', () => {
  it('raises one warning for an exit order still working after 15 minutes, none for a filled one or an entry', () => {
    const raised: AlertRow[] = [];
    const u = createUnfilledExits((a) => raised.push(a));
    u.order({ clientOrderId: 'c1', positionId: 'p1', purpose: 'close', status: 'accepted' }, T);
    u.order({ clientOrderId: 'c2', positionId: 'p2', purpose: 'roll-close', status: 'pending' }, T);
    u.order({ clientOrderId: 'o1', positionId: 'p3', purpose: 'open', status: 'accepted' }, T);
    u.order({ clientOrderId: 'c1', positionId: 'p1', purpose: 'close', status: 'partially-filled' }, T + 5 * MIN);
    u.tick(T + 14 * MIN);
    expect(raised).toEqual([]);
    u.order({ clientOrderId: 'c2', positionId: 'p2', purpose: 'roll-close', status: 'filled' }, T + 14 * MIN);
    u.tick(T + 16 * MIN);
    u.tick(T + 30 * MIN);
    expect(raised).toEqual([{ time: T + 16 * MIN, severity: 'warning', source: 'unfilled-exit', positionId: 'p1', message: 'close order c1 of p1 is still unfilled after 16 min (partially-filled)' }]);
  });
});
