/**
 * The live stream: Server-Sent Events of what each committed tick did (tick summaries, decisions, transitions,
 * alerts, orders, reloads), straight from `kernel.subscribe`. Open streams are ended in `preClose`, so closing the
 * server (Ctrl-C) never waits for a browser tab.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { KernelEvent } from '../../engine/kernel/index.ts';
import type { ApiContext } from './types.ts';
import { errorResponses } from './schemas.ts';

export const STREAM_EVENT_TYPES = ['tick', 'decision', 'transition', 'alert', 'order', 'reload'] as const;
const HEARTBEAT_MS = 15_000;

/** JSON that survives BigInt (as a decimal string) and never throws on a cycle-free value. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}

/** One SSE frame: `event:` + `data:` lines and a blank line; `id:` is the tick sequence when known. */
export function sseFrame(type: string, data: unknown, id?: number): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${type}\ndata: ${safeJson(data)}\n\n`;
}

export function streamRoutes(app: FastifyInstance, { kernel }: ApiContext): void {
  const clients = new Set<ServerResponse>();

  app.addHook('preClose', async () => {
    for (const res of clients) res.end();
    clients.clear();
  });

  app.get<{ Querystring: { types?: string } }>('/api/stream', {
    schema: {
      summary: 'Live Server-Sent Events: tick, decision, transition, alert, order, reload (text/event-stream)',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { types: { type: 'string', pattern: `^(${STREAM_EVENT_TYPES.join('|')})(,(${STREAM_EVENT_TYPES.join('|')}))*$`, description: 'comma-separated event types to receive (default: all)' } },
      },
      response: errorResponses,
    },
  }, (req, reply) => {
    const wanted = new Set(req.query.types ? req.query.types.split(',') : STREAM_EVENT_TYPES);
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
    res.write(`retry: 2000\n${sseFrame('hello', kernel.status())}`);
    let lastSeq = kernel.status().seq;
    const unsubscribe = kernel.subscribe((e: KernelEvent) => {
      if (e.type === 'tick') lastSeq = e.summary.seq;
      if (!wanted.has(e.type)) return;
      res.write(sseFrame(e.type, payload(e), e.type === 'tick' ? e.summary.seq : lastSeq));
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const done = () => {
      clearInterval(heartbeat);
      unsubscribe();
      clients.delete(res);
    };
    res.on('close', done);
    req.raw.on('close', done);
  });
}

function payload(e: KernelEvent): unknown {
  switch (e.type) {
    case 'tick': return e.summary;
    case 'decision': return e.decision;
    case 'transition': return e.transition;
    case 'alert': return e.alert;
    case 'order': return e.order;
    case 'reload': return { version: e.version, ok: e.ok, detail: e.detail };
  }
}
