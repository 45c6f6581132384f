import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { simKernel } from '../../kernel/helpers.ts';
import { buildApi } from '../../../adapters/http/index.ts';
import { openStore } from '../../../engine/store/index.ts';
import { TOKEN } from './helpers.ts';
import { compareFrameIds, SseClient, type SseFrame } from './sse-client.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

type Sim = Awaited<ReturnType<typeof simKernel>>;

function dbFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tw-stream-restart-'));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'state.duckdb');
}

async function started(db: string): Promise<Sim> {
  const sim = await simKernel({ db });
  await sim.kernel.start();
  return sim;
}

async function serve(kernel: Sim['kernel'], streamReplayFrames?: number): Promise<{ app: FastifyInstance; port: number }> {
  const app = await buildApi({ kernel, token: TOKEN, host: '127.0.0.1', streamReplayFrames });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, port: (app.server.address() as AddressInfo).port };
}

const events = (fs: SseFrame[]) => fs.filter((f) => f.event !== 'hello' && f.event !== 'reset');
const ticksSeen = (fs: SseFrame[]) => fs.filter((f) => f.event === 'tick').length;
const lastTickSeen = (c: SseClient, seq: number) => c.waitFor((fs) => fs.some((f) => f.event === 'tick' && f.id === `${seq}.0`));

function strictlyIncreasing(ids: string[]): boolean {
  return ids.every((id, i) => i === 0 || compareFrameIds(ids[i - 1], id) < 0);
}

/** Waits until `c` has every frame sent so far: the newest id a new connection's hello names. */
async function caughtUp(c: SseClient, port: number): Promise<void> {
  const probe = new SseClient(port);
  await probe.connect();
  probe.disconnect();
  const newest = (probe.frames[0].data as { lastEventId: string }).lastEventId;
  await c.waitFor(() => c.lastEventId === newest);
}

/** Runs the first process: `ticks` ticks with a client that stays connected to the end and one that leaves at `leaveAt`. */
async function firstProcess(db: string, ticks: number, leaveAt: number) {
  const sim = await started(db);
  const { app, port } = await serve(sim.kernel);
  const stayed = new SseClient(port);
  const left = new SseClient(port);
  await stayed.connect();
  await left.connect();
  await sim.kernel.run({ maxTicks: leaveAt });
  await lastTickSeen(left, leaveAt);
  left.disconnect();
  await sim.kernel.run({ maxTicks: ticks - leaveAt });
  await caughtUp(stayed, port);
  stayed.disconnect();
  await app.close();
  await sim.kernel.close();
  return { stayed, left };
}

describe('the stream across a restart', () => {
  it('resumes a client whose last id is in the stored window with no gap and no duplicate, frames equal to the live ones', async () => {
    const db = dbFile();
    const { stayed, left } = await firstProcess(db, 8, 3);
    const seenBefore = events(left.frames).length;
    expect(events(stayed.frames).length).toBeGreaterThan(seenBefore);

    const second = await started(db);
    cleanup.push(() => second.kernel.close());
    const { app, port } = await serve(second.kernel);
    cleanup.push(() => app.close());
    // The same client reconnects to the new server (a browser's EventSource sends its last id by itself).
    const back = new SseClient(port);
    back.lastEventId = left.lastEventId;
    await back.connect();
    await lastTickSeen(back, 8);
    const seen = () => [...events(left.frames), ...events(back.frames)];
    // The frames of the ticks it missed come from the store: the same ids, types and data the connected client got live.
    expect(back.frames.some((f) => f.event === 'reset')).toBe(false);
    expect(seen()).toEqual(events(stayed.frames));

    await second.kernel.run({ maxTicks: 2 });
    await lastTickSeen(back, 10);
    const ids = seen().map((f) => f.id!);
    expect(strictlyIncreasing(ids)).toBe(true);
    expect(ids.filter((id) => id.endsWith('.0')).slice(-3)).toEqual(['8.0', '9.0', '10.0']);
    // A client of the first process that never saw the second resumes to exactly the same frames.
    const late = new SseClient(port);
    late.lastEventId = stayed.lastEventId;
    await late.connect();
    await lastTickSeen(late, 10);
    expect(events(late.frames)).toEqual(seen().slice(events(stayed.frames).length));
    back.disconnect();
    late.disconnect();
  }, 90_000);

  it('sends a reset naming the first missing id to a client whose id is older than the restored window', async () => {
    const db = dbFile();
    const { stayed } = await firstProcess(db, 6, 2);
    const second = await started(db);
    cleanup.push(() => second.kernel.close());
    const { app, port } = await serve(second.kernel, 4);
    cleanup.push(() => app.close());
    const old = new SseClient(port);
    old.lastEventId = '1.0';
    await old.connect();
    await old.waitFor((fs) => fs.some((f) => f.event === 'reset'));
    const tick1 = stayed.frames.find((f) => f.id === '1.0')!.data as { time: number };
    expect(old.frames.find((f) => f.event === 'reset')?.data).toMatchObject({
      reason: 'evicted', lastEventId: '1.0', firstMissing: '1.1', oldestAvailable: events(stayed.frames).slice(-4)[0].id, since: tick1.time,
    });
    // The newest of the window resumes: the last frame the first process sent is followed by the second's first.
    const recent = new SseClient(port);
    recent.lastEventId = events(stayed.frames).slice(-4)[0].id!;
    await recent.connect();
    expect(events(recent.frames)).toEqual(events(stayed.frames).slice(-3));
    await second.kernel.run({ maxTicks: 1 });
    await lastTickSeen(recent, 7);
    expect(recent.frames.some((f) => f.event === 'reset')).toBe(false);
    old.disconnect();
    recent.disconnect();
  }, 90_000);

  it('does not restore a window that misses frames of a committed tick: the client gets a reset (restarted)', async () => {
    const db = dbFile();
    const first = await started(db);
    const { app: a, port: pa } = await serve(first.kernel);
    const c = new SseClient(pa);
    await c.connect();
    await first.kernel.run({ maxTicks: 3 });
    await lastTickSeen(c, 3);
    c.disconnect();
    await a.close();
    // Ticks 4 and 5 commit with no stream to save their frames: the stored window ends before the last tick.
    await first.kernel.run({ maxTicks: 2 });
    await first.kernel.close();

    const second = await started(db);
    cleanup.push(() => second.kernel.close());
    const { app, port } = await serve(second.kernel);
    cleanup.push(() => app.close());
    const r = new SseClient(port);
    r.lastEventId = '2.0';
    await r.connect();
    await r.waitFor((fs) => fs.some((f) => f.event === 'reset'));
    expect(r.frames.find((f) => f.event === 'reset')?.data).toMatchObject({ reason: 'restarted', lastEventId: '2.0', firstMissing: '2.1' });
    expect(events(r.frames)).toEqual([]);
    r.disconnect();
  }, 90_000);
});

describe('the stored frame log', () => {
  it('keeps only the newest frames and drops those of ticks after the last committed one', async () => {
    const store = await openStore(':memory:');
    cleanup.push(() => store.close());
    const log = await store.streamFrames();
    const frame = (seq: number, idx: number) => ({ seq, idx, type: 'tick', data: JSON.stringify({ seq, idx }) });
    await log.append([frame(1, 0), frame(1, 1), frame(2, 0)], 3);
    await log.append([frame(3, 0), frame(3, 1)], 3);
    expect((await log.load(9, 10)).map((f) => `${f.seq}.${f.idx}`)).toEqual(['2.0', '3.0', '3.1']);
    // Bounded with a quarter of slack: pruned to the newest 8 once it holds more than 10.
    for (let seq = 4; seq <= 10; seq++) await log.append([frame(seq, 0)], 8);
    expect((await log.load(10, 100)).map((f) => f.seq)).toEqual([2, 3, 3, 4, 5, 6, 7, 8, 9, 10]);
    await log.append([frame(11, 0)], 8);
    expect((await log.load(11, 100)).map((f) => f.seq)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    expect((await log.load(11, 3)).map((f) => f.seq)).toEqual([9, 10, 11]);
    // Frames of ticks after the last committed one are deleted, not just skipped.
    expect((await log.load(6, 100)).map((f) => f.seq)).toEqual([4, 5, 6]);
    expect(await log.load(9, 10)).toEqual([frame(4, 0), frame(5, 0), frame(6, 0)]);
  });
});
