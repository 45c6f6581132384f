import { afterEach, describe, expect, it } from 'vitest';
import { isTickwiseError } from '../../engine/errors/index.ts';
import { openStore, TABLES, type Store, type TickBatch } from '../../engine/store/index.ts';
import { contract, leg, position, quote } from './fixtures.ts';

const T0 = Date.parse('2026-03-02T15:00:00Z');
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const pcs = () => {
  const short = contract('SPY', '2026-04-17', 'put', 440);
  const long = contract('SPY', '2026-04-17', 'put', 435);
  return { short, long, legs: [leg('p1', short, -1, 1.6), leg('p1', long, 1, 0.6)] };
};

function batch(seq: number, over: Partial<TickBatch> = {}): TickBatch {
  return { seq, time: T0 + seq * 60_000, configVersion: 'v1', ...over };
}

describe('the store schema', () => {
  it('creates every table with the columns, in the order, the row specs describe', async () => {
    store = await openStore(':memory:');
    const cols = await store.db.all<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' AND table_catalog = current_database() ORDER BY table_name, ordinal_position`,
    );
    const sqlType = { text: 'VARCHAR', int: 'BIGINT', float: 'DOUBLE', bool: 'BOOLEAN', json: 'VARCHAR' } as const;
    for (const spec of Object.values(TABLES)) {
      const actual = cols.filter((c) => c.table_name === spec.name).map((c) => `${c.column_name}:${c.data_type}`);
      expect(actual, spec.name).toEqual(spec.columns.map((c) => `${c.column}:${sqlType[c.kind]}`));
    }
  });
});

describe('one transaction per tick', () => {
  it('writes everything a tick produced and reads it back as plain JSON', async () => {
    store = await openStore(':memory:');
    const { short, long, legs } = pcs();
    await store.beginTick();
    await store.ingestMarket({ time: T0, underlyings: [{ symbol: 'SPY', price: 450, prevClose: 448 }], vix: { level: 18, prevClose: 17 }, quotes: [quote(short, 1.5, 1.7, { delta: -0.2 }), quote(long, 0.5, 0.7)] });
    await store.commitTick(batch(1, {
      positions: [position('p1', { creditCents: 100, maxProfitCents: 100, maxLossCents: 400 })],
      legs: [{ positionId: 'p1', legs }],
      orders: [{ clientOrderId: 'o1', positionId: 'p1', purpose: 'open', legs: [{ contract: short, side: 'sell', ratio: 1 }, { contract: long, side: 'buy', ratio: 1 }], quantity: 1, style: 'limit', limitPrice: -1, timeInForce: 'day', status: 'filled', brokerOrderId: 'b1', filled: 1, configVersion: 'v1', createdAt: T0, updatedAt: T0 }],
      orderEvents: [{ clientOrderId: 'o1', status: 'pending', time: T0, detail: null }, { clientOrderId: 'o1', status: 'filled', time: T0 + 1, detail: null }],
      fills: [{ fillId: 'f1', clientOrderId: 'o1', positionId: 'p1', quantity: 1, netPrice: -1, legs: [], commissionCents: 130, time: T0 }],
      decisions: [{ id: 'd1', tickTime: T0, tickSeq: 1, positionId: 'p1', rule: 'take-profit', action: 'close', priority: 50, severity: null, facts: { pnlPct: 0.5 }, preempted: ['time-stop'], trace: { ok: true }, configVersion: 'v1', outcome: 'applied' }],
      transitions: [{ positionId: 'p1', from: 'entry', to: 'managed', event: 'FILLED', decisionId: null, tickTime: T0, configVersion: 'v1' }],
      snapshots: [{ positionId: 'p1', snapshot: { value: 'managed', context: { n: 1 } }, tickTime: T0 }],
      equity: { time: T0, equityCents: 10_000_000, cashCents: 10_000_100, dailyPnlPct: 0, drawdownPct: 0 },
      alerts: [{ time: T0, severity: 'info', source: 'rule', positionId: 'p1', message: 'opened' }],
      meta: { tradingState: 'ACTIVE', equityPeakCents: 10_000_000 },
    }));
    const got = await store.reads.position('p1');
    expect(got?.position).toMatchObject({ id: 'p1', creditCents: 100, maxLossCents: 400, hold: false, openedAt: T0 });
    expect(got?.legs.map((l) => [l.key, l.quantity])).toEqual([['SPY:2026-04-17:P:435', 1], ['SPY:2026-04-17:P:440', -1]]);
    expect(got?.legs[1].contract).toEqual(short);
    const [order] = await store.reads.orders('p1');
    expect(order.events.map((e) => e.status)).toEqual(['pending', 'filled']);
    expect(order.legs[0].side).toBe('sell');
    expect((await store.reads.decisions({ positionId: 'p1' }))[0]).toMatchObject({ rule: 'take-profit', facts: { pnlPct: 0.5 }, preempted: ['time-stop'] });
    expect(await store.reads.transitions('p1')).toEqual([{ positionId: 'p1', from: 'entry', to: 'managed', event: 'FILLED', decisionId: null, tickTime: T0, configVersion: 'v1' }]);
    expect((await store.reads.quotes('SPY')).map((q) => q.mid)).toEqual([0.6, 1.6]);
    const everything = [await store.reads.positions(), await store.reads.fills('p1'), await store.reads.equityCurve(), await store.reads.alerts()];
    expect(() => JSON.stringify(everything)).not.toThrow();
  });

  it('leaves nothing written when the batch fails half way, and the store keeps working', async () => {
    store = await openStore(':memory:');
    await store.beginTick();
    await store.ingestMarket({ time: T0, underlyings: [{ symbol: 'SPY', price: 450 }], quotes: [] });
    const bad = batch(1, {
      positions: [position('p1')],
      // a transition without a position id violates NOT NULL after the position was already written
      transitions: [{ positionId: null as unknown as string, from: 'a', to: 'b', event: 'X', decisionId: null, tickTime: T0, configVersion: 'v1' }],
    });
    const err = await store.commitTick(bad).catch((e: unknown) => e);
    expect(isTickwiseError(err) && err.code).toBe('TW_STORE_COMMIT_FAILED');
    expect(store.inTick).toBe(false);
    expect(await store.reads.positions()).toEqual([]);
    expect(await store.db.all(`SELECT * FROM underlyings`)).toEqual([]);
    expect(await store.db.all(`SELECT * FROM ticks`)).toEqual([]);
    await store.beginTick();
    await store.commitTick(batch(1, { positions: [position('p1')] }));
    expect((await store.reads.positions()).map((p) => p.id)).toEqual(['p1']);
  });

  it('shows the tick to the facts connection before commit but not to readers', async () => {
    store = await openStore(':memory:');
    await store.beginTick();
    await store.ingestMarket({ time: T0, underlyings: [{ symbol: 'SPY', price: 450 }], quotes: [] });
    expect(await store.db.all(`SELECT symbol FROM underlyings`)).toEqual([{ symbol: 'SPY' }]);
    expect(await store.reads.quotes()).toEqual([]);
    expect((await store.reads.positions()).length).toBe(0);
    await store.rollbackTick();
    expect(await store.db.all(`SELECT symbol FROM underlyings`)).toEqual([]);
  });

  it('replaces the legs of a position and ignores a fill reported twice', async () => {
    store = await openStore(':memory:');
    const { legs } = pcs();
    const fill = { fillId: 'f1', clientOrderId: 'o1', positionId: 'p1', quantity: 1, netPrice: -1, legs: [], commissionCents: 130, time: T0 };
    await store.beginTick();
    await store.commitTick(batch(1, { positions: [position('p1')], legs: [{ positionId: 'p1', legs }], fills: [fill] }));
    await store.beginTick();
    await store.commitTick(batch(2, { legs: [{ positionId: 'p1', legs: legs.slice(0, 1) }], fills: [{ ...fill, netPrice: -9 }], peaks: [{ positionId: 'p1', peakPnlPct: 0.3 }] }));
    const got = await store.reads.position('p1');
    expect(got?.legs.length).toBe(1);
    expect(got?.position.peakPnlPct).toBe(0.3);
    expect((await store.reads.fills('p1')).map((f) => f.netPrice)).toEqual([-1]);
  });

  it('refuses to commit or ingest outside a tick', async () => {
    store = await openStore(':memory:');
    const err = await store.commitTick(batch(1)).catch((e: unknown) => e);
    expect(isTickwiseError(err) && err.code).toBe('TW_STORE_TICK_STATE');
    await store.beginTick();
    const again = await store.beginTick().catch((e: unknown) => e);
    expect(isTickwiseError(again) && again.code).toBe('TW_STORE_TICK_STATE');
  });

  it('keeps only the latest quote per contract and drops expired ones on a new exchange day', async () => {
    store = await openStore(':memory:');
    const old = contract('SPY', '2026-03-02', 'call', 450);
    const live = contract('SPY', '2026-04-17', 'call', 450);
    await store.beginTick();
    await store.ingestMarket({ time: T0, underlyings: [], quotes: [quote(old, 1, 1.2), quote(live, 5, 5.2)] });
    await store.ingestMarket({ time: T0 + 1000, underlyings: [], quotes: [quote(live, 6, 6.2)] });
    await store.commitTick(batch(1));
    expect((await store.reads.quotes()).map((q) => [q.expiry, q.bid])).toEqual([['2026-03-02', 1], ['2026-04-17', 6]]);
    await store.beginTick();
    await store.ingestMarket({ time: T0 + 86_400_000, underlyings: [], quotes: [] });
    await store.commitTick(batch(2));
    expect((await store.reads.quotes()).map((q) => q.expiry)).toEqual(['2026-04-17']);
  });

  it('ingests only the quotes asked for when given a key set', async () => {
    store = await openStore(':memory:');
    const { short, long } = pcs();
    await store.beginTick();
    await store.ingestMarket({ time: T0, underlyings: [], quotes: [quote(short, 1, 1.2), quote(long, 0.4, 0.6)] }, { onlyKeys: new Set(['SPY:2026-04-17:P:440']) });
    await store.commitTick(batch(1));
    expect((await store.reads.quotes()).map((q) => q.key)).toEqual(['SPY:2026-04-17:P:440']);
  });
});
