/**
 * The real kernel on the IB adapters against the fake TWS: the test config folder, a DuckDB store (memory or file),
 * `ibAdapters` exactly as `tickwise start --broker ib` wires it, and a shared clock shifted into a Wednesday's
 * regular session (the fake lists expiries from its clock, the kernel schedules entries by the tick time).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigDir } from '../../../engine/config/index.ts';
import { Kernel, type KernelEvent } from '../../../engine/kernel/index.ts';
import { ManualClock } from '../../../engine/ports/index.ts';
import { openStore } from '../../../engine/store/index.ts';
import { ibAdapters } from '../../../bin/wiring/ib.ts';
import { startFakeTws, type FakeTws } from '../../fake-tws/index.ts';

export const configDir = new URL('../../fixtures/ib-config', import.meta.url).pathname;

/** Wednesday 18 November 2026, 11:00 New York: inside the schedule; Friday 18 December is 30 days out. */
export const SESSION_START = Date.parse('2026-11-18T16:00:00Z');

/** A clock that starts at `SESSION_START` and runs with the wall clock (strictly increasing, as tick times must be). */
export function sessionClock(start = SESSION_START): () => number {
  const t0 = Date.now();
  return () => start + (Date.now() - t0);
}

export async function startFake(now: () => number): Promise<FakeTws> {
  return startFakeTws({ now });
}

export function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'tickwise-ib-')), 'state.duckdb');
}

export async function ibKernel(fake: FakeTws, opts: { db?: string; clientId?: number; now: () => number; lineLimit?: number }) {
  const { config, findings } = await loadConfigDir(configDir);
  if (!config) throw new Error(`test config invalid: ${JSON.stringify(findings)}`);
  const store = await openStore(opts.db ?? ':memory:');
  const { feed, broker } = ibAdapters({
    host: '127.0.0.1', port: fake.port, clientId: opts.clientId ?? 21, live: false, lineLimit: opts.lineLimit ?? 100,
    tickIntervalMs: 60, store, now: opts.now, reconnectIntervalMs: 100, commissionGraceMs: 300,
  });
  const kernel = new Kernel({ config, store, feed, broker, clock: new ManualClock(0) });
  const events: KernelEvent[] = [];
  kernel.subscribe((e) => events.push(e));
  return { kernel, store, feed, broker, config, events };
}

/** Steps the kernel until `done` holds (checked after every tick), at most `maxTicks` ticks. */
export async function stepUntil(kernel: Kernel, done: () => boolean | Promise<boolean>, what: string, maxTicks = 200): Promise<number> {
  for (let n = 1; n <= maxTicks; n++) {
    const s = await kernel.step();
    if (!s) throw new Error(`the feed ended while waiting for ${what}`);
    if (await done()) return n;
  }
  throw new Error(`${what} did not happen within ${maxTicks} ticks`);
}

/** The fake's conId of an option leg given as a tickwise contract. */
export function conIdOf(fake: FakeTws, c: { underlying: string; root?: string; expiry: string; strike: number; right: 'call' | 'put' }): number {
  const found = fake.chain.findOption(c.underlying, c.root ?? c.underlying, c.expiry.replaceAll('-', ''), c.strike, c.right === 'call' ? 'C' : 'P');
  if (!found) throw new Error(`the fake does not list ${c.underlying} ${c.expiry} ${c.strike} ${c.right}`);
  return found.conId;
}
