import { exchangeTime, fromExchangeTime } from '../../engine/domain/index.ts';
import type { BrokerEvent, BrokerOpenOrder, BrokerPosition, Cents, EpochMs, MarketTick, OptionQuote, OrderRequest, OrderStatus } from '../../engine/domain/index.ts';
import type { Broker } from '../../engine/ports/index.ts';
import { twError } from '../../engine/errors/index.ts';
import { expiryClose } from './calendar.ts';
import { bookLeg, reportPositions } from './paper-book.ts';
import { executionPrice, hashUniform, isMarketable, legFills } from './paper-fill.ts';
import { FILL_PRICE_EXPECTED, FILL_TIMINGS, parseFillPrice, type FillPriceSpec, type FillTiming } from './paper-model.ts';
import { settleExpired } from './paper-settle.ts';
import { emptyState, loadState, saveState, type PaperState, type WorkingOrder } from './paper-state.ts';
import { checkContracts, checkPrice, checkShape, checkSide, type Rejection } from './paper-validate.ts';

export interface PaperBrokerOptions {
  /** Dollars per share added to each bought leg and taken from each sold leg (default 0). */
  slippage?: number;
  /** Dollars per contract per leg (default 0.65); events carry integer cents. */
  commissionPerContract?: number;
  /** Extra ticks before an order may fill (default 0: on the next `observe`, or at once with `fillTiming: 'snapshot'`). */
  latencyTicks?: number;
  /** The price a fill executes at: `natural` (default), `mid`, or `mid+F` (mid plus F × the spread, 0 ≤ F ≤ 0.5). */
  fillPrice?: FillPriceSpec;
  /** When orders may fill: `next-tick` (default; a continuous market) or `snapshot` (recorded snapshots). */
  fillTiming?: FillTiming;
  /** When set, at most 1…maxUnitsPerTick units fill per tick (deterministic from `seed`), capped by displayed size. */
  partialFills?: { maxUnitsPerTick: number; seed?: number } | false;
  /** JSON file the broker persists to on every change and restores from on construction. */
  statePath?: string;
  /** Cash at the start, in cents (default 0), when no state file is restored. */
  startingCashCents?: Cents;
}

/** The paper broker: the `Broker` port plus its account view (cash and shares from physical settlement). */
export interface PaperBroker extends Broker {
  observe(tick: MarketTick): void;
  cashCents(): Cents;
  shares(): Record<string, number>;
}

function resolve(o: PaperBrokerOptions) {
  const r = {
    slippage: o.slippage ?? 0,
    commissionCents: Math.round((o.commissionPerContract ?? 0.65) * 100),
    latencyTicks: o.latencyTicks ?? 0,
    fraction: parseFillPrice(o.fillPrice ?? 'natural'),
    timing: o.fillTiming ?? 'next-tick',
    partial: o.partialFills ? { max: o.partialFills.maxUnitsPerTick, seed: o.partialFills.seed ?? 1 } : null,
    statePath: o.statePath ?? null,
    startingCashCents: o.startingCashCents ?? 0,
  };
  const bad = (option: string, value: unknown, expected: string) => twError('TW_SIM_BAD_OPTION', { option, value: JSON.stringify(value), expected });
  if (!(Number.isFinite(r.slippage) && r.slippage >= 0)) throw bad('slippage', o.slippage, 'dollars per share ≥ 0');
  if (!(Number.isFinite(r.commissionCents) && r.commissionCents >= 0)) throw bad('commissionPerContract', o.commissionPerContract, 'dollars per contract ≥ 0');
  if (!(Number.isInteger(r.latencyTicks) && r.latencyTicks >= 0)) throw bad('latencyTicks', o.latencyTicks, 'a whole number of ticks ≥ 0');
  if (r.fraction === null) throw bad('fillPrice', o.fillPrice, FILL_PRICE_EXPECTED);
  if (!FILL_TIMINGS.includes(r.timing)) throw bad('fillTiming', o.fillTiming, FILL_TIMINGS.join(' or '));
  if (r.partial && !(Number.isInteger(r.partial.max) && r.partial.max >= 1)) throw bad('partialFills.maxUnitsPerTick', r.partial.max, 'a whole number ≥ 1');
  if (!Number.isInteger(r.startingCashCents)) throw bad('startingCashCents', o.startingCashCents, 'integer cents');
  return { ...r, fraction: r.fraction }; // fraction narrowed to a number
}

/**
 * Creates the paper broker (see docs/sim.md): it learns the market from `observe(tick)`, validates orders on `place`,
 * matches working orders against each observed tick, settles expiries, and reports everything as `BrokerEvent`s.
 */
/** Finished orders the broker remembers (idempotency of client order ids); older ones are forgotten. */
export const MAX_FINISHED = 5_000;

export function createPaperBroker(options: PaperBrokerOptions = {}): PaperBroker {
  const o = resolve(options);
  const state: PaperState = (o.statePath ? loadState(o.statePath) : null) ?? emptyState(o.startingCashCents);
  let quotes: OptionQuote[] = [];
  let index: Map<string, OptionQuote> | null = null;
  const quote = (key: string) => {
    if (!index) index = new Map(quotes.map((q) => [q.key, q]));
    return index.get(key);
  };
  const now = (): EpochMs => state.lastTime ?? 0;
  const save = () => {
    if (o.statePath) saveState(o.statePath, state);
  };
  const emit = (e: BrokerEvent) => state.events.push(e);
  const remember = (clientOrderId: string, status: OrderStatus) => {
    state.finished[clientOrderId] = status;
    // Bounded: the checkpoint is written with every tick. Engines never reuse a client order id, so the most recent
    // ids are the ones a duplicate could come from (a re-send after a restart).
    let excess = Object.keys(state.finished).length - MAX_FINISHED;
    for (const old in state.finished) {
      if (excess-- <= 0) break;
      delete state.finished[old];
    }
  };
  const finish = (w: WorkingOrder, status: 'filled' | 'cancelled' | 'expired') => {
    state.orders = state.orders.filter((x) => x !== w);
    remember(w.request.clientOrderId, status);
  };
  const reject = (clientOrderId: string, r: Rejection | { code: string; reason: string }) => {
    emit({ type: 'rejected', clientOrderId, reason: r.reason, code: r.code, time: now() });
  };
  const working = (id: string) => state.orders.find((w) => w.request.clientOrderId === id);
  const expiringToday = (time: EpochMs) => {
    if (!o.statePath) return false;
    const positions = Object.values(state.positions);
    if (positions.length === 0) return false;
    const today = exchangeTime(time).date;
    return positions.some((p) => p.contract.expiry === today);
  };

  /** The tick count from which an order placed now may fill: this snapshot (`snapshot`) or the next tick. */
  const eligibleFrom = () => state.tickCount + o.latencyTicks + (o.timing === 'snapshot' ? 0 : 1);
  /** Snapshots: an order placed or replaced on a snapshot is matched against it at once. */
  const matchNow = (w: WorkingOrder) => {
    if (o.timing === 'snapshot' && state.lastTime !== null) match(w, state.lastTime);
  };

  function match(w: WorkingOrder, tickTime: EpochMs): boolean {
    if (state.tickCount < w.eligibleAt) return false;
    const exec = executionPrice(w.request.legs, quote, o.slippage, o.fraction);
    if (!exec || !isMarketable(w.request, exec.net)) return false;
    let units = w.remaining;
    if (o.partial) {
      units = Math.min(units, 1 + Math.floor(hashUniform(o.partial.seed, state.fillSeq) * o.partial.max), exec.sizeUnits);
      if (units < 1) return false;
    }
    state.fillSeq++;
    const legs = legFills(w.request.legs, exec.prices, units);
    const contracts = legs.reduce((n, l) => n + l.quantity, 0);
    const commission = contracts * o.commissionCents;
    w.request.legs.forEach((leg, i) => bookLeg(state, quote(legs[i].key)!.contract, leg.side, legs[i].quantity, legs[i].price));
    state.cashCents -= commission;
    w.filled += units;
    w.remaining -= units;
    w.status = w.remaining === 0 ? w.status : 'partially-filled';
    emit({
      type: 'fill', clientOrderId: w.request.clientOrderId, fillId: `SIM-F-${state.fillSeq}`, quantity: units, netPrice: exec.net,
      legs, commission, filledTotal: w.filled, remaining: w.remaining, time: tickTime,
    });
    if (w.remaining === 0) finish(w, 'filled');
    return true;
  }

  return {
    name: 'paper',
    async connect() {},
    /** The whole broker state as JSON: the kernel commits it with each tick (see docs/architecture.md, crash safety). */
    checkpoint(): unknown {
      return structuredClone(state);
    },
    restore(saved: unknown): void {
      const s = saved as PaperState;
      if (!s || s.version !== 1 || !Array.isArray(s.orders)) throw twError('TW_SIM_CHECKPOINT', { problem: 'it is not a paper-broker checkpoint' });
      Object.assign(state, structuredClone(s));
      index = null;
      quotes = [];
    },
    async close() {
      save();
    },

    observe(tick: MarketTick): void {
      const before = state.events.length;
      state.tickCount++;
      const prevTime = state.lastTime;
      const current = new Map(tick.underlyings.map((u) => [u.symbol, u.price]));
      const priceOf = (symbol: string, close: EpochMs) =>
        prevTime !== null && prevTime <= close && state.lastPrices[symbol] !== undefined ? state.lastPrices[symbol] : current.get(symbol);
      for (const e of settleExpired(state, tick.time, priceOf)) emit(e);
      for (const w of [...state.orders]) {
        const legExpired = w.request.legs.some((l) => expiryClose(l.contract.expiry) <= tick.time);
        if (legExpired || (w.dayEnd !== null && tick.time >= w.dayEnd && state.tickCount >= (w.dayEndTick ?? 0))) {
          finish(w, 'expired');
          emit({ type: 'expired', clientOrderId: w.request.clientOrderId, time: tick.time });
        }
      }
      quotes = tick.quotes;
      index = null;
      state.lastTime = tick.time;
      for (const [symbol, price] of current) state.lastPrices[symbol] = price;
      for (const w of [...state.orders]) match(w, tick.time);
      // On the expiry day of a held contract, keep the last prices on disk every tick: a restart after the close must
      // settle at the closing price, not at a stale one.
      if (state.events.length !== before || expiringToday(tick.time)) save();
    },

    async place(order: OrderRequest): Promise<void> {
      const id = order.clientOrderId;
      if (working(id) || state.finished[id] !== undefined) {
        reject(id, { code: 'TW_SIM_ORDER_DUPLICATE_ID', reason: `client order id ${id} was already used for another order; the second order was not created` });
        save();
        return;
      }
      const problem = checkShape(order) ?? checkContracts(order.legs, quote, state.lastTime) ?? checkSide(order.legs, order.limitPrice);
      if (problem) {
        remember(id, 'rejected');
        reject(id, problem);
        save();
        return;
      }
      state.orderSeq++;
      const brokerOrderId = `SIM-${state.orderSeq}`;
      const day = order.timeInForce === 'day';
      const w: WorkingOrder = {
        request: structuredClone(order), brokerOrderId, status: 'accepted', filled: 0, remaining: order.quantity,
        eligibleAt: eligibleFrom(), dayEnd: day ? fromExchangeTime(exchangeTime(now()).date, 960) : null,
        // Snapshots: a day order also lives through the next snapshot (the observe after this one).
        ...(day && o.timing === 'snapshot' ? { dayEndTick: state.tickCount + 2 } : {}),
      };
      state.orders.push(w);
      emit({ type: 'accepted', clientOrderId: id, brokerOrderId, time: now() });
      matchNow(w);
      save();
    },

    async cancel(clientOrderId: string): Promise<void> {
      const w = working(clientOrderId);
      if (w) {
        finish(w, 'cancelled');
        emit({ type: 'cancelled', clientOrderId, time: now() });
      } else if (state.finished[clientOrderId] === undefined) {
        reject(clientOrderId, { code: 'TW_SIM_ORDER_UNKNOWN_ID', reason: `no order with client order id ${clientOrderId} is known to the paper broker` });
      } else return;
      save();
    },

    async replace(clientOrderId: string, change: { limitPrice: number | null; style: OrderRequest['style'] }): Promise<void> {
      const w = working(clientOrderId);
      if (!w) {
        if (state.finished[clientOrderId] !== undefined) return;
        reject(clientOrderId, { code: 'TW_SIM_ORDER_UNKNOWN_ID', reason: `no order with client order id ${clientOrderId} is known to the paper broker` });
        save();
        return;
      }
      const problem = checkPrice(change.style, change.limitPrice) ?? checkSide(w.request.legs, change.limitPrice);
      if (problem) {
        // Never leave the engine believing an order is dead while it still works: a refused replace cancels the order.
        finish(w, 'cancelled');
        emit({ type: 'cancelled', clientOrderId, reason: `replace refused (${problem.code}): ${problem.reason}`, time: now() });
      } else {
        w.request = { ...w.request, limitPrice: change.limitPrice, style: change.style };
        w.eligibleAt = eligibleFrom();
        emit({ type: 'accepted', clientOrderId, brokerOrderId: w.brokerOrderId, time: now() });
        matchNow(w);
      }
      save();
    },

    drainEvents(): BrokerEvent[] {
      if (state.events.length === 0) return [];
      const out = state.events;
      state.events = [];
      save();
      return out;
    },

    async positions(): Promise<BrokerPosition[]> {
      return reportPositions(state);
    },

    async openOrders(): Promise<BrokerOpenOrder[]> {
      return state.orders.map((w) => ({
        clientOrderId: w.request.clientOrderId, brokerOrderId: w.brokerOrderId, status: w.status, filled: w.filled, remaining: w.remaining, limitPrice: w.request.limitPrice,
      }));
    },

    cashCents: () => state.cashCents,
    shares: () => ({ ...state.shares }),
  };
}
