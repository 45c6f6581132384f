/**
 * Raw HTTP/1.1 over a loopback socket, for what app.inject cannot send: absolute-form targets, dot segments and
 * double slashes exactly as written, missing Host headers, oversized header blocks, bytes that are not HTTP.
 */
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** True when the connection was still open (a stream) after `waitMs` and was cut by us. */
  cut: boolean;
}

/** Listens on 127.0.0.1, any free port. */
export async function listenLoopback(app: FastifyInstance): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return addr.port;
}

/** Sends `head` (request line + headers, without the blank line) and `body`; reads until close or `waitMs`. */
export function rawRequest(port: number, head: string, body = '', waitMs = 1500): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let cut = false;
    const timer = setTimeout(() => {
      cut = true;
      socket.destroy();
    }, waitMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (e) => (chunks.length ? undefined : reject(e)));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parse(Buffer.concat(chunks), cut));
    });
    socket.write(`${head}\r\n\r\n${body}`);
  });
}

/** `GET <target> HTTP/1.1` with Host 127.0.0.1 and `connection: close`, plus any extra header lines. */
export function get(port: number, target: string, extra: string[] = [], method = 'GET'): Promise<RawResponse> {
  return rawRequest(port, [`${method} ${target} HTTP/1.1`, `host: 127.0.0.1:${port}`, 'connection: close', ...extra].join('\r\n'));
}

function parse(raw: Buffer, cut: boolean): RawResponse {
  const end = raw.indexOf('\r\n\r\n');
  const head = (end < 0 ? raw : raw.subarray(0, end)).toString('latin1');
  const [statusLine, ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const rest = end < 0 ? Buffer.alloc(0) : raw.subarray(end + 4);
  const body = (headers['transfer-encoding'] === 'chunked' ? dechunk(rest) : rest).toString('utf8');
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0), headers, body, cut };
}

function dechunk(b: Buffer): Buffer {
  const out: Buffer[] = [];
  let rest = b;
  for (;;) {
    const nl = rest.indexOf('\r\n');
    if (nl < 0) return Buffer.concat([...out, rest]);
    const size = parseInt(rest.subarray(0, nl).toString('latin1'), 16);
    if (!size) return Buffer.concat(out);
    out.push(rest.subarray(nl + 2, nl + 2 + size));
    rest = rest.subarray(nl + 2 + size + 2);
  }
}
