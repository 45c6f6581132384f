import { afterEach, describe, expect, it } from 'vitest';
import { createIbConnection, createIbFeed, type IbFeed } from '../../../adapters/ib/index.ts';
import type { OptionContract } from '../../../engine/domain/index.ts';
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

async function start(opts: Parameters<typeof createIbFeed>[1] = {}) {
  fake = await startFakeTws();
  const conn = createIbConnection({ host: '127.0.0.1', port: fake.port, clientId: 3, reconnectIntervalMs: 100, requestTimeoutMs: 3000 });
  feed = createIbFeed(conn, { tickIntervalMs: 30, ...opts });
  return { fake, feed, conn };
}

describe('IB market feed against the fake TWS', () => {
  it('delivers underlyings, the VIX and option quotes with greeks in explicit units at each tick', async () => {
    const { fake, feed } = await start();
    const { leg } = spy(fake);
    const put = leg('put', 560);
    await feed.subscribe({ underlyings: ['SPY'], vix: true, contracts: [put, leg('call', 600)] });
    const conId = fake.chain.findOption('SPY', 'SPY', put.expiry.replaceAll('-', ''), 560, 'P')!.conId;
    await until(() => fake.linesOpen() === 4, 'four streaming lines (requests are paced at 40/s)');
    fake.setQuote(conId, { bid: 2.1, ask: 2.3, delta: -0.21, gamma: 0.012, theta: -0.08, vega: 0.45, iv: 0.19, undPrice: 580 });
    const tick = (await feed.next())!;
    const next = (await feed.next())!;
    expect(next.underlyings).toEqual([{ symbol: 'SPY', price: 580, prevClose: 580 }]);
    expect(next.vix).toEqual({ level: 16, prevClose: 16 });
    const q = next.quotes.find((x) => x.contract.strike === 560)!;
    expect(q).toMatchObject({ bid: 2.1, ask: 2.3, delta: -0.21, gamma: 0.012, thetaPerDay: -0.08, vegaPerPoint: 0.45, iv: 0.19, underlyingPrice: 580 });
    expect(q.key).toBe(`SPY:${put.expiry}:P:560`);
    expect(q.flags).toBeUndefined();
    expect(next.quotes).toHaveLength(2);
    expect(tick.time).toBeGreaterThan(0);
    expect(feed.linesInUse()).toBe(4);
  });

  it('lists the chain from reqSecDefOptParams', async () => {
    const { feed } = await start();
    const chain = await feed.chain('SPX');
    expect(chain).toMatchObject({ underlying: 'SPX', multiplier: 100, settlement: 'cash' });
    expect(chain.expiries).toHaveLength(8);
    expect(chain.expiries[0]!.root).toBe('SPXW');
    expect(chain.expiries[0]!.strikes).toContain(5800);
  });

  it('stays within the line limit: position legs stream, the rest rotate through snapshots', async () => {
    const { fake, feed } = await start({ lineLimit: 8, snapshotBatch: 2 });
    const { leg } = spy(fake);
    const legs: OptionContract[] = [leg('put', 550), leg('call', 610)];
    const candidates = [570, 575, 580, 585, 590, 595].flatMap((k) => [leg('put', k), leg('call', k)]);
    await feed.subscribe({ underlyings: ['SPY'], vix: false, contracts: candidates, stream: legs });
    const seen = new Set<string>();
    for (let i = 0; i < 100 && seen.size < 14; i++) {
      const tick = (await feed.next())!;
      expect(feed.linesInUse()).toBeLessThanOrEqual(8);
      expect(fake.linesOpen()).toBeLessThanOrEqual(8);
      for (const q of tick.quotes) seen.add(q.key);
    }
    expect(fake.linesOpen()).toBe(feed.lineStatus().streaming);
    expect(seen.size).toBe(14);
    const tick = (await feed.next())!;
    expect(tick.quotes.find((q) => q.contract.strike === 550 && q.contract.right === 'put')!.flags).toBeUndefined();
    expect(feed.lineStatus().rotating).toBeGreaterThan(0);
  });

  it('marks quotes stale on 1100 and resubscribes every stream on 1101', async () => {
    const { fake, feed } = await start();
    const { leg } = spy(fake);
    await feed.subscribe({ underlyings: ['SPY'], vix: true, contracts: [leg('put', 560)] });
    await until(() => fake.linesOpen() === 3, 'three streaming lines');
    await feed.next();
    fake.connectivityLost();
    const during = (await feed.next())!;
    expect(during.quotes[0]!.flags).toContain('stale');
    fake.connectivityRestored(true);
    await until(() => fake.linesOpen() === 3, 'resubscription');
    fake.setUnderlying('SPY', 590);
    const after = (await feed.next())!;
    expect(after.underlyings[0]!.price).toBe(590);
    expect(after.quotes[0]!.flags).toBeUndefined();
  });

  it('resubscribes after a dropped connection comes back', async () => {
    const { fake, feed, conn } = await start();
    await feed.subscribe({ underlyings: ['SPY'], vix: false, contracts: [] });
    await feed.next();
    fake.dropConnection();
    await until(() => !conn.isUp(), 'disconnect');
    await until(() => conn.isUp() && fake.linesOpen() === 1, 'reconnect and resubscribe');
    fake.setUnderlying('SPY', 575);
    expect((await feed.next())!.underlyings[0]!.price).toBe(575);
  });
});
