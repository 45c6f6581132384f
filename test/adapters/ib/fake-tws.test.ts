import { afterEach, describe, expect, it } from 'vitest';
import { createIbConnection, type IbConnection } from '../../../adapters/ib/index.ts';
import { startFakeTws, type FakeTws } from '../../fake-tws/index.ts';
import { until } from './helpers.ts';

let fake: FakeTws | null = null;
let conn: IbConnection | null = null;
afterEach(async () => {
  await conn?.close();
  await fake?.close();
});

describe('the fake TWS', () => {
  it('enforces IB\'s combo rules: a 4-leg NonGuaranteed combo is rejected with 201', async () => {
    fake = await startFakeTws();
    conn = createIbConnection({ host: '127.0.0.1', port: fake.port, clientId: 2 });
    const errors: [number, number, string][] = [];
    conn.on('ib:error', (message: string, code: number, reqId: number) => errors.push([reqId, code, message]));
    await conn.connect();
    const legs = [700000001, 700000003, 700000005, 700000007].map((conId) => ({ conId, ratio: 1, action: 'BUY', exchange: 'SMART' }));
    const id = conn.nextOrderId();
    conn.ib('test').placeOrder(id, { symbol: 'SPY', secType: 'BAG' as never, exchange: 'SMART', currency: 'USD', comboLegs: legs as never },
      { action: 'BUY' as never, totalQuantity: 1, orderType: 'LMT' as never, lmtPrice: 1, orderRef: 'bad', transmit: true,
        smartComboRoutingParams: [{ tag: 'NonGuaranteed', value: '1' }] });
    await until(() => errors.length > 0, 'the rejection');
    expect(errors[0]!.slice(0, 2)).toEqual([id, 201]);
    expect(errors[0]![2]).toContain('NonGuaranteed');
  });

  it('decodes cleanly in the real client: no decoding or underrun errors across a session', async () => {
    fake = await startFakeTws();
    conn = createIbConnection({ host: '127.0.0.1', port: fake.port, clientId: 4 });
    const problems: string[] = [];
    conn.on('ib:error', (message: string) => {
      if (/Decoding error|Underrun|No parser/.test(message)) problems.push(message);
    });
    await conn.connect();
    fake.fillMode({ mode: 'immediate' });
    const legs = [700000001, 700000003].map((conId, i) => ({ conId, ratio: 1, action: i ? 'SELL' : 'BUY', exchange: 'SMART' }));
    const ib = conn.ib('test');
    ib.placeOrder(conn.nextOrderId(), { symbol: 'SPY', secType: 'BAG' as never, exchange: 'SMART', currency: 'USD', comboLegs: legs as never },
      { action: 'BUY' as never, totalQuantity: 1, orderType: 'LMT' as never, lmtPrice: 3, orderRef: 'ok', transmit: true });
    ib.reqAllOpenOrders();
    ib.reqPositions();
    ib.reqExecutions(conn.nextReqId(), {});
    ib.reqSecDefOptParams(conn.nextReqId(), 'SPX', '', 'IND' as never, 416904);
    ib.reqCurrentTime();
    await until(() => fake!.received.some((r) => r.fields[0] === '49'), 'the last request');
    await new Promise((r) => setTimeout(r, 100));
    expect(problems).toEqual([]);
    expect(fake.unhandled).toEqual([]);
  });
});
