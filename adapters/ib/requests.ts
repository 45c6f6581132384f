import { twError } from '../../engine/errors/index.ts';
import type { IbConnection } from './connection.ts';

/**
 * Request/response helpers over the shared connection: start a request, collect the items IB sends for it until its
 * end message, fail on an error for the same request id, a timeout, or a dropped connection.
 */
export interface CollectSpec<T> {
  name: string;
  /** Sends the request; `reqId` is -1 for requests IB answers without one (open orders, positions). */
  send: (reqId: number) => void;
  /** The IB event carrying items, and how to turn its arguments into an item for this request (undefined = not ours). */
  item: [event: string, pick: (reqId: number, ...args: any[]) => T | undefined];
  /** The IB event ending the answer, and whether it is this request's end. */
  end: [event: string, isMine: (reqId: number, ...args: any[]) => boolean];
  /** Extra events observed while the request runs (e.g. orderStatus alongside openOrder). */
  also?: [event: string, fn: (...args: any[]) => void][];
  withReqId: boolean;
  /** Maps an IB error for this request to a thrown error; default: reject with the IB message. */
  onError?: (code: number, message: string) => Error;
}

export function collect<T>(conn: IbConnection, spec: CollectSpec<T>): Promise<T[]> {
  const reqId = spec.withReqId ? conn.nextReqId() : -1;
  const items: T[] = [];
  return new Promise<T[]>((resolve, reject) => {
    const cleanups: (() => void)[] = [];
    const listen = (event: string, fn: (...args: any[]) => void) => {
      conn.on(event, fn);
      cleanups.push(() => conn.off(event, fn));
    };
    const done = (err?: Error) => {
      clearTimeout(timer);
      for (const c of cleanups) c();
      if (err) reject(err);
      else resolve(items);
    };
    const timer = setTimeout(() => done(twError('TW_IB_REQUEST_TIMEOUT', { request: spec.name, ms: conn.options.requestTimeoutMs })),
      conn.options.requestTimeoutMs);
    listen(`ib:${spec.item[0]}`, (...args: any[]) => {
      const x = spec.item[1](reqId, ...args);
      if (x !== undefined) items.push(x);
    });
    listen(`ib:${spec.end[0]}`, (...args: any[]) => {
      if (spec.end[1](reqId, ...args)) done();
    });
    for (const [event, fn] of spec.also ?? []) listen(`ib:${event}`, fn);
    listen('ib:error', (message: string, code: number, id: number) => {
      if (spec.withReqId && id === reqId) done(spec.onError ? spec.onError(code, message) : new Error(`${spec.name}: IB ${code}: ${message}`));
    });
    listen('state', (state: string) => {
      if (state === 'disconnected') done(twError('TW_IB_NOT_CONNECTED', { host: conn.options.host, port: conn.options.port, action: spec.name }));
    });
    try {
      spec.send(reqId);
    } catch (err) {
      done(err as Error);
    }
  });
}

/** Runs requests of one kind one after another (IB answers open orders and positions without a request id). */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
