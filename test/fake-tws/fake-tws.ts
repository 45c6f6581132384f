import net from 'node:net';
import { FakeChain, builtInUnderlyings, type FakeContract, type FakeQuote, type UnderlyingSpec } from './chain.ts';
import * as cm from './client-messages.ts';
import * as msg from './messages.ts';
import { OrderEngine, execTime, type FillMode } from './order-engine.ts';
import { FrameReader, frame, parseVersionRange, type Field } from './wire.ts';

export interface FakeTwsOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  serverVersion?: number;
  underlyings?: UnderlyingSpec[];
  now?: () => number;
  /** Log every message in and out to stderr. */
  verbose?: boolean;
  /**
   * A fake TWS that was stopped: this one starts with its order book (orders, executions, positions, order ids and
   * the log of PLACE_ORDERs), as a real TWS keeps its orders across a restart of the program or the network.
   */
  from?: FakeTws;
}

/**
 * Sees every client message before the fake handles it. Return true to swallow it (the fake then does nothing, as
 * if it was lost); `handle()` processes it later (a slow TWS).
 */
export type Interceptor = (fields: readonly string[], handle: () => void) => boolean | void;

interface Session {
  socket: net.Socket;
  reader: FrameReader;
  clientId: number | null;
  /** reqId → conId of live (streaming) market data. */
  lines: Map<number, number>;
  greeted: boolean;
}

/**
 * A fake TWS / IB Gateway on loopback that speaks the real wire protocol (server version 193) to the real
 * @stoqey/ib client. Scriptable from tests: quotes, fill behaviour, rejections, repeated statuses, dropped
 * connections, 1100/1101/1102 and 326; counts what the client sends per second.
 */
export class FakeTws {
  readonly chain: FakeChain;
  readonly engine: OrderEngine;
  readonly serverVersion: number;
  /** Every client message received: time (ms) and fields. */
  readonly received: { at: number; fields: string[] }[] = [];
  /** Messages that the fake could not interpret (unknown ids are recorded, not fatal). */
  readonly unhandled: string[][] = [];
  private readonly server: net.Server;
  private readonly sessions = new Set<Session>();
  private readonly overrides = new Map<number, Partial<FakeQuote>>();
  private readonly nextIds = new Map<number, number>();
  private accepting = true;
  private dataPaused = false;
  private readonly verbose: boolean;
  private readonly now: () => number;
  private interceptor: Interceptor | null = null;
  port = 0;

  constructor(opts: FakeTwsOptions = {}) {
    this.now = opts.now ?? (() => Date.now());
    this.serverVersion = opts.serverVersion ?? msg.SERVER_VERSION;
    this.verbose = opts.verbose ?? false;
    this.chain = new FakeChain(opts.underlyings ?? builtInUnderlyings(this.now()), this.now);
    this.engine = new OrderEngine(this.chain, (clientId, fields) => this.sendToClient(clientId, fields), this.now, (c) => this.quote(c.conId));
    this.server = net.createServer((socket) => this.onSocket(socket));
    if (opts.from) {
      this.engine.takeBook(opts.from.engine);
      for (const [clientId, id] of opts.from.nextIds) this.nextIds.set(clientId, id);
    }
  }

  listen(port = 0, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.port = (this.server.address() as net.AddressInfo).port;
        resolve(this.port);
      });
    });
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.socket.destroy();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- scripting API -------------------------------------------------------------------------------------------

  /** Overrides a contract's quote (by conId) and pushes it to every line streaming it. */
  setQuote(conId: number, quote: Partial<FakeQuote>): void {
    this.overrides.set(conId, { ...this.overrides.get(conId), ...quote });
    this.pushQuote(conId);
    if (this.engine.fill.mode === 'marketable') for (const o of this.engine.orders.values()) this.engine.tryMarketable(o);
  }

  /** Moves an underlying; model quotes of its options move with it. */
  setUnderlying(symbol: string, price: number): void {
    const u = this.chain.underlyings.get(symbol);
    if (!u) throw new Error(`unknown underlying ${symbol}`);
    u.price = price;
    for (const s of this.sessions) for (const conId of new Set(s.lines.values())) this.pushQuote(conId);
    if (this.engine.fill.mode === 'marketable') for (const o of this.engine.orders.values()) this.engine.tryMarketable(o);
  }

  quote(conId: number): FakeQuote {
    const c = this.chain.get(conId);
    if (!c) throw new Error(`unknown conId ${conId}`);
    return { ...this.chain.modelQuote(c), ...this.overrides.get(conId) };
  }

  fillMode(mode: FillMode): void {
    this.engine.fill = mode;
  }

  /** Every ORDER_STATUS is sent this many times (TWS repeats statuses). */
  repeatStatus(times: number): void {
    this.engine.repeatStatus = times;
  }

  /** Fills units of a working order (by orderRef or orderId). */
  fill(ref: string | number, units?: number, netPrice?: number): void {
    const o = this.order(ref);
    this.engine.fillUnits(o, units ?? o.totalQuantity - o.filled, netPrice);
  }

  order(ref: string | number) {
    const o = typeof ref === 'number' ? this.engine.orders.get(ref) : [...this.engine.orders.values()].find((x) => x.orderRef === ref);
    if (!o) throw new Error(`no order ${ref}`);
    return o;
  }

  /** How many PLACE_ORDER messages carried this orderRef (modifications count too). */
  placeOrderCount(orderRef: string): number {
    return this.engine.placed.filter((p) => p.orderRef === orderRef).length;
  }

  /** Adds a position the fake reports (e.g. one opened by hand in TWS). */
  addPosition(conId: number, pos: number, avgCost: number): void {
    this.engine.positions.set(conId, { pos, avgCost });
  }

  /** Closes every client socket at once, as when TWS restarts or the network drops. */
  dropConnection(): void {
    for (const s of this.sessions) s.socket.destroy();
    this.sessions.clear();
  }

  /** Every client message goes through `fn` first (null removes it). */
  intercept(fn: Interceptor | null): void {
    this.interceptor = fn;
  }

  /** While false, new connections are closed at once (TWS down). */
  setAccepting(accepting: boolean): void {
    this.accepting = accepting;
  }

  /** Sends an error/info message to every connected client (id -1 arrives as info). */
  sendError(code: number, id = -1, text = `fake TWS message ${code}`): void {
    for (const s of this.sessions) this.write(s, msg.errMsg(id, code, text));
  }

  /** 1100: TWS lost its connection to IB; market data stops. */
  connectivityLost(): void {
    this.dataPaused = true;
    this.sendError(1100, -1, 'Connectivity between IB and Trader Workstation has been lost.');
  }

  /** 1101 (data lost: subscriptions dropped, the client must resubscribe) or 1102 (data maintained). */
  connectivityRestored(dataLost: boolean): void {
    this.dataPaused = false;
    if (dataLost) for (const s of this.sessions) s.lines.clear();
    this.sendError(dataLost ? 1101 : 1102, -1, dataLost
      ? 'Connectivity between IB and TWS has been restored- data lost.'
      : 'Connectivity between IB and TWS has been restored- data maintained.');
    if (!dataLost) for (const s of this.sessions) for (const conId of new Set(s.lines.values())) this.pushQuote(conId);
  }

  /** Streaming market-data lines currently open across clients. */
  linesOpen(): number {
    let n = 0;
    for (const s of this.sessions) n += s.lines.size;
    return n;
  }

  connectedClientIds(): number[] {
    return [...this.sessions].map((s) => s.clientId).filter((x): x is number => x !== null);
  }

  /** The largest number of client messages received inside any window of `windowMs`. */
  maxMessagesInWindow(windowMs = 1000): number {
    let best = 0;
    let start = 0;
    for (let end = 0; end < this.received.length; end++) {
      while (this.received[end].at - this.received[start].at >= windowMs) start++;
      best = Math.max(best, end - start + 1);
    }
    return best;
  }

  // ---- protocol ----------------------------------------------------------------------------------------------

  private onSocket(socket: net.Socket): void {
    if (!this.accepting) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true); // small frames go out at once, as from TWS (no Nagle delay in tests)
    const s: Session = { socket, reader: new FrameReader(), clientId: null, lines: new Map(), greeted: false };
    this.sessions.add(s);
    socket.on('data', (chunk) => {
      let messages: string[][];
      try {
        messages = s.reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      if (s.reader.hello && !s.greeted) this.greet(s);
      for (const m of messages) {
        this.received.push({ at: Date.now(), fields: m });
        if (this.verbose) process.stderr.write(`fake-tws <- ${m.join('|')}\n`);
        if (this.interceptor?.(m, () => this.handle(s, m)) === true) continue;
        this.handle(s, m);
      }
    });
    socket.on('close', () => this.sessions.delete(s));
    socket.on('error', () => this.sessions.delete(s));
  }

  private greet(s: Session): void {
    s.greeted = true;
    const { min, max } = parseVersionRange(s.reader.hello!);
    const version = Math.min(Math.max(this.serverVersion, min), max);
    this.write(s, [version, connectionTime(this.now())]);
  }

  private write(s: Session, fields: Field[]): void {
    if (this.verbose) process.stderr.write(`fake-tws -> ${fields.join('|')}\n`);
    if (!s.socket.destroyed) s.socket.write(frame(fields));
  }

  private sendToClient(clientId: number, fields: Field[]): void {
    for (const s of this.sessions) if (s.clientId === clientId) this.write(s, fields);
  }

  private handle(s: Session, f: string[]): void {
    const id = Number(f[0]);
    switch (id) {
      case 71: return this.startApi(s, Number(f[2]));
      case 1: return this.reqMktData(s, f);
      case 2: s.lines.delete(Number(f[2])); return;
      case 3: return this.engine.place(s.clientId ?? 0, cm.parsePlaceOrder(f));
      case 4: return this.engine.cancel(s.clientId ?? 0, Number(f[1]));
      case 5: case 15: return this.sendOpenOrders(s, false);
      case 16: return this.sendOpenOrders(s, true);
      case 7: return this.sendExecutions(s, cm.parseReqExecutions(f));
      case 8: return this.write(s, msg.nextValidId(this.nextId(s.clientId ?? 0)));
      case 9: return this.contractDetails(s, cm.parseReqContractData(f));
      case 17: return this.write(s, msg.managedAccounts(this.engine.account));
      case 49: return this.write(s, msg.currentTime(Math.floor(this.now() / 1000)));
      case 59: case 64: return;
      case 61: return this.sendPositions(s);
      case 78: return this.secDefOptParams(s, cm.parseReqSecDefOptParams(f));
      default: this.unhandled.push(f);
    }
  }

  private startApi(s: Session, clientId: number): void {
    const taken = [...this.sessions].some((o) => o !== s && o.clientId === clientId);
    if (taken) {
      this.write(s, msg.errMsg(-1, 326, `Unable to connect as the client id is already in use. Retry with a unique client id.`));
      setTimeout(() => s.socket.destroy(), 20);
      return;
    }
    s.clientId = clientId;
    this.write(s, msg.nextValidId(this.nextId(clientId)));
    this.write(s, msg.managedAccounts(this.engine.account));
    this.write(s, msg.errMsg(-1, 2104, 'Market data farm connection is OK:usfarm'));
    this.write(s, msg.errMsg(-1, 2106, 'HMDS data farm connection is OK:ushmds'));
  }

  /** Order ids persist per client id across sessions: the next id is above every id that client used. */
  private nextId(clientId: number): number {
    let max = this.nextIds.get(clientId) ?? 1;
    for (const o of this.engine.orders.values()) if (o.clientId === clientId) max = Math.max(max, o.orderId + 1);
    return max;
  }

  private reqMktData(s: Session, f: string[]): void {
    const { reqId, contract, snapshot } = cm.parseReqMktData(f);
    const [c] = this.chain.match(contract);
    if (!c) {
      this.write(s, msg.errMsg(reqId, 200, 'No security definition has been found for the request'));
      return;
    }
    this.sendQuote(s, reqId, c);
    if (snapshot) this.write(s, msg.tickSnapshotEnd(reqId));
    else s.lines.set(reqId, c.conId);
  }

  private pushQuote(conId: number): void {
    if (this.dataPaused) return;
    const c = this.chain.get(conId);
    if (!c) return;
    for (const s of this.sessions) for (const [reqId, id] of s.lines) if (id === conId) this.sendQuote(s, reqId, c);
  }

  private sendQuote(s: Session, reqId: number, c: FakeContract): void {
    const q = this.quote(c.conId);
    this.write(s, msg.tickPrice(reqId, 1, q.bid, q.bidSize ?? 0));
    this.write(s, msg.tickPrice(reqId, 2, q.ask, q.askSize ?? 0));
    this.write(s, msg.tickSize(reqId, 0, q.bidSize ?? 0));
    if (q.last !== undefined) this.write(s, msg.tickPrice(reqId, 4, q.last, 1));
    if (q.close !== undefined) this.write(s, msg.tickPrice(reqId, 9, q.close, ''));
    if (c.secType === 'OPT') this.write(s, msg.tickOptionComputation(reqId, 13, q, (q.bid + q.ask) / 2));
  }

  private contractDetails(s: Session, r: { reqId: number; contract: cm.ContractQuery }): void {
    const found = this.chain.match(r.contract);
    if (found.length === 0) {
      this.write(s, msg.errMsg(r.reqId, 200, 'No security definition has been found for the request'));
      return;
    }
    for (const c of found) this.write(s, msg.contractData(r.reqId, c, this.chain.underlyings.get(c.symbol)?.conId ?? 0));
    this.write(s, msg.contractDataEnd(r.reqId));
  }

  private secDefOptParams(s: Session, r: { reqId: number; symbol: string; conId: number }): void {
    const u = this.chain.underlyings.get(r.symbol);
    for (const cls of u?.classes ?? []) {
      this.write(s, msg.secDefOptParams(r.reqId, u!.conId, cls.tradingClass, cls.multiplier, cls.expiries, cls.strikes));
    }
    this.write(s, msg.secDefOptParamsEnd(r.reqId));
  }

  private sendOpenOrders(s: Session, all: boolean): void {
    for (const o of this.engine.orders.values()) {
      if (!this.engine.isWorking(o) || (!all && o.clientId !== s.clientId)) continue;
      this.write(s, msg.openOrder(o));
      this.write(s, msg.orderStatus({ orderId: o.orderId, status: o.status, filled: o.filled, remaining: o.totalQuantity - o.filled,
        avgFillPrice: o.avgFillPrice, permId: o.permId, lastFillPrice: o.lastFillPrice, clientId: o.clientId }));
    }
    this.write(s, msg.openOrderEnd());
  }

  private sendExecutions(s: Session, r: { reqId: number; clientId: number; time: string }): void {
    for (const e of this.engine.executions) {
      if (r.clientId && e.clientId !== r.clientId) continue;
      if (r.time && e.time < normaliseFilterTime(r.time)) continue;
      this.write(s, msg.executionData(r.reqId, e));
      this.write(s, msg.commissionReport(e.execId, e.commission));
    }
    this.write(s, msg.execDataEnd(r.reqId));
  }

  private sendPositions(s: Session): void {
    for (const [conId, p] of this.engine.positions) this.write(s, msg.position(this.engine.account, this.chain.get(conId)!, p.pos, p.avgCost));
    this.write(s, msg.positionEnd());
  }
}

/** Accepts `YYYYMMDD-HH:MM:SS` or `YYYYMMDD HH:MM:SS` filters. */
function normaliseFilterTime(t: string): string {
  return t.trim().replace(/\s+/, '-');
}

function connectionTime(t: number): string {
  return `${execTime(t).replace('-', ' ')} UTC`;
}

/** Starts a fake TWS listening on 127.0.0.1 (a free port unless one is given). */
export async function startFakeTws(opts: FakeTwsOptions = {}): Promise<FakeTws> {
  const fake = new FakeTws(opts);
  await fake.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  return fake;
}
