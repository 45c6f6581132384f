import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPaperBroker } from '../../../adapters/sim/index.ts';
import { contract, fromExchangeTime, leg, order, quote, tick } from './helpers.ts';

const put440 = contract('put', 440);
const call450 = contract('call', 450);
const market = (minutes: number, putAsk = 1.3) => tick(fromExchangeTime('2026-01-12', minutes), [quote(put440, putAsk - 0.1, putAsk), quote(call450, 5, 5.1)]);

describe('the paper broker state file', () => {
  it('restores working orders, positions, cash and undrained events after a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-paper-'));
    const statePath = join(dir, 'broker.json');
    const a = createPaperBroker({ statePath, startingCashCents: 1_000_000 });
    a.observe(market(600));
    await a.place(order('filled', [leg(call450, 'buy')], 5.2, { quantity: 2 }));
    await a.place(order('resting', [leg(put440, 'buy')], 1.0));
    a.observe(market(605));
    expect(a.drainEvents().map((e) => e.type)).toEqual(['accepted', 'accepted', 'fill']);
    await a.place(order('pending-ack', [leg(put440, 'buy')], 0.9));
    // "crash": a is dropped without close(); a new broker is built on the same file
    const b = createPaperBroker({ statePath, startingCashCents: 0 });
    expect(await b.positions()).toEqual(await a.positions());
    expect(await b.positions()).toMatchObject([{ key: 'SPY:2026-01-16:C:450', quantity: 2, averageCost: 5.1 }]);
    expect(await b.openOrders()).toEqual(await a.openOrders());
    expect((await b.openOrders()).map((o) => o.clientOrderId)).toEqual(['resting', 'pending-ack']);
    expect(b.cashCents()).toBe(1_000_000 - 1020_00 - 130);
    expect(b.drainEvents()).toMatchObject([{ type: 'accepted', clientOrderId: 'pending-ack' }]);
    // the restored broker keeps idempotency and keeps matching
    await b.place(order('filled', [leg(call450, 'buy')], 5.2));
    expect(b.drainEvents()).toMatchObject([{ type: 'rejected', code: 'TW_SIM_ORDER_DUPLICATE_ID' }]);
    b.observe(market(610, 0.95));
    const fills = b.drainEvents().filter((e) => e.type === 'fill');
    expect(fills).toMatchObject([{ clientOrderId: 'resting', fillId: 'SIM-F-2' }]);
    expect(readdirSync(dir)).toEqual(['broker.json']);
  });

  it('refuses a state file it cannot read instead of starting flat', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-paper-'));
    const statePath = join(dir, 'broker.json');
    writeFileSync(statePath, '{ not json');
    expect(() => createPaperBroker({ statePath })).toThrow(expect.objectContaining({ code: 'TW_SIM_STATE_FILE' }));
    writeFileSync(statePath, JSON.stringify({ version: 99 }));
    expect(() => createPaperBroker({ statePath })).toThrow(expect.objectContaining({ code: 'TW_SIM_STATE_FILE' }));
  });

  it('starts flat when the state file does not exist yet, and creates it on the first change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-paper-'));
    const statePath = join(dir, 'sub', 'broker.json');
    const b = createPaperBroker({ statePath });
    expect(await b.positions()).toEqual([]);
    b.observe(market(600));
    await b.place(order('x', [leg(put440, 'buy')], 1));
    expect(readdirSync(join(dir, 'sub'))).toEqual(['broker.json']);
  });
});

describe('settlement after a restart', () => {
  it('settles at the last price seen before the close even when the broker restarts after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-paper-'));
    const statePath = join(dir, 'broker.json');
    const c440 = contract('call', 440);
    const at = (date: string, minutes: number, spy: number) => tick(fromExchangeTime(date, minutes), [quote(c440, 10, 10.1)], { SPY: spy });
    const a = createPaperBroker({ statePath, commissionPerContract: 0 });
    a.observe(at('2026-01-14', 600, 445));
    await a.place(order('c', [leg(c440, 'buy')], null));
    a.observe(at('2026-01-14', 605, 445));
    a.drainEvents(); // last write caused by events: SPY 445 (in the money)
    a.observe(at('2026-01-16', 900, 442));
    a.observe(at('2026-01-16', 955, 439)); // the close: out of the money
    const b = createPaperBroker({ statePath, commissionPerContract: 0 });
    b.observe(tick(fromExchangeTime('2026-01-20', 570), [], { SPY: 470 })); // in the money again, too late
    expect(b.drainEvents()).toMatchObject([{ type: 'settlement', key: 'SPY:2026-01-16:C:440', outcome: 'expired-worthless', amount: 0 }]);
    expect(b.shares()).toEqual({});
  });
});
