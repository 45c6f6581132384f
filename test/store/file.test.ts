import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTickwiseError } from '../../engine/errors/index.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, openStore, type Store } from '../../engine/store/index.ts';
import { contract, leg, position } from './fixtures.ts';

const T0 = Date.parse('2026-03-02T15:00:00Z');
let dir: string;
let file: string;
const open: Store[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tw-store-'));
  file = join(dir, 'nested', 'tickwise.duckdb');
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});
async function openTracked(path: string, migrations = MIGRATIONS): Promise<Store> {
  const s = await openStore(path, { migrations });
  open.push(s);
  return s;
}
async function closeTracked(s: Store): Promise<void> {
  open.splice(open.indexOf(s), 1);
  await s.close();
}

describe('schema migrations', () => {
  it('opens a file written by an older tickwise by applying the missing migrations', async () => {
    const v1 = await openTracked(file, MIGRATIONS.slice(0, 1));
    expect(v1.schemaVersion).toBe(1);
    await v1.db.run(`INSERT INTO positions (id, strategy, structure, underlying, state, config_version, root_id) VALUES ('old', 's', 'iron-condor', 'SPY', 'managed', 'v0', 'old')`);
    await closeTracked(v1);

    const latest = await openTracked(file);
    expect(latest.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(await latest.db.all(`SELECT version::INT AS version FROM schema_migrations ORDER BY version`)).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    const [old] = await latest.reads.positions();
    expect(old).toMatchObject({ id: 'old', hold: false, state: 'managed' });
    await latest.beginTick();
    await latest.commitTick({ seq: 1, time: T0, configVersion: 'v1', reloads: [{ time: T0, version: 'v1', ok: true, diff: {}, errors: [] }] });
    expect(await latest.db.all(`SELECT ok FROM reloads`)).toEqual([{ ok: true }]);
  });

  it('refuses a file from a newer tickwise with a coded error', async () => {
    await closeTracked(await openTracked(file));
    const err = await openStore(file, { migrations: MIGRATIONS.slice(0, 1) }).catch((e: unknown) => e);
    expect(isTickwiseError(err) && err.code).toBe('TW_STORE_NEWER_SCHEMA');
  });
});

describe('the file lock', () => {
  it('tells a second process that another tickwise is running on the file', async () => {
    await openTracked(file);
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'try-open.ts'), file], { encoding: 'utf8' });
    const result = JSON.parse(out.trim().split('\n').pop()!);
    expect(result.code).toBe('TW_STORE_LOCKED');
    expect(result.hint).toMatch(/another tickwise is running/);
  }, 30_000);
});

describe('recovery after a restart', () => {
  it('loads open positions with legs, snapshots, unfinished orders, trading state and the losing streak', async () => {
    const s = await openTracked(file);
    const short = contract('SPY', '2026-04-17', 'put', 440);
    const order = (id: string, status: 'pending' | 'filled' | 'partially-filled') => ({
      clientOrderId: id, positionId: 'p1', purpose: 'close', legs: [{ contract: short, side: 'buy' as const, ratio: 1 }], quantity: 1,
      style: 'limit', limitPrice: 0.5, timeInForce: 'day', status, brokerOrderId: null, filled: 0, configVersion: 'v1', createdAt: T0, updatedAt: T0,
    });
    await s.beginTick();
    await s.commitTick({
      seq: 7, time: T0, configVersion: 'v1',
      positions: [
        position('p1', { state: 'closing', phase: 'closing.working' }),
        position('w1', { state: 'closed', closedAt: T0 - 3000, realizedPnlCents: 500 }),
        position('l1', { state: 'closed', closedAt: T0 - 2000, realizedPnlCents: -300 }),
        position('r1', { state: 'closed', closedAt: T0 - 1500, realizedPnlCents: -900, outcome: 'rolled' }),
        position('l2', { state: 'closed', closedAt: T0 - 1000, realizedPnlCents: -200 }),
      ],
      legs: [{ positionId: 'p1', legs: [leg('p1', short, -1, 1.2)] }],
      orders: [order('o-open', 'filled'), order('o-close', 'pending'), order('o-part', 'partially-filled')],
      snapshots: [{ positionId: 'p1', snapshot: { value: { closing: 'working' }, context: { deadline: T0 + 60_000 } }, tickTime: T0 }],
      equity: { time: T0, equityCents: 9_990_000, cashCents: 9_990_000, dailyPnlPct: -0.001, drawdownPct: -0.002 },
      meta: { tradingState: 'REDUCING', equityPeakCents: 10_010_000 },
    });
    // a tick that never committed must leave no trace after the restart
    await s.beginTick();
    await s.ingestMarket({ time: T0 + 60_000, underlyings: [{ symbol: 'SPY', price: 1 }], quotes: [] });
    await closeTracked(s);

    const again = await openTracked(file);
    const state = await again.loadState();
    expect(state).toMatchObject({ tradingState: 'REDUCING', lastTickSeq: 7, lastTickTime: T0, equityPeakCents: 10_010_000, consecutiveLosses: 2 });
    expect(state.lastEquity?.equityCents).toBe(9_990_000);
    expect(state.openPositions.map((p) => [p.position.id, p.position.phase, p.legs.map((l) => l.quantity)])).toEqual([['p1', 'closing.working', [-1]]]);
    expect(state.snapshots.get('p1')).toEqual({ value: { closing: 'working' }, context: { deadline: T0 + 60_000 } });
    expect(state.ordersNotFinal.map((o) => o.clientOrderId).sort()).toEqual(['o-close', 'o-part']);
    expect(await again.db.all(`SELECT * FROM underlyings`)).toEqual([]);
  });
});
