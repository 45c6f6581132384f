/**
 * The live stream: Server-Sent Events of what each committed tick did (tick summaries, decisions, transitions,
 * alerts, orders, reloads). Frames come from the app's StreamHub (stream-hub.ts): ids `<seq>.<index>`, the tick's own
 * frame first, a bounded replay buffer. A reconnect with `Last-Event-ID` gets the frames after that id, or a `reset`
 * frame naming the first id it may lack (then it must refetch state over the REST routes). Open streams are ended in
 * `preClose`, so closing the server (Ctrl-C) never waits for a browser tab.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { ApiContext } from './types.ts';
import { errorResponses } from './schemas.ts';
import { healthBody } from './health.ts';
import { DEFAULT_REPLAY_FRAMES, parseId, StreamHub, type Frame } from './stream-hub.ts';
import { FrameStore, safeJson } from './stream-store.ts';

export { safeJson };

export const STREAM_EVENT_TYPES = ['tick', 'decision', 'transition', 'alert', 'order', 'reload'] as const;
const HEARTBEAT_MS = 15_000;
const TYPES_PATTERN = `^(${STREAM_EVENT_TYPES.join('|')})(,(${STREAM_EVENT_TYPES.join('|')}))*$`;

/** One SSE frame: `id:` (when given), `event:` and `data:` lines and a blank line. */
export function sseFrame(type: string, data: unknown, id?: string | null): string {
  return `${id == null ? '' : `id: ${id}\n`}event: ${type}\ndata: ${safeJson(data)}\n\n`;
}

export function streamRoutes(app: FastifyInstance, { kernel }: ApiContext, opts: { replayFrames?: number } = {}): void {
  const clients = new Set<ServerResponse>();
  // The replay buffer is saved to the store and restored from it on start (stream-store.ts): it survives a restart.
  const capacity = opts.replayFrames ?? DEFAULT_REPLAY_FRAMES;
  const frames = new FrameStore(kernel.store.streamFrames(), capacity, (err) => app.log.warn({ err }, 'the stream could not save or restore its frames'));
  const hub = new StreamHub(kernel, capacity, frames);

  app.addHook('preClose', async () => {
    for (const res of clients) res.end();
    clients.clear();
  });
  app.addHook('onReady', async () => hub.ready());
  app.addHook('onClose', async () => hub.close());

  app.get<{ Querystring: { types?: string; lastEventId?: string } }>('/api/stream', {
    schema: {
      summary: 'Live Server-Sent Events: tick, decision, transition, alert, order, reload (text/event-stream); resumes from Last-Event-ID',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          types: { type: 'string', pattern: TYPES_PATTERN, description: 'comma-separated event types to receive (default: all)' },
          lastEventId: { type: 'string', maxLength: 40, description: 'the last frame id seen, for clients that cannot send the Last-Event-ID header' },
        },
      },
      headers: {
        type: 'object',
        properties: { 'last-event-id': { type: 'string', maxLength: 40, description: 'the last frame id seen (`<seq>.<index>`): the frames after it are replayed' } },
      },
      response: errorResponses,
    },
  }, (req, reply) => {
    const wanted = new Set<string>(req.query.types ? req.query.types.split(',') : STREAM_EVENT_TYPES);
    const header = req.headers['last-event-id'];
    const lastEventId = (typeof header === 'string' && header.trim() !== '' ? header : req.query.lastEventId)?.trim();
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    if (req.method === 'HEAD') {
      // HEAD answers the stream's headers only: no body, and the connection is not held open.
      res.end();
      return;
    }
    clients.add(res);
    const send = (f: Frame) => {
      if (wanted.has(f.type)) res.write(sseFrame(f.type, f.data, f.id));
    };
    // Replay and live registration happen in one synchronous block: no frame can fall between them.
    res.write(`retry: 2000\n${sseFrame('hello', { ...healthBody(kernel), lastEventId: hub.lastId() })}`);
    const replay = lastEventId ? hub.resume(lastEventId) : { frames: [] };
    let unlisten: () => void;
    if ('gap' in replay) {
      // Frames that arrive while the store says where to refetch from are held, then sent after the reset.
      const held: Frame[] = [];
      let sendNow: ((f: Frame) => void) | null = null;
      unlisten = hub.listen((f) => (sendNow ? sendNow(f) : held.push(f)));
      void refetchHints(kernel, replay.gap.lastEventId).then((refetch) => {
        if (res.writableEnded || res.destroyed) return;
        res.write(sseFrame('reset', { ...replay.gap, ...refetch }));
        for (const f of held.splice(0)) send(f);
        sendNow = send;
      });
    } else {
      for (const f of replay.frames) send(f);
      unlisten = hub.listen(send);
    }
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const done = () => {
      clearInterval(heartbeat);
      unlisten();
      clients.delete(res);
    };
    res.on('close', done);
    req.raw.on('close', done);
  });
}

/**
 * Where a client told to reset refetches from: the stored time of the last tick it saw (its decisions, transitions
 * and alerts since then are in the store), as ready-made URLs. Null `since` when that tick is not in the store.
 */
async function refetchHints(kernel: ApiContext['kernel'], lastEventId: string): Promise<{ since: number | null; refetch: string[] }> {
  const seq = parseId(lastEventId)?.seq;
  const since = seq === undefined ? null : await kernel.store.reads.tickTime(seq).catch(() => null);
  const from = since === null ? '' : `?from=${since}`;
  return { since, refetch: ['/api/health', '/api/positions', `/api/decisions${from}`, `/api/alerts${from}`] };
}
