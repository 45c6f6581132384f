import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { simKernel } from '../../kernel/helpers.ts';
import { buildApi } from '../../../adapters/http/index.ts';
import { TOKEN } from './helpers.ts';
import { compareFrameIds, SseClient, type SseFrame } from './sse-client.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function listening(kernel: Awaited<ReturnType<typeof simKernel>>['kernel'], streamReplayFrames?: number) {
  const app: FastifyInstance = await buildApi({ kernel, token: TOKEN, host: '127.0.0.1', streamReplayFrames });
  await app.listen({ host: '127.0.0.1', port: 0 });
  cleanup.push(() => app.close());
  return { app, port: (app.server.address() as AddressInfo).port };
}

async function runningSim(db?: string) {
  const sim = await simKernel(db ? { db } : {});
  await sim.kernel.start();
  cleanup.push(() => sim.kernel.close());
  return sim;
}

const events = (fs: SseFrame[]) => fs.filter((f) => f.event !== 'hello' && f.event !== 'reset');
const ticksSeen = (fs: SseFrame[]) => fs.filter((f) => f.event === 'tick').length;

describe('stream frame ids', () => {
  it('numbers every frame <seq>.<index>, strictly increasing, with the tick frame first and its events after it', async () => {
    const sim = await runningSim();
    const { port } = await listening(sim.kernel);
    const c = new SseClient(port);
    await c.connect();
    await sim.kernel.run({ maxTicks: 70 });
    await c.waitFor((fs) => ticksSeen(fs) >= 70);
    const fs = events(c.frames);
    expect(fs.every((f) => f.id !== null && /^\d+\.\d+$/.test(f.id))).toBe(true);
    for (let i = 1; i < fs.length; i++) expect(compareFrameIds(fs[i].id!, fs[i - 1].id!)).toBeGreaterThan(0);
    for (const f of fs) {
      const [seq, index] = f.id!.split('.').map(Number);
      if (f.event === 'tick') {
        expect(index).toBe(0);
        expect((f.data as { seq: number }).seq).toBe(seq);
      } else {
        expect(index).toBeGreaterThan(0);
      }
      // A decision carries its own tick's id, not the previous tick's.
      if (f.event === 'decision') expect((f.data as { tickSeq: number }).tickSeq).toBe(seq);
    }
    expect(fs.some((f) => f.event === 'decision')).toBe(true);
  }, 60_000);

  it('sends the hello frame with exactly the field names of /api/health (plus the newest frame id)', async () => {
    const sim = await runningSim();
    await sim.kernel.run({ maxTicks: 3 });
    const { app, port } = await listening(sim.kernel);
    const c = new SseClient(port);
    await c.connect();
    const health = (await app.inject({ url: '/api/health' })).json();
    const hello = c.frames[0].data as Record<string, unknown>;
    expect(Object.keys(hello).sort()).toEqual([...Object.keys(health), 'lastEventId'].sort());
    expect(hello).toMatchObject({ lastTickSeq: 3, tradingState: health.tradingState, brokerStatus: health.brokerStatus });
    c.disconnect();
  }, 60_000);
});

describe('resuming the stream with Last-Event-ID', () => {
  it('replays what a dropped client missed: it ends with the same frames as a client that stayed connected', async () => {
    const sim = await runningSim();
    const { port } = await listening(sim.kernel);
    const steady = new SseClient(port);
    const flaky = new SseClient(port);
    await steady.connect();
    await flaky.connect();
    for (let round = 0; round < 3; round++) {
      await sim.kernel.run({ maxTicks: 4 });
      await flaky.waitFor(() => steady.frames.length === 0 || compareFrameIds(flaky.lastEventId || '0.0', steady.lastEventId) >= 0);
      flaky.disconnect();
      // Ticks run while it is away: 10–16 of them were lost before resuming existed.
      await sim.kernel.run({ maxTicks: 12 });
      await flaky.connect();
    }
    await sim.kernel.run({ maxTicks: 2 });
    await steady.waitFor((fs) => ticksSeen(fs) >= 3 * 16 + 2);
    await flaky.waitFor(() => flaky.lastEventId === steady.lastEventId);
    const ids = (c: SseClient) => events(c.frames).map((f) => `${f.event}#${f.id}`);
    expect(flaky.frames.some((f) => f.event === 'reset')).toBe(false);
    expect(ids(flaky)).toEqual(ids(steady));
    expect(events(flaky.frames).map((f) => f.data)).toEqual(events(steady.frames).map((f) => f.data));
  }, 60_000);

  it('sends a reset naming the first missing id when the frames after Last-Event-ID left the replay buffer', async () => {
    const sim = await runningSim();
    const { port } = await listening(sim.kernel, 8);
    const c = new SseClient(port);
    await c.connect();
    await sim.kernel.run({ maxTicks: 2 });
    await c.waitFor((fs) => ticksSeen(fs) >= 2);
    // The second process restores only its last 3 frames (3.0 4.0 5.0): 2.0 is older than that window.
    const last = '2.0';
    c.disconnect();
    await sim.kernel.run({ maxTicks: 20 });
    await c.connect();
    await c.waitFor((fs) => fs.some((f) => f.event === 'reset'));
    const reset = c.frames.find((f) => f.event === 'reset');
    const [seq, index] = last.split('.').map(Number);
    expect(reset?.data).toMatchObject({ reason: 'evicted', lastEventId: last, firstMissing: `${seq}.${index + 1}` });
    // Nothing older than the reset's oldestAvailable is claimed to follow, and live frames continue after it.
    await sim.kernel.run({ maxTicks: 1 });
    await c.waitFor((fs) => fs.at(-1)?.event !== 'reset' && fs.at(-1)?.event !== 'hello');
    expect(compareFrameIds(c.lastEventId, last)).toBeGreaterThan(0);
  }, 60_000);

  it('across a kernel restart on a file store, sends a reset with where to refetch to an id older than the restored window, then the new ticks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-stream-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'state.duckdb');
    const first = await simKernel({ db });
    await first.kernel.start();
    const a = await buildApi({ kernel: first.kernel, token: TOKEN, host: '127.0.0.1' });
    await a.listen({ host: '127.0.0.1', port: 0 });
    const c = new SseClient((a.server.address() as AddressInfo).port);
    await c.connect();
    await first.kernel.run({ maxTicks: 5 });
    await c.waitFor((fs) => ticksSeen(fs) >= 5);
    // The second process restores only its last 3 frames (3.0 4.0 5.0): 2.0 is older than that window.
    const last = '2.0';
    c.disconnect();
    await a.close();
    await first.kernel.close();

    const second = await runningSim(db);
    const { port } = await listening(second.kernel, 3);
    const resumed = new SseClient(port);
    resumed.lastEventId = last;
    await resumed.connect();
    await resumed.waitFor((fs) => fs.some((f) => f.event === 'reset'));
    const tick2 = c.frames.find((f) => f.event === 'tick' && f.id === '2.0')!.data as { time: number };
    // The reset names the first id the client may lack and, from the store, where to refetch from.
    expect(resumed.frames.find((f) => f.event === 'reset')?.data).toMatchObject({
      reason: 'evicted', lastEventId: last, firstMissing: '2.1', since: tick2.time,
      refetch: ['/api/health', '/api/positions', `/api/decisions?from=${tick2.time}`, `/api/alerts?from=${tick2.time}`],
    });
    await second.kernel.run({ maxTicks: 2 });
    await resumed.waitFor((fs) => ticksSeen(fs) >= 2);
    const ticks = resumed.frames.filter((f) => f.event === 'tick');
    expect(ticks.map((f) => f.id)).toEqual(['6.0', '7.0']);
    // A client that saw a frame of the new process (still in the window of 3) resumes without a gap.
    const probe = new SseClient(port);
    await probe.connect();
    probe.disconnect();
    await resumed.waitFor(() => resumed.lastEventId === (probe.frames[0].data as { lastEventId: string }).lastEventId);
    const penultimate = events(resumed.frames).at(-2)!.id!;
    const again = new SseClient(port);
    again.lastEventId = penultimate;
    await again.connect();
    await again.waitFor((fs) => fs.length > 1);
    expect(again.frames.some((f) => f.event === 'reset')).toBe(false);
    expect(events(again.frames)[0]?.id).toBe(events(resumed.frames).find((f) => compareFrameIds(f.id!, penultimate) > 0)?.id);
    again.disconnect();
    resumed.disconnect();
  }, 60_000);

  it('refuses to pretend: an id ahead of the engine or an unreadable one gets a reset, never silence', async () => {
    const sim = await runningSim();
    await sim.kernel.run({ maxTicks: 2 });
    const { port } = await listening(sim.kernel);
    for (const [id, reason] of [['99.0', 'ahead'], ['garbage', 'unreadable']] as const) {
      const c = new SseClient(port);
      c.lastEventId = id;
      await c.connect();
      await c.waitFor((fs) => fs.some((f) => f.event === 'reset'));
      expect(c.frames.find((f) => f.event === 'reset')?.data).toMatchObject({ reason, lastEventId: id });
      c.disconnect();
    }
  }, 60_000);
});
