import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DEFAULT_TEMPLATE, DELIVERY_DEFAULTS, type ResolvedAlerts, type ResolvedChannel } from '../../engine/config/index.ts';
import type { AlertRow, Store } from '../../engine/store/index.ts';

export interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
}

/**
 * A real HTTP receiver on 127.0.0.1. `status` is what it answers; `down()` closes the listening socket (connections
 * are refused) and `up()` listens again on the same port.
 */
export async function receiver(): Promise<{ url: string; got: Received[]; status: number; down(): Promise<void>; up(): Promise<void>; close(): Promise<void> }> {
  const got: Received[] = [];
  const state = { status: 200 };
  let server: Server;
  let port = 0;
  const start = () =>
    new Promise<void>((resolve) => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          got.push({ url: req.url ?? '', headers: req.headers, body, json: body ? JSON.parse(body) : {} });
          res.writeHead(state.status, { 'content-type': 'application/json' }).end(state.status < 300 ? '{"ok":true}' : '{"ok":false,"error":"busy"}');
        });
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  await start();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    got,
    get status() {
      return state.status;
    },
    set status(s: number) {
      state.status = s;
    },
    down: stop,
    up: start,
    close: stop,
  };
}

/** A real SMTP server on 127.0.0.1 (STARTTLS disabled: its built-in certificate is expired, LIBRARIES-NEXT.md §5). */
export async function smtpReceiver(users: Record<string, string> = { alerts: 'pw' }): Promise<{ port: number; mails: { raw: string; from: string; to: string[]; user: string | undefined }[]; close(): Promise<void> }> {
  const mails: { raw: string; from: string; to: string[]; user: string | undefined }[] = [];
  const server = new SMTPServer({
    authOptional: false, allowInsecureAuth: true, disabledCommands: ['STARTTLS'], logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username && users[auth.username] === auth.password) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (c) => (raw += c));
      stream.on('end', () => {
        mails.push({ raw, from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), user: session.user as string | undefined });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export function channel(over: Partial<ResolvedChannel> & Pick<ResolvedChannel, 'name' | 'type'>): ResolvedChannel {
  return { enabled: true, minSeverity: 'info', template: DEFAULT_TEMPLATE, dedupeMinutes: 0, routes: {}, ...over };
}

export function alertsConfig(channels: ResolvedChannel[], delivery: Partial<ResolvedAlerts['delivery']> = {}): ResolvedAlerts {
  return { channels, delivery: { ...DELIVERY_DEFAULTS, initialBackoffSec: 1, maxBackoffSec: 8, timeoutSec: 3, ...delivery } };
}

let seq = 0;
/** Commits a tick holding `alerts` (they get their ids as the kernel's would). */
export async function commitAlerts(store: Store, alerts: Partial<AlertRow>[], time = Date.parse('2026-03-02T15:00:00Z')): Promise<void> {
  seq += 1;
  await store.beginTick();
  await store.commitTick({
    seq, time, configVersion: 'cfg-test',
    alerts: alerts.map((a) => ({ time, severity: 'warning', source: 'broker', positionId: null, message: 'broker disconnected', ...a })),
  });
}

/** 10:00 New York on a March 2026 weekday (EST, UTC−5), plus `minutes`. */
export const NY_10AM = Date.parse('2026-03-02T15:00:00Z');
