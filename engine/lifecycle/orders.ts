import type { EpochMs, OrderPurpose, OrderRequest } from '../domain/index.ts';
import { orderSchedule } from './deadline.ts';
import { comboPrices, limitPrice, priceCap, withinCap, type ComboPrices } from './pricing.ts';
import type { Intent, LegMarks, PlannedLeg, PositionContext, WorkingOrder } from './types.ts';

export interface OrderSpec {
  purpose: OrderPurpose;
  legs: PlannedLeg[];
  quantity: number;
  style: 'limit' | 'marketable';
  configVersion: string;
  /** For an exit re-sent after its order expired: how many expired before it. */
  resendCount?: number;
}

export interface PlacedOrder {
  workingOrder: WorkingOrder;
  orderSeq: number;
  intents: Intent[];
}

export function clientOrderId(positionId: string, seq: number): string {
  return `${positionId}-o${seq}`;
}

function toRequest(ctx: PositionContext, o: WorkingOrder): OrderRequest {
  return {
    clientOrderId: o.clientOrderId,
    positionId: ctx.id,
    purpose: o.purpose,
    legs: o.legs.map((l) => ({ contract: l.contract, side: l.side, ratio: l.ratio })),
    quantity: o.quantity,
    style: o.style,
    limitPrice: o.limitPrice,
    timeInForce: 'day',
    configVersion: o.configVersion,
  };
}

/**
 * A new order for the position: priced from the marks (start price per policy), or sent marketable with an alert
 * when a leg has no quote (the kernel sends a TICK with every traded leg's marks before other events, so this is rare).
 */
export function placeOrder(ctx: PositionContext, spec: OrderSpec, now: EpochMs, marks: LegMarks | undefined): PlacedOrder {
  const seq = ctx.orderSeq + 1;
  const schedule = orderSchedule(ctx.execution, spec.purpose, now);
  const prices = comboPrices(spec.legs, marks);
  const intents: Intent[] = [];
  let style = spec.style;
  if (schedule.marketableNow && style === 'limit') {
    style = 'marketable';
    intents.push({ type: 'alert', severity: 'info', message: `${ctx.id}: ${spec.purpose} placed within ${ctx.execution.exitDeadlineBeforeCloseMin ?? 5} min of the session close; sent marketable so it fills before the close` });
  }
  const cap = priceCap(spec.legs, prices, ctx.execution);
  let price: number | null = null;
  if (prices) price = withinCap(limitPrice(prices, ctx.execution, 0), cap);
  if (!prices && style === 'limit') {
    style = 'marketable';
    intents.push({ type: 'alert', severity: 'warning', message: `${ctx.id}: no quotes for every leg of the ${spec.purpose} order; sent marketable${cap === null ? ' without a price cap' : ` capped at ${cap}`}` });
  }
  // A marketable order is a limit at its price cap: it crosses the spread, but never pays an impossible price.
  if (style === 'marketable') price = cap;
  const waits = style === 'marketable' ? capWait(ctx, spec.purpose, prices, cap) : null;
  if (waits) intents.push(waits);
  const workingOrder: WorkingOrder = {
    clientOrderId: clientOrderId(ctx.id, seq),
    purpose: spec.purpose,
    legs: spec.legs,
    quantity: spec.quantity,
    filled: 0,
    limitPrice: price,
    style,
    reprices: 0,
    placedAt: now,
    nextRepriceAt: now + schedule.intervalMs,
    deadline: schedule.deadline,
    ...(schedule.cutoff !== null ? { repriceIntervalMs: schedule.intervalMs } : {}),
    ...(spec.resendCount ? { resendCount: spec.resendCount } : {}),
    ...(waits ? { capAlerted: true } : {}),
    configVersion: spec.configVersion,
  };
  intents.unshift({ type: 'place', order: toRequest(ctx, workingOrder) });
  return { workingOrder, orderSeq: seq, intents };
}

/**
 * The alert of a marketable order that must wait at its cap: the natural price (what crossing the spread costs now)
 * is worse than the cap. Null when it is not (or nothing is known).
 */
function capWait(ctx: PositionContext, purpose: string, prices: ComboPrices | null, cap: number | null): Intent | null {
  if (!prices || cap === null || prices.natural <= cap + 1e-9) return null;
  return {
    type: 'alert', severity: 'warning',
    message: `${ctx.id}: ${purpose} order waits at its price cap ${cap.toFixed(2)}: the market asks ${prices.natural.toFixed(2)}, worse than the combo can be worth or than execution.maxSlippage allows; repricing within the cap`,
  };
}

/** The next reprice of the working order at `now` (within its cap), or null when a leg has no quote. */
export function repriceOrder(ctx: PositionContext, o: WorkingOrder, now: EpochMs, marks: LegMarks | undefined): { workingOrder: WorkingOrder; intent: Intent } | null {
  const prices = comboPrices(o.legs, marks);
  if (!prices) return null;
  const reprices = o.reprices + 1;
  const price = withinCap(limitPrice(prices, ctx.execution, reprices), priceCap(o.legs, prices, ctx.execution));
  const workingOrder = { ...o, limitPrice: price, reprices, nextRepriceAt: now + (o.repriceIntervalMs ?? ctx.execution.repriceIntervalSeconds * 1000) };
  return { workingOrder, intent: { type: 'replace', clientOrderId: o.clientOrderId, limitPrice: price, style: 'limit' } };
}

/** The working order replaced by a marketable one: a limit at its price cap on the latest marks (alerted when it must wait). */
export function goMarketable(ctx: PositionContext, o: WorkingOrder, marks: LegMarks | undefined): { workingOrder: WorkingOrder; intents: Intent[] } {
  const prices = comboPrices(o.legs, marks);
  const cap = priceCap(o.legs, prices, ctx.execution);
  const waits = o.capAlerted ? null : capWait(ctx, o.purpose, prices, cap);
  return {
    workingOrder: { ...o, style: 'marketable', limitPrice: cap, ...(waits ? { capAlerted: true } : {}) },
    intents: [{ type: 'replace', clientOrderId: o.clientOrderId, limitPrice: cap, style: 'marketable' }, ...(waits ? [waits] : [])],
  };
}

/**
 * A marketable order's cap, re-anchored on the latest marks once per reprice interval: replaced when it moved (a
 * `maxSlippage` cap follows mid), alerted once when the market needs a worse price than the cap. Null: nothing to do.
 */
export function recapOrder(ctx: PositionContext, o: WorkingOrder, now: EpochMs, marks: LegMarks | undefined): { workingOrder: WorkingOrder; intents: Intent[] } {
  const prices = comboPrices(o.legs, marks);
  const cap = prices ? priceCap(o.legs, prices, ctx.execution) : o.limitPrice;
  const intents: Intent[] = [];
  if (cap !== o.limitPrice) intents.push({ type: 'replace', clientOrderId: o.clientOrderId, limitPrice: cap, style: 'marketable' });
  const waits = o.capAlerted ? null : capWait(ctx, o.purpose, prices, cap);
  if (waits) intents.push(waits);
  const next = now + (o.repriceIntervalMs ?? ctx.execution.repriceIntervalSeconds * 1000);
  return { workingOrder: { ...o, limitPrice: cap, nextRepriceAt: next, ...(waits ? { capAlerted: true } : {}) }, intents };
}
