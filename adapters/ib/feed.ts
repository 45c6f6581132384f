import type { MarketFeed, Subscription } from '../../engine/ports/index.ts';
import { contractKey, type ChainListing, type MarketTick, type OptionContract } from '../../engine/domain/index.ts';
import type { IbConnection } from './connection.ts';
import { ContractResolver, INDEX_SYMBOLS, fromIbExpiry, optionContract, underlyingContract, type IbContract } from './contracts.ts';
import { QuoteBook } from './quote-book.ts';
import { collect } from './requests.ts';
import { unknownUnderlyings } from './underlyings.ts';

export interface IbFeedOptions {
  /** `next()` resolves every this many ms with the latest quotes. Default 1000. */
  tickIntervalMs?: number;
  /** Market-data lines this account may hold (IB's default allowance is 100). Default 100. */
  lineLimit?: number;
  /** Snapshot requests started per tick for contracts that do not fit in streaming lines. Default 10. */
  snapshotBatch?: number;
  /** IB market data type: 1 live (default), 2 frozen, 3 delayed, 4 delayed-frozen. */
  marketDataType?: 1 | 2 | 3 | 4;
  /** How long a snapshot may hold a line before it is given up. Default 11000 ms (IB ends snapshots within 11 s). */
  snapshotTimeoutMs?: number;
  /**
   * After a subscription change, quotes of streamed candidates (not the `stream` legs) are held back until every
   * new one has quoted, or this long has passed, so the engine never picks strikes from a half-arrived chain.
   * Default 5000 ms.
   */
  warmupMs?: number;
}

/** A subscription with contracts that must stream (legs of open positions) ahead of `contracts` (entry candidates). */
export interface IbSubscription extends Subscription {
  stream?: OptionContract[];
}

export interface IbFeed extends MarketFeed {
  /** The market-data lines this feed may hold (`lineLimit`): the engine sizes its entry candidates to it. */
  readonly lineLimit: number;
  /** Accepts a plain `Subscription` too: then the order of `contracts` is the streaming priority. */
  subscribe(subscription: IbSubscription): Promise<void>;
  linesInUse(): number;
  /** Contracts streaming, rotating through snapshots, and those IB could not resolve. */
  lineStatus(): { streaming: number; rotating: number; snapshotsInFlight: number; unresolved: string[] };
}

interface Instrument {
  key: string;
  ib: IbContract;
  contract?: OptionContract;
}

/**
 * Market data from IB within the line limit: underlyings, the VIX and the `stream` contracts (legs of open positions)
 * always stream; `contracts` stream while lines remain, and the rest rotate through snapshot requests, a batch per
 * tick. On 1101 (data lost) and after every reconnect all streams are requested again. Quotes carry `stale` while the
 * connection is degraded or down.
 */
export function createIbFeed(conn: IbConnection, opts: IbFeedOptions = {}): IbFeed {
  const tickIntervalMs = opts.tickIntervalMs ?? 1000;
  const lineLimit = opts.lineLimit ?? 100;
  const snapshotBatch = opts.snapshotBatch ?? 10;
  const snapshotTimeoutMs = opts.snapshotTimeoutMs ?? 11_000;
  const warmupMs = opts.warmupMs ?? 5000;
  /** Streamed candidates not quoted yet since the last subscribe, and until when their siblings are held back. */
  let warming = new Set<string>();
  let warmUntil = 0;
  let streamKeys = new Set<string>();
  const resolver = new ContractResolver(conn);
  const book = new QuoteBook();
  const streaming = new Map<string, number>(); // key → reqId
  const byReqId = new Map<number, { key: string; snapshot: boolean; timer?: NodeJS.Timeout }>();
  let wantedStream: Instrument[] = [];
  let rotation: Instrument[] = [];
  let rotationIndex = 0;
  let options: OptionContract[] = [];
  let underlyings: string[] = [];
  let vix = false;
  const unresolved = new Set<string>();
  let closed = false;
  let wake: (() => void) | null = null;
  /** When the last price or size message arrived (the tick clock): `dataStatus().lastDataAt`. */
  let lastDataAt: number | null = null;

  const onPrice = (reqId: number, tickType: number, price: number) => {
    const line = byReqId.get(reqId);
    if (!line) return;
    book.price(line.key, tickType, Number(price), line.snapshot);
    lastDataAt = conn.now();
  };
  const onSize = (reqId: number, tickType: number, size: number) => {
    const line = byReqId.get(reqId);
    if (!line) return;
    book.size(line.key, tickType, Number(size));
    lastDataAt = conn.now();
  };
  const onComputation = (reqId: number, tickType: number, _attrib: number, iv?: number, delta?: number, _optPrice?: number, _pv?: number,
    gamma?: number, vega?: number, theta?: number, undPrice?: number) => {
    const line = byReqId.get(reqId);
    if (line) book.computation(line.key, tickType, { iv, delta, gamma, vega, theta, undPrice });
  };
  const onSnapshotEnd = (reqId: number) => endSnapshot(reqId);
  const onError = (message: string, code: number, reqId: number) => {
    const line = byReqId.get(reqId);
    if (!line) return;
    if (code === 354 || code === 10167 || code === 10090 || code === 10168) return; // no subscription: delayed data may follow
    if (line.snapshot) endSnapshot(reqId);
    else {
      byReqId.delete(reqId);
      streaming.delete(line.key);
      unresolved.add(`${line.key} (IB ${code}: ${message})`);
    }
  };
  const onReady = () => {
    setMarketDataType();
    resubscribeAll();
  };
  const onDataLost = () => resubscribeAll();
  const listeners: [string, (...a: any[]) => void][] = [
    ['ib:tickPrice', onPrice], ['ib:tickSize', onSize], ['ib:tickOptionComputation', onComputation],
    ['ib:tickSnapshotEnd', onSnapshotEnd], ['ib:error', onError], ['ready', onReady], ['dataLost', onDataLost],
  ];
  for (const [e, fn] of listeners) conn.on(e, fn);
  conn.retain();

  function endSnapshot(reqId: number): void {
    const line = byReqId.get(reqId);
    if (!line?.snapshot) return;
    if (line.timer) clearTimeout(line.timer);
    byReqId.delete(reqId);
  }

  function setMarketDataType(): void {
    if (opts.marketDataType && opts.marketDataType !== 1 && conn.isUp()) conn.ib('reqMarketDataType').reqMarketDataType(opts.marketDataType);
  }

  function request(inst: Instrument, snapshot: boolean): void {
    const reqId = conn.nextReqId();
    const line: { key: string; snapshot: boolean; timer?: NodeJS.Timeout } = { key: inst.key, snapshot };
    byReqId.set(reqId, line);
    if (snapshot) line.timer = setTimeout(() => endSnapshot(reqId), snapshotTimeoutMs);
    else streaming.set(inst.key, reqId);
    conn.ib(`reqMktData ${inst.key}`).reqMktData(reqId, inst.ib, '', snapshot, false);
  }

  function applyStreams(): void {
    if (!conn.isUp()) return;
    const wanted = new Set(wantedStream.map((i) => i.key));
    for (const [key, reqId] of streaming) {
      if (wanted.has(key)) continue;
      streaming.delete(key);
      byReqId.delete(reqId);
      conn.ib('cancelMktData').cancelMktData(reqId);
    }
    for (const inst of wantedStream) if (!streaming.has(inst.key)) request(inst, false);
  }

  function resubscribeAll(): void {
    for (const [reqId, line] of byReqId) if (line.timer) clearTimeout(line.timer);
    byReqId.clear();
    streaming.clear();
    applyStreams();
  }

  function rotate(): void {
    if (!conn.isUp() || rotation.length === 0) return;
    let inFlight = byReqId.size - streaming.size;
    const free = Math.max(0, lineLimit - streaming.size - inFlight);
    for (let n = 0; n < Math.min(free, snapshotBatch, rotation.length); n++) {
      request(rotation[rotationIndex % rotation.length]!, true);
      rotationIndex = (rotationIndex + 1) % rotation.length;
      inFlight++;
    }
  }

  async function instrumentFor(c: OptionContract): Promise<Instrument | null> {
    try {
      const conId = await resolver.option(c);
      return { key: contractKey(c), ib: { ...optionContract(c), conId }, contract: c };
    } catch (err) {
      if (!isUnknownContract(err)) throw err;
      unresolved.add(`${contractKey(c)} (${(err as Error).message})`);
      return null;
    }
  }

  const feed: IbFeed = {
    name: 'ib',
    lineLimit,

    async subscribe(sub: IbSubscription) {
      await conn.connect();
      unresolved.clear();
      underlyings = [...new Set(sub.underlyings)];
      vix = sub.vix;
      const fixed: Instrument[] = [];
      // One symbol IB does not know (or this account cannot see) must not cost the others their data: it is listed
      // in lineStatus().unresolved, and the rest stream.
      for (const symbol of vix && !underlyings.includes('VIX') ? [...underlyings, 'VIX'] : underlyings) {
        try {
          fixed.push({ key: `U:${symbol}`, ib: { ...underlyingContract(symbol), conId: await resolver.underlying(symbol) } });
        } catch (err) {
          if (!isUnknownContract(err)) throw err;
          unresolved.add(`${symbol} (${(err as Error).message})`);
        }
      }
      const seen = new Set<string>();
      const ordered = [...(sub.stream ?? []), ...sub.contracts].filter((c) => {
        const k = contractKey(c);
        return seen.has(k) ? false : (seen.add(k), true);
      });
      const resolved = (await Promise.all(ordered.map(instrumentFor))).filter((x): x is Instrument => x !== null);
      options = resolved.map((i) => i.contract!);
      const mustStream = new Set((sub.stream ?? []).map(contractKey));
      const capacity = Math.max(0, lineLimit - fixed.length);
      const fitsAll = resolved.length <= capacity;
      // Keep a few lines for rotating snapshots when not everything fits; legs of open positions always stream.
      const streamCap = fitsAll ? capacity : Math.max(resolved.filter((i) => mustStream.has(i.key)).length, capacity - Math.min(snapshotBatch, Math.floor(capacity / 5)));
      wantedStream = [...fixed, ...resolved.slice(0, streamCap)];
      streamKeys = mustStream;
      warming = new Set(resolved.slice(0, streamCap).filter((i) => !mustStream.has(i.key) && !book.optionQuote(i.contract!, false)).map((i) => i.key));
      warmUntil = conn.now() + warmupMs;
      rotation = resolved.slice(streamCap);
      rotationIndex = 0;
      applyStreams();
    },

    async chain(underlying: string): Promise<ChainListing> {
      await conn.connect();
      const conId = await resolver.underlying(underlying);
      const u = underlyingContract(underlying);
      type Param = { exchange: string; tradingClass: string; multiplier: number; expirations: string[]; strikes: number[] };
      const params = await collect<Param>(conn, {
        name: `reqSecDefOptParams ${underlying}`, withReqId: true,
        send: (reqId) => conn.ib('reqSecDefOptParams').reqSecDefOptParams(reqId, underlying, '', u.secType!, conId),
        item: ['securityDefinitionOptionParameter', (reqId, id: number, exchange: string, _uc: number, tradingClass: string, multiplier: number, expirations: string[], strikes: number[]) =>
          (id === reqId ? { exchange, tradingClass, multiplier: Number(multiplier), expirations: [...expirations], strikes: [...strikes] } : undefined)],
        end: ['securityDefinitionOptionParameterEnd', (reqId, id: number) => id === reqId],
      });
      const smart = params.filter((p) => p.exchange === 'SMART');
      const use = smart.length ? smart : params;
      const expiries = new Map<string, { expiry: string; root?: string; strikes: number[] }>();
      for (const p of use) {
        for (const e of p.expirations) {
          const expiry = fromIbExpiry(e);
          const root = p.tradingClass !== underlying ? p.tradingClass : undefined;
          const id = `${expiry}|${root ?? ''}`;
          const entry = expiries.get(id) ?? { expiry, ...(root ? { root } : {}), strikes: [] };
          entry.strikes = [...new Set([...entry.strikes, ...p.strikes])].sort((a, b) => a - b);
          expiries.set(id, entry);
        }
      }
      return {
        underlying, multiplier: use[0]?.multiplier || 100, settlement: INDEX_SYMBOLS.has(underlying) ? 'cash' : 'physical',
        expiries: [...expiries.values()].sort((a, b) => a.expiry.localeCompare(b.expiry) || (a.root ?? '').localeCompare(b.root ?? '')),
      };
    },

    async next(): Promise<MarketTick | null> {
      if (closed) return null;
      rotate();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, tickIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
      if (closed) return null;
      const stale = conn.state !== 'connected';
      const tick: MarketTick = { time: conn.now(), underlyings: [], quotes: [] };
      for (const symbol of underlyings) {
        const p = book.underlyingPrice(symbol);
        if (p) tick.underlyings.push({ symbol, price: p.price, ...(p.prevClose !== undefined ? { prevClose: p.prevClose } : {}) });
      }
      if (vix) {
        const v = book.underlyingPrice('VIX');
        if (v) tick.vix = { level: v.price, ...(v.prevClose !== undefined ? { prevClose: v.prevClose } : {}) };
      }
      if (warming.size) {
        for (const key of warming) if (book.has(key)) warming.delete(key);
        if (conn.now() >= warmUntil) warming.clear();
      }
      const holdCandidates = warming.size > 0;
      for (const c of options) {
        if (holdCandidates && !streamKeys.has(contractKey(c))) continue;
        const q = book.optionQuote(c, stale);
        if (q) tick.quotes.push(q);
      }
      return tick;
    },

    unknownUnderlyings: (symbols) => unknownUnderlyings(conn, resolver, symbols),

    linesInUse: () => byReqId.size,

    dataStatus: () => ({ lastDataAt, problems: conn.dataFarms.problems() }),

    lineStatus: () => ({ streaming: streaming.size, rotating: rotation.length, snapshotsInFlight: byReqId.size - streaming.size, unresolved: [...unresolved] }),

    async close() {
      if (closed) return;
      closed = true;
      wake?.();
      for (const [reqId, line] of byReqId) {
        if (line.timer) clearTimeout(line.timer);
        if (!line.snapshot && conn.isUp()) conn.ib('cancelMktData').cancelMktData(reqId);
      }
      byReqId.clear();
      streaming.clear();
      for (const [e, fn] of listeners) conn.off(e, fn);
      await conn.release();
    },
  };
  return feed;
}

/** IB does not know the contract (or it is ambiguous): reported, not fatal. Connection errors still throw. */
function isUnknownContract(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'TW_IB_NO_SECURITY' || code === 'TW_IB_AMBIGUOUS_CONTRACT';
}
