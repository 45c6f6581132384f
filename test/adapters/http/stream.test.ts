import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simKernel } from '../../kernel/helpers.ts';
import { buildApi } from '../../../adapters/http/index.ts';
import { TOKEN } from './helpers.ts';

let sim: Awaited<ReturnType<typeof simKernel>>;

beforeAll(async () => {
  sim = await simKernel();
  await sim.kernel.start();
  await sim.kernel.run({ maxTicks: 5 });
}, 60_000);

afterAll(async () => {
  await sim?.kernel.close();
});

/** Opens the stream and collects parsed frames until `enough` says stop. */
function openStream(port: number, path: string) {
  const frames: { event: string; data: unknown }[] = [];
  let buffer = '';
  let resolveWhen: (() => void) | null = null;
  let until: ((f: typeof frames) => boolean) | null = null;
  let ended = false;
  let markEnded: () => void = () => {};
  const endedPromise = new Promise<void>((r) => {
    markEnded = r;
  });
  const req = request({ host: '127.0.0.1', port, path, headers: { accept: 'text/event-stream' } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let i;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) frames.push({ event, data: JSON.parse(data) });
      }
      if (until?.(frames)) resolveWhen?.();
    });
    res.on('end', () => {
      ended = true;
      markEnded();
    });
  });
  req.end();
  return {
    frames,
    ended: () => ended,
    endedPromise,
    waitFor: (pred: (f: typeof frames) => boolean) => new Promise<void>((resolve) => {
      if (pred(frames)) return resolve();
      until = pred;
      resolveWhen = resolve;
    }),
  };
}

describe('the live stream', () => {
  it('sends a hello with the status, then every committed tick, its transitions and decisions, as SSE', async () => {
    const app = await buildApi({ kernel: sim.kernel, token: TOKEN, host: '127.0.0.1' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const s = openStream(port, '/api/stream');
    await s.waitFor((f) => f.some((x) => x.event === 'hello'));
    expect(s.frames[0]).toMatchObject({ event: 'hello', data: { lastTickSeq: 5, tradingState: 'ACTIVE' } });
    await sim.kernel.run({ maxTicks: 3 });
    await s.waitFor((f) => f.filter((x) => x.event === 'tick').length >= 3);
    const ticks = s.frames.filter((x) => x.event === 'tick').map((x) => (x.data as { seq: number }).seq);
    expect(ticks).toEqual([6, 7, 8]);
    // Closing the server with a client still connected must not hang: preClose ends the stream first.
    await app.close();
    await s.endedPromise;
    expect(s.ended()).toBe(true);
  }, 60_000);

  it('filters events by type', async () => {
    const app = await buildApi({ kernel: sim.kernel, token: TOKEN, host: '127.0.0.1' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const s = openStream(port, '/api/stream?types=transition,alert');
    await s.waitFor((f) => f.length >= 1);
    await sim.kernel.run({ maxTicks: 3 });
    await new Promise((r) => setTimeout(r, 50));
    expect(s.frames.map((f) => f.event).every((e) => ['hello', 'transition', 'alert'].includes(e))).toBe(true);
    const bad = await app.inject({ url: '/api/stream?types=everything' });
    expect(bad.statusCode).toBe(400);
    await app.close();
  }, 60_000);

  it('answers HEAD with the stream headers only and ends the response (a HEAD never holds a connection open)', async () => {
    const app = await buildApi({ kernel: sim.kernel, token: TOKEN, host: '127.0.0.1' });
    const r = await app.inject({ method: 'HEAD', url: '/api/stream' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(r.body).toBe('');
    await app.close();
  }, 60_000);
});
