import type { EpochMs, OrderPurpose, OrderRequest } from '../domain/index.ts';
import { orderSchedule } from './deadline.ts';
import { comboPrices, limitPrice } from './pricing.ts';
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
  let price: number | null = null;
  if (prices) price = limitPrice(prices, ctx.execution, 0);
  if (!prices && style === 'limit') {
    style = 'marketable';
    intents.push({ type: 'alert', severity: 'warning', message: `${ctx.id}: no quotes for every leg of the ${spec.purpose} order; sent marketable` });
  }
  if (style === 'marketable' && prices) price = null;
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
    configVersion: spec.configVersion,
  };
  intents.unshift({ type: 'place', order: toRequest(ctx, workingOrder) });
  return { workingOrder, orderSeq: seq, intents };
}

/** The next reprice of the working order at `now`, or null when a leg has no quote. */
export function repriceOrder(ctx: PositionContext, o: WorkingOrder, now: EpochMs, marks: LegMarks | undefined): { workingOrder: WorkingOrder; intent: Intent } | null {
  const prices = comboPrices(o.legs, marks);
  if (!prices) return null;
  const reprices = o.reprices + 1;
  const price = limitPrice(prices, ctx.execution, reprices);
  const workingOrder = { ...o, limitPrice: price, reprices, nextRepriceAt: now + (o.repriceIntervalMs ?? ctx.execution.repriceIntervalSeconds * 1000) };
  return { workingOrder, intent: { type: 'replace', clientOrderId: o.clientOrderId, limitPrice: price, style: 'limit' } };
}

/** The working order replaced by a marketable one. */
export function goMarketable(o: WorkingOrder): { workingOrder: WorkingOrder; intent: Intent } {
  return {
    workingOrder: { ...o, style: 'marketable', limitPrice: null },
    intent: { type: 'replace', clientOrderId: o.clientOrderId, limitPrice: null, style: 'marketable' },
  };
}
