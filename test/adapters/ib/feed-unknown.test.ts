import { afterEach, describe, expect, it } from 'vitest';
import { createIbConnection, createIbFeed, type IbFeed } from '../../../adapters/ib/index.ts';
import { startFakeTws, type FakeTws } from '../../fake-tws/index.ts';
import { spy, until } from './helpers.ts';

let fake: FakeTws | null = null;
let feed: IbFeed | null = null;
afterEach(async () => {
  await feed?.close();
  await fake?.close();
  feed = null;
  fake = null;
});

describe('IB market feed with a symbol IB does not know', () => {
  it('reports the unknown underlying and contract and still streams the rest', { timeout: 20_000 }, async () => {
    fake = await startFakeTws();
    const conn = createIbConnection({ host: '127.0.0.1', port: fake.port, clientId: 4, reconnectIntervalMs: 100, requestTimeoutMs: 3000 });
    feed = createIbFeed(conn, { tickIntervalMs: 30 });
    const { leg } = spy(fake);
    await feed.subscribe({ underlyings: ['SPY', 'QQQ'], vix: true, contracts: [leg('put', 560), leg('put', 561)] });
    await until(() => fake!.linesOpen() === 3, 'SPY, the VIX and one option streaming');
    const status = feed.lineStatus();
    expect(status.unresolved).toHaveLength(2);
    expect(status.unresolved[0]).toMatch(/^QQQ \(/);
    expect(status.unresolved[1]).toMatch(/^SPY:.*:P:561 \(/);
    await feed.next();
    const tick = (await feed.next())!;
    expect(tick.underlyings.map((u) => u.symbol)).toEqual(['SPY']);
    expect(tick.vix?.level).toBe(16);
    expect(tick.quotes.map((q) => q.contract.strike)).toEqual([560]);
  });

  it('lists the underlyings IB has no security definition for, in the order given, asking contract details for each', { timeout: 20_000 }, async () => {
    fake = await startFakeTws();
    const conn = createIbConnection({ host: '127.0.0.1', port: fake.port, clientId: 6, reconnectIntervalMs: 100, requestTimeoutMs: 3000 });
    feed = createIbFeed(conn, { tickIntervalMs: 30 });
    expect(await feed.unknownUnderlyings!(['QQQ', 'SPY', 'SPX', 'IWM', 'VIX', 'QQQ'])).toEqual(['QQQ', 'IWM']);
    const asked = fake.received.filter((m) => m.fields[0] === '9').map((m) => `${m.fields[4]}:${m.fields[5]}`);
    expect(asked.sort()).toEqual(['IWM:STK', 'QQQ:STK', 'SPX:IND', 'SPY:STK', 'VIX:IND']);
    expect(await feed.unknownUnderlyings!([])).toEqual([]);
  });

  it('cannot tell (null) when TWS does not answer in time or is not there', { timeout: 20_000 }, async () => {
    fake = await startFakeTws();
    const conn = createIbConnection({ host: '127.0.0.1', port: fake.port, clientId: 8, reconnectIntervalMs: 100, requestTimeoutMs: 300, connectTimeoutMs: 1000 });
    feed = createIbFeed(conn, { tickIntervalMs: 30 });
    fake.intercept((f) => f[0] === '9'); // contract details go unanswered
    expect(await feed.unknownUnderlyings!(['SPY', 'QQQ'])).toBeNull();
    fake.intercept(null);
    expect(await feed.unknownUnderlyings!(['SPY', 'QQQ'])).toEqual(['QQQ']);
    await fake.close();
    fake = null;
    await until(() => !conn.isUp(), 'the connection to drop');
    expect(await feed.unknownUnderlyings!(['SPY', 'QQQ'])).toBeNull();
  });
});
