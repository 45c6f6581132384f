import { EventEmitter } from 'node:events';
import { EventName, IBApi } from '@stoqey/ib';
import { twError, type TickwiseError } from '../../engine/errors/index.ts';
import { resolveConnectionOptions, type IbConnectionOptions, type ResolvedConnectionOptions } from './options.ts';
import { DataFarmStatus } from './data-farms.ts';

const FARM_CODES: Readonly<Record<number, true>> = { 2103: true, 2104: true, 2105: true, 2106: true, 2107: true, 2108: true, 2158: true, 2110: true };

export type IbConnectionState = 'disconnected' | 'connecting' | 'connected' | 'degraded';

/** IB events the connection forwards from whichever IBApi socket is current (`conn.on('ib:<name>', …)`). */
const FORWARDED = [
  EventName.tickPrice, EventName.tickSize, EventName.tickOptionComputation, EventName.tickSnapshotEnd,
  EventName.orderStatus, EventName.openOrder, EventName.openOrderEnd, EventName.execDetails, EventName.execDetailsEnd,
  EventName.commissionReport, EventName.position, EventName.positionEnd, EventName.contractDetails,
  EventName.contractDetailsEnd, EventName.securityDefinitionOptionParameter, EventName.securityDefinitionOptionParameterEnd,
] as const;

/** Info/error codes that describe the connection rather than a request. */
const CODE_CLIENT_ID_IN_USE = 326;
const CODE_LOST = 1100;
const CODE_RESTORED_DATA_LOST = 1101;
const CODE_RESTORED_DATA_KEPT = 1102;
const CODE_TWS_SERVER_BROKEN = 2110;
const CODE_CONNECT_FAIL = 502;
const CODE_NOT_CONNECTED = 504;

/**
 * One API connection to TWS / IB Gateway, shared by the IB feed and broker. It owns the @stoqey/ib `IBApi` socket
 * (a fresh one per connection attempt, so nothing queued on a dead socket is ever sent later), the connection state,
 * reconnects with back-off, order and request ids, and forwards IB's events. Every outgoing message goes through the
 * library's single rate limiter, configured with `maxReqPerSec` (default 40, below IB's 50).
 *
 * Events: `state` (state, detail) · `ready` ({ reconnect }) after every greeting · `dataLost` (1101) · `dataKept` (1102)
 * · `ib:error` (message, code, reqId) for request/order errors · `ib:<EventName>` for the forwarded IB events.
 */
export class IbConnection {
  readonly options: ResolvedConnectionOptions;
  private api: IBApi | null = null;
  private current: IbConnectionState = 'disconnected';
  private readonly emitter = new EventEmitter();
  private orderId = 0;
  private reqId = 1;
  private closed = false;
  private everReady = false;
  private sessionReady = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private backoffMs: number;
  /** Data farms and connectivity as TWS reports them (2103/2104, 2105/2106, 1100/1102): the feed's dataStatus. */
  readonly dataFarms = new DataFarmStatus();
  /** The last connection-level error (326, connect failure), for status and logs. */
  lastError: TickwiseError | null = null;

  constructor(options: IbConnectionOptions) {
    this.options = resolveConnectionOptions(options);
    this.backoffMs = this.options.reconnectIntervalMs;
    this.emitter.setMaxListeners(0);
  }

  get state(): IbConnectionState {
    return this.current;
  }

  /** True while requests can be sent (connected or degraded: TWS is up even if IB's servers are not). */
  isUp(): boolean {
    return this.sessionReady && (this.current === 'connected' || this.current === 'degraded');
  }

  on(event: string, fn: (...args: any[]) => void): this {
    this.emitter.on(event, fn);
    return this;
  }

  off(event: string, fn: (...args: any[]) => void): this {
    this.emitter.off(event, fn);
    return this;
  }

  /** The current socket's API, for sending; throws a coded, retryable error while the connection is down. */
  ib(action: string): IBApi {
    if (!this.api || !this.isUp()) throw twError('TW_IB_NOT_CONNECTED', { host: this.options.host, port: this.options.port, action });
    return this.api;
  }

  nextReqId(): number {
    return this.reqId++;
  }

  /** Order ids start at IB's nextValidId and increase locally (ids persist per client id across sessions). */
  nextOrderId(): number {
    return this.orderId++;
  }

  now(): number {
    return this.options.now();
  }

  /** Connects and resolves after IB's greeting; rejects with TW_IB_CLIENT_ID_IN_USE or TW_IB_CONNECT_FAILED. */
  connect(): Promise<void> {
    if (this.isUp()) return Promise.resolve();
    if (this.everReady && !this.closed) return this.waitReady();
    if (this.pending) return this.pending;
    this.closed = false;
    this.pending = this.firstConnect().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private pending: Promise<void> | null = null;

  /** While reconnecting on its own: wait for the next greeting, or fail after connectTimeoutMs. */
  private waitReady(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('ready', onReady);
        reject(twError('TW_IB_NOT_CONNECTED', { host: this.options.host, port: this.options.port, action: 'connect' }));
      }, this.options.connectTimeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        this.off('ready', onReady);
        resolve();
      };
      this.on('ready', onReady);
    });
  }

  private firstConnect(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => finish(twError('TW_IB_CONNECT_FAILED', { host: this.options.host, port: this.options.port,
        reason: `no greeting within ${this.options.connectTimeoutMs} ms` })), this.options.connectTimeoutMs);
      const finish = (err?: TickwiseError) => {
        clearTimeout(timer);
        this.off('ready', onReady);
        this.off('attemptFailed', onFail);
        if (err) {
          this.closed = true;
          this.dropApi();
          this.setState('disconnected', err.message);
          reject(err);
        } else resolve();
      };
      const onReady = () => finish();
      const onFail = (err: TickwiseError) => finish(err);
      this.on('ready', onReady);
      this.on('attemptFailed', onFail);
      this.attempt();
    });
  }

  private users = 0;

  /** The feed and the broker each hold the shared connection; it closes when the last one lets go. */
  retain(): void {
    this.users++;
  }

  async release(): Promise<void> {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0) await this.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.dropApi();
    this.setState('disconnected', 'closed');
  }

  private dropApi(): void {
    const api = this.api;
    this.api = null;
    this.sessionReady = false;
    if (api) {
      try {
        api.disconnect();
      } catch {
        // the socket may already be gone
      }
    }
  }

  private attempt(): void {
    this.dropApi();
    // A new socket starts clean: TWS re-sends the state of its farms in the greeting.
    this.dataFarms.reset();
    const { host, port, clientId, maxReqPerSec } = this.options;
    const api = new IBApi({ host, port, clientId, maxReqPerSec });
    this.api = api;
    const mine = () => api === this.api;
    // An EventEmitter without an 'error' listener throws: keep one on every socket, current or not.
    api.on(EventName.error, (err: Error, code: number, reqId: number) => {
      if (mine()) this.onIbMessage(err?.message ?? String(err), code, reqId);
    });
    api.on(EventName.info, (message: string, code: number) => {
      if (mine()) this.onIbMessage(message, code, -1);
    });
    api.on(EventName.nextValidId, (id: number) => {
      if (!mine()) return;
      this.orderId = Math.max(this.orderId, id);
      if (!this.sessionReady) {
        this.sessionReady = true;
        const reconnect = this.everReady;
        this.everReady = true;
        this.backoffMs = this.options.reconnectIntervalMs;
        this.lastError = null;
        this.setState('connected', reconnect ? 'reconnected' : 'connected');
        this.emitter.emit('ready', { reconnect });
      }
    });
    api.on(EventName.disconnected, () => {
      if (mine()) this.onSocketClosed();
    });
    for (const name of FORWARDED) {
      (api as unknown as EventEmitter).on(name, (...args: unknown[]) => {
        if (!mine()) return;
        // A throwing listener must not break the library's decoder loop (it would drop the rest of the message batch).
        try {
          this.emitter.emit(`ib:${name}`, ...args);
        } catch (err) {
          this.log('error', `IB ${name} handler failed: ${(err as Error).stack ?? err}`);
        }
      });
    }
    this.setState('connecting');
    api.connect(clientId);
  }

  private onIbMessage(message: string, code: number, reqId: number): void {
    const { host, port, clientId } = this.options;
    if (reqId === -1 && this.dataFarms.onMessage(code, message, this.now()) && code >= 2100) this.log(code === 2103 || code === 2105 ? 'warn' : 'info', message, { code });
    switch (code) {
      case CODE_CLIENT_ID_IN_USE:
        this.lastError = twError('TW_IB_CLIENT_ID_IN_USE', { clientId, host, port });
        this.backoffMs = Math.min(this.backoffMs * 2, 30_000);
        this.log('error', this.lastError.message, { code });
        this.emitter.emit('attemptFailed', this.lastError);
        return;
      case CODE_LOST:
      case CODE_TWS_SERVER_BROKEN:
        this.setState('degraded', `IB ${code}: ${message}`);
        return;
      case CODE_RESTORED_DATA_LOST:
        this.setState('connected', `IB ${code}: ${message}`);
        this.emitter.emit('dataLost');
        return;
      case CODE_RESTORED_DATA_KEPT:
        this.setState('connected', `IB ${code}: ${message}`);
        this.emitter.emit('dataKept');
        return;
      case CODE_CONNECT_FAIL:
        if (!this.sessionReady) {
          this.lastError = twError('TW_IB_CONNECT_FAILED', { host, port, reason: message });
          this.emitter.emit('attemptFailed', this.lastError);
        }
        return;
      case CODE_NOT_CONNECTED:
        return;
      default:
        if (code >= 2100 && code < 2200) {
          if (!(code in FARM_CODES)) this.log('info', message, { code });
          return;
        }
        this.log(reqId === -1 ? 'warn' : 'info', message, { code, reqId });
        this.emitter.emit('ib:error', message, code, reqId);
    }
  }

  private onSocketClosed(): void {
    const wasReady = this.sessionReady;
    this.sessionReady = false;
    if (this.closed) return;
    this.setState('disconnected', this.lastError?.message ?? 'socket closed');
    if (!wasReady && !this.everReady) {
      this.emitter.emit('attemptFailed', this.lastError ?? twError('TW_IB_CONNECT_FAILED', { host: this.options.host, port: this.options.port, reason: 'connection closed' }));
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.log('warn', `reconnecting in ${this.backoffMs} ms`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.closed) this.attempt();
    }, this.backoffMs);
  }

  private setState(state: IbConnectionState, detail?: string): void {
    if (state === this.current && state !== 'connected') return;
    const changed = state !== this.current;
    this.current = state;
    if (changed || detail) {
      this.log(state === 'connected' ? 'info' : 'warn', `IB connection ${state}${detail ? `: ${detail}` : ''}`);
      this.emitter.emit('state', state, detail);
    }
  }

  private log(level: 'info' | 'warn' | 'error', msg: string, extra: Record<string, unknown> = {}): void {
    this.options.log?.({ level, msg, component: 'ib', ...extra });
  }
}

/** Creates the shared connection; call `connect()` (or let the broker / feed do it). */
export function createIbConnection(options: IbConnectionOptions): IbConnection {
  return new IbConnection(options);
}
