/**
 * An EventSource-like client over a loopback socket (node:http): parses SSE frames as the WHATWG spec does (`id:`,
 * `event:`, `data:` lines, blank line ends a frame), remembers the last event id, and reconnects sending it as
 * `Last-Event-ID`, like a browser's EventSource does after a dropped connection.
 */
import { request, type ClientRequest } from 'node:http';

export interface SseFrame {
  id: string | null;
  event: string;
  data: unknown;
}

export class SseClient {
  readonly frames: SseFrame[] = [];
  lastEventId = '';
  #req: ClientRequest | null = null;
  #waiters: { pred: (f: SseFrame[]) => boolean; resolve: () => void }[] = [];
  readonly #port: number;
  readonly #path: string;

  constructor(port: number, path = '/api/stream') {
    this.#port = port;
    this.#path = path;
  }

  /** Opens (or re-opens) the connection, sending `Last-Event-ID` when an id was seen; resolves at the hello frame. */
  connect(): Promise<void> {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (this.lastEventId) headers['last-event-id'] = this.lastEventId;
    const helloCount = this.frames.filter((f) => f.event === 'hello').length;
    const ready = this.waitFor((fs) => fs.filter((f) => f.event === 'hello').length > helloCount);
    let buffer = '';
    this.#req = request({ host: '127.0.0.1', port: this.#port, path: this.#path, headers }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let i;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          this.#block(buffer.slice(0, i));
          buffer = buffer.slice(i + 2);
        }
        this.#check();
      });
    });
    this.#req.on('error', () => undefined);
    this.#req.end();
    return ready;
  }

  /** Drops the connection (as a network blip would). */
  disconnect(): void {
    this.#req?.destroy();
    this.#req = null;
  }

  waitFor(pred: (f: SseFrame[]) => boolean, timeoutMs = 10_000): Promise<void> {
    if (pred(this.frames)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out; frames: ${this.frames.map((f) => `${f.event}#${f.id}`).join(' ')}`)), timeoutMs);
      this.#waiters.push({ pred, resolve: () => (clearTimeout(t), resolve()) });
    });
  }

  #block(block: string): void {
    let event = 'message';
    let id: string | null = null;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const [field, ...rest] = line.split(':');
      const value = rest.join(':').replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
    if (id !== null) this.lastEventId = id;
    if (data.length) this.frames.push({ id, event, data: JSON.parse(data.join('\n')) });
  }

  #check(): void {
    this.#waiters = this.#waiters.filter((w) => (w.pred(this.frames) ? (w.resolve(), false) : true));
  }
}

/** Compares two `<seq>.<index>` ids as pairs. */
export function compareFrameIds(a: string, b: string): number {
  const [as, ai] = a.split('.').map(Number);
  const [bs, bi] = b.split('.').map(Number);
  return as - bs || ai - bi;
}
