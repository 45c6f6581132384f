/**
 * Kill and restart: a child process runs the engine on a DuckDB file (fixtures/crash-child.ts) and is SIGKILLed at
 * random moments many times; each restart resumes on the same file. After every kill the file must show no lost
 * position, no order sent twice, and no gap in the committed ticks and their decisions; after every restart each
 * open position must have resumed in exactly the state its last committed snapshot holds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dottedState } from '../../engine/lifecycle/index.ts';
import { openStore, type Store } from '../../engine/store/index.ts';
import { repoRoot } from './helpers.ts';
import { prng } from '../support/prng.ts';

const child = join(repoRoot, 'test/kernel/fixtures/crash-child.ts');
const dir = mkdtempSync(join(tmpdir(), 'tw-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


interface Line { type: string; seq?: number; report?: { resumedFromSeq: number | null; ordersResent: string[] }; positions?: { id: string; state: string; context: unknown }[] }

/** Starts the child; resolves with its restored line once it has started, and a promise of its exit. */
function startChild(db: string): Promise<{ proc: ChildProcess; restored: Line; lines: Line[]; exited: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, db, '11'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: Line[] = [];
    let buf = '';
    let err = '';
    const exited = new Promise<void>((res) => proc.on('exit', () => res()));
    proc.stderr!.on('data', (d) => (err += d));
    proc.stdout!.on('data', (d) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = JSON.parse(buf.slice(0, nl)) as Line;
        buf = buf.slice(nl + 1);
        lines.push(line);
        if (line.type === 'restored') resolve({ proc, restored: line, lines, exited });
      }
    });
    proc.on('exit', (code, signal) => {
      if (!lines.some((l) => l.type === 'restored')) reject(new Error(`child exited (${code ?? signal}) before starting:\n${err}`));
    });
  });
}

interface Seen {
  maxSeq: number;
  decisions: Map<string, number>;
  positions: Map<string, { state: string; realized: number | null }>;
  openSnapshots: Map<string, { state: string; context: unknown }>;
}

const norm = (x: unknown) => JSON.parse(JSON.stringify(x));

/** Reads the file after a kill and checks the invariants against what earlier kills saw. */
async function checkFile(store: Store, before: Seen): Promise<Seen> {
  const q = <T>(sql: string) => store.db.all<T>(sql);
  // Committed ticks are contiguous from 1; every decision belongs to a committed tick; nothing committed earlier changed.
  const [t] = await q<{ n: number; lo: number | null; hi: number | null }>('SELECT count(*)::INT AS n, min(seq)::INT AS lo, max(seq)::INT AS hi FROM ticks');
  const maxSeq = t.hi ?? 0;
  expect(t.n).toBe(maxSeq);
  if (t.n) expect(t.lo).toBe(1);
  expect(maxSeq).toBeGreaterThanOrEqual(before.maxSeq);
  const decisions = new Map((await q<{ id: string; s: number }>('SELECT id, tick_seq::INT AS s FROM decisions')).map((d) => [d.id, d.s]));
  for (const s of decisions.values()) expect(s >= 1 && s <= maxSeq).toBe(true);
  for (const [id, s] of before.decisions) expect(decisions.get(id)).toBe(s);
  const committedBefore = [...decisions.values()].filter((s) => s <= before.maxSeq).length;
  expect(committedBefore).toBe(before.decisions.size);
  // No lost position: every position row ever committed is still there; closed ones stay closed with the same P&L.
  const rows = await q<{ id: string; state: string; phase: string; realized: number | null }>('SELECT id, state, phase, realized_pnl_cents::DOUBLE AS realized FROM positions');
  const positions = new Map(rows.map((r) => [r.id, { state: r.state, realized: r.realized }]));
  for (const [id, p] of before.positions) {
    expect(positions.has(id), `position ${id} lost`).toBe(true);
    if (p.state === 'closed') expect(positions.get(id)).toEqual(p);
  }
  const snaps = new Map((await q<{ id: string; s: string }>('SELECT position_id AS id, snapshot AS s FROM snapshots')).map((r) => [r.id, JSON.parse(r.s)]));
  const openSnapshots = new Map<string, { state: string; context: unknown }>();
  for (const r of rows) {
    const s = snaps.get(r.id);
    expect(s, `position ${r.id} has no snapshot`).toBeDefined();
    expect(dottedState(s.value)).toBe(r.phase);
    if (r.state !== 'closed') openSnapshots.set(r.id, { state: r.phase, context: s.context });
  }
  // No order sent twice: the paper broker's state committed with the last tick knows each client order id once,
  // only ids the store wrote first, never fills an order beyond its quantity, and never saw a duplicate id.
  const meta = await q<{ value: string }>(`SELECT value FROM meta WHERE key = 'brokerCheckpoint'`);
  const orders = new Map((await q<{ id: string; qty: number; status: string }>('SELECT client_order_id AS id, quantity::INT AS qty, status FROM orders')).map((o) => [o.id, o]));
  if (meta.length) {
    const b = JSON.parse(meta[0].value) as { orders: { request: { clientOrderId: string } }[]; finished: Record<string, string>; positions: Record<string, { quantity: number }> };
    const working = b.orders.map((o) => o.request.clientOrderId);
    expect(new Set(working).size).toBe(working.length);
    for (const id of working) expect(b.finished[id]).toBeUndefined();
    for (const id of [...working, ...Object.keys(b.finished)]) expect(orders.has(id), `broker knows ${id} the store never wrote`).toBe(true);
    // Orders the broker acknowledged are known to it.
    for (const o of orders.values()) if (o.status !== 'pending') expect(working.includes(o.id) || b.finished[o.id] !== undefined, `${o.id} (${o.status}) unknown to the broker`).toBe(true);
    // The broker's book equals the legs of the store's open positions.
    const legs = await q<{ key: string; qty: number }>(`SELECT l.key, sum(l.quantity)::INT AS qty FROM legs l JOIN positions p ON p.id = l.position_id WHERE p.state <> 'closed' GROUP BY l.key HAVING sum(l.quantity) <> 0`);
    const brokerBook = Object.fromEntries(Object.entries(b.positions).filter(([, p]) => p.quantity !== 0).map(([k, p]) => [k, p.quantity]));
    expect(Object.fromEntries(legs.map((l) => [l.key, l.qty]))).toEqual(brokerBook);
  }
  const overfilled = await q<{ id: string }>(`SELECT f.client_order_id AS id FROM fills f JOIN orders o USING (client_order_id) GROUP BY f.client_order_id, o.quantity HAVING sum(f.quantity) > o.quantity`);
  expect(overfilled).toEqual([]);
  const orphanFills = await q<{ n: number }>(`SELECT count(*)::INT AS n FROM fills WHERE client_order_id NOT IN (SELECT client_order_id FROM orders)`);
  expect(orphanFills[0].n).toBe(0);
  const dupes = await q<{ n: number }>(`SELECT count(*)::INT AS n FROM order_events WHERE detail LIKE '%already used%'`);
  expect(dupes[0].n).toBe(0);
  return { maxSeq, decisions, positions, openSnapshots };
}

describe('kill and restart', () => {
  it('resumes every position in its exact state, sends no order twice and leaves no gap, after many SIGKILLs at random points', async () => {
    const db = join(dir, 'crash.duckdb');
    const rand = prng(20260105);
    let seen: Seen = { maxSeq: 0, decisions: new Map(), positions: new Map(), openSnapshots: new Map() };
    const resent: string[] = [];
    const kills = 12;
    for (let i = 0; i <= kills; i++) {
      const run = await startChild(db);
      const report = run.restored.report!;
      expect(report.resumedFromSeq ?? 0).toBe(seen.maxSeq);
      resent.push(...report.ordersResent);
      // Every open position resumed in exactly its last committed state.
      const restored = new Map(run.restored.positions!.map((p) => [p.id, p]));
      for (const [id, snap] of seen.openSnapshots) {
        const r = restored.get(id);
        expect(r, `position ${id} not resumed`).toBeDefined();
        expect(r!.state).toBe(snap.state);
        expect(norm(r!.context)).toEqual(snap.context);
      }
      if (report.resumedFromSeq !== null) expect(restored.size).toBe(seen.openSnapshots.size);
      if (i === kills) {
        // The last run goes on for a while undisturbed, then stops the same way.
        await new Promise((r) => setTimeout(r, 3000));
      } else {
        await new Promise((r) => setTimeout(r, 300 + rand() * 3000));
      }
      run.proc.kill('SIGKILL');
      await run.exited;
      const store = await openStore(db);
      try {
        seen = await checkFile(store, seen);
      } finally {
        await store.close();
      }
    }
    // The runs did real work: ticks, positions, orders and fills.
    const store = await openStore(db);
    try {
      const [c] = await store.db.all<{ ticks: number; positions: number; orders: number; fills: number; closed: number }>(
        `SELECT (SELECT count(*) FROM ticks)::INT AS ticks, (SELECT count(*) FROM positions)::INT AS positions, (SELECT count(*) FROM orders)::INT AS orders,
                (SELECT count(*) FROM fills)::INT AS fills, (SELECT count(*) FROM positions WHERE state = 'closed')::INT AS closed`);
      console.log(`kill-and-restart: ${kills} kills, ${c.ticks} ticks, ${c.positions} positions (${c.closed} closed), ${c.orders} orders, ${c.fills} fills, re-sent after restart: ${resent.length}`);
      expect(c.ticks).toBeGreaterThan(20);
      expect(c.orders).toBeGreaterThan(3);
      expect(c.fills).toBeGreaterThan(3);
    } finally {
      await store.close();
    }
  }, 400_000);
});
