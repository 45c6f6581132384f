import { twError } from '../../engine/errors/index.ts';

/** Live-trading ports (TWS 7496, IB Gateway 4001): refused unless `live: true`. */
export const LIVE_PORTS: readonly number[] = [7496, 4001];

export interface IbConnectionOptions {
  host: string;
  /** TWS 7497 paper / 7496 live; IB Gateway 4002 paper / 4001 live. */
  port: number;
  clientId: number;
  /** Required to connect to a live port. */
  live?: boolean;
  /** Outgoing messages per second for the library's single rate limiter (IB allows 50). Default 40. */
  maxReqPerSec?: number;
  /** Delay between reconnect attempts; doubled (up to 30 s) while IB answers 326. Default 2000 ms. */
  reconnectIntervalMs?: number;
  /** How long `connect()` waits for the greeting (nextValidId). Default 10000 ms. */
  connectTimeoutMs?: number;
  /** How long a request (contract details, open orders, …) may take. Default 10000 ms. */
  requestTimeoutMs?: number;
  /** Wall clock for event times; tests may pass their own. */
  now?: () => number;
  /** Receives one structured line per notable event (connection changes, IB errors). */
  log?: (line: { level: 'info' | 'warn' | 'error'; msg: string; [k: string]: unknown }) => void;
}

export type ResolvedConnectionOptions = Required<Omit<IbConnectionOptions, 'log'>> & Pick<IbConnectionOptions, 'log'>;

/** Validates and fills defaults; refuses live ports without `live: true`. */
export function resolveConnectionOptions(o: IbConnectionOptions): ResolvedConnectionOptions {
  if (typeof o.host !== 'string' || o.host.trim() === '') throw twError('TW_IB_BAD_OPTION', { option: 'host', problem: 'missing' });
  if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) throw twError('TW_IB_BAD_OPTION', { option: 'port', problem: `${o.port} is not a port number` });
  if (!Number.isInteger(o.clientId) || o.clientId < 0) throw twError('TW_IB_BAD_OPTION', { option: 'clientId', problem: `${o.clientId} is not a non-negative integer` });
  const maxReqPerSec = o.maxReqPerSec ?? 40;
  if (!(maxReqPerSec >= 1 && maxReqPerSec <= 45)) throw twError('TW_IB_BAD_OPTION', { option: 'maxReqPerSec', problem: `${maxReqPerSec} is outside 1-45 (IB allows 50 messages a second)` });
  if (LIVE_PORTS.includes(o.port) && !o.live) throw twError('TW_IB_LIVE_PORT_REFUSED', { port: o.port });
  return {
    host: o.host, port: o.port, clientId: o.clientId, live: o.live ?? false, maxReqPerSec,
    reconnectIntervalMs: o.reconnectIntervalMs ?? 2000, connectTimeoutMs: o.connectTimeoutMs ?? 10_000,
    requestTimeoutMs: o.requestTimeoutMs ?? 10_000, now: o.now ?? (() => Date.now()), log: o.log,
  };
}
