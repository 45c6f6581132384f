import type { BrokerEvent } from '../domain/index.ts';
import { applyFill, holdsLeg } from './book.ts';
import { sessionCloseAt } from '../domain/index.ts';
import { comboPrices } from './pricing.ts';
import { MAX_EXIT_RESENDS } from './expiry-actions.ts';
import type { MachineEvent, PositionContext } from './types.ts';

type Args = { context: PositionContext; event: MachineEvent };
type Guard = (args: Args) => boolean;

function brokerEvent(e: MachineEvent): BrokerEvent | null {
  return e.type === 'BROKER' ? e.event : null;
}

/** A broker event about the working order (fills only when not seen before). */
function forWorkingOrder(ctx: PositionContext, e: MachineEvent, ...types: BrokerEvent['type'][]): BrokerEvent | null {
  const b = brokerEvent(e);
  const o = ctx.workingOrder;
  if (!b || !o || !types.includes(b.type) || !('clientOrderId' in b) || b.clientOrderId !== o.clientOrderId) return null;
  if (b.type === 'fill' && ctx.seenFillIds.includes(b.fillId)) return null;
  return b;
}

function completes(ctx: PositionContext, e: MachineEvent): boolean {
  const b = forWorkingOrder(ctx, e, 'fill');
  if (!b || b.type !== 'fill' || !ctx.workingOrder) return false;
  return b.remaining <= 0 || ctx.workingOrder.filled + b.quantity >= ctx.workingOrder.quantity;
}

/** A completing fill after which nothing is held. */
function flattens({ context, event }: Args): boolean {
  if (!completes(context, event) || event.type !== 'BROKER' || event.event.type !== 'fill') return false;
  return applyFill(context, event.event, context.workingOrder?.legs ?? []).openQuantity === 0;
}

function strayFill(ctx: PositionContext, e: MachineEvent): Extract<BrokerEvent, { type: 'fill' }> | null {
  const b = brokerEvent(e);
  if (!b || b.type !== 'fill' || !b.clientOrderId.startsWith(`${ctx.id}-o`) || ctx.seenFillIds.includes(b.fillId)) return null;
  return b.clientOrderId === ctx.workingOrder?.clientOrderId ? null : b;
}

function isTick(e: MachineEvent): e is Extract<MachineEvent, { type: 'TICK' }> {
  return e.type === 'TICK';
}

const isExitPurpose = (ctx: PositionContext) => ['close', 'reduce', 'roll-close'].includes(ctx.workingOrder?.purpose ?? '');

function limitTimedOut({ context: ctx, event: e }: Args): boolean {
  const o = ctx.workingOrder;
  return isTick(e) && !!o && o.style === 'limit' && e.now >= o.deadline;
}

/** The working order expired unfilled (no kill switch is waiting on it). */
function expired(ctx: PositionContext, e: MachineEvent): boolean {
  return forWorkingOrder(ctx, e, 'expired') !== null && ctx.kill === null;
}

function eventTime(ctx: PositionContext, e: MachineEvent): number {
  return e.type === 'BROKER' && 'time' in e.event ? e.event.time : ctx.lastEventAt;
}

const resendCapped = (ctx: PositionContext) => (ctx.workingOrder?.resendCount ?? 0) >= MAX_EXIT_RESENDS;

export const guards = {
  /** An exit's order expired more often in a row than it may be re-sent: give up loudly. */
  isExitExpiredTooOften: ({ context, event }: Args) => expired(context, event) && resendCapped(context),
  /** An exit's order expired while the session is still open (a broker that reports it at the next open): re-send now. */
  isExitExpiredInSession: ({ context, event }: Args) => expired(context, event) && sessionCloseAt(eventTime(context, event)) !== null,
  /**
   * The exit's order expired, or the broker ended it unasked (`cancelled` while no cancel was sent) after the session:
   * how IB reports a day order that did not fill by the close. It waits, decided, for the next open.
   */
  isExitEndedAtClose: ({ context, event }: Args) =>
    expired(context, event) ||
    (forWorkingOrder(context, event, 'cancelled') !== null && context.kill === null && sessionCloseAt(eventTime(context, event)) === null),
  isResendDue: ({ context: ctx, event: e }: Args) => isTick(e) && !!ctx.exitResend && e.now >= ctx.exitResend.at,
  /** A marketable decision reaching an exit that waits for the open with a limit: it will be re-sent marketable. */
  isEscalationWhileWaiting: ({ context, event: e }: Args) =>
    e.type === 'DECISION' && e.orderStyle === 'marketable' && (e.action === 'close' || e.escalation === true) && context.exitResend?.style === 'limit',
  isAccepted: ({ context, event }: Args) => forWorkingOrder(context, event, 'accepted') !== null,
  isCompletingFill: ({ context, event }: Args) => completes(context, event),
  /** A completing fill after which nothing is held. */
  isFlatteningFill: (a: Args) => flattens(a),
  isFlatteningFillWithRoll: (a: Args) => flattens(a) && a.context.pendingRoll !== null,
  isPartialFill: ({ context, event }: Args) => forWorkingOrder(context, event, 'fill') !== null && !completes(context, event),
  isOrderCancelled: ({ context, event }: Args) => forWorkingOrder(context, event, 'cancelled', 'expired') !== null,
  isOrderRejected: ({ context, event }: Args) => forWorkingOrder(context, event, 'rejected') !== null,
  isOrderEnded: ({ context, event }: Args) => forWorkingOrder(context, event, 'cancelled', 'expired', 'rejected') !== null,
  isEndedWithFills: ({ context, event }: Args) => forWorkingOrder(context, event, 'cancelled', 'expired', 'rejected') !== null && (context.workingOrder?.filled ?? 0) > 0,
  /** The order ended with some units filled, and a kill switch asked to flatten them. */
  isEndedWithFillsToFlatten: ({ context, event }: Args) =>
    forWorkingOrder(context, event, 'cancelled', 'expired', 'rejected') !== null && (context.workingOrder?.filled ?? 0) > 0 && context.kill?.flatten === true,
  /** An exit order ended while a kill switch waits to flatten what is still held. */
  isEndedToFlatten: ({ context, event }: Args) =>
    forWorkingOrder(context, event, 'cancelled', 'expired', 'rejected') !== null && context.openQuantity > 0 && context.kill?.flatten === true,
  /** A marketable order with a price cap, due to re-anchor its cap on the latest marks (once per reprice interval). */
  isRecapDue: ({ context: ctx, event: e }: Args) => {
    const o = ctx.workingOrder;
    return isTick(e) && !!o && o.style === 'marketable' && o.limitPrice !== null && e.now >= o.nextRepriceAt && comboPrices(o.legs, e.marks) !== null;
  },
  isRepriceDue: ({ context: ctx, event: e }: Args) => {
    const o = ctx.workingOrder;
    if (!isTick(e) || !o || o.style !== 'limit') return false;
    return e.now >= o.nextRepriceAt && e.now < o.deadline && o.reprices < ctx.execution.maxReprices && comboPrices(o.legs, e.marks) !== null;
  },
  /** Exits always go marketable at the deadline; entries and roll-opens follow the policy's `onTimeout`. */
  isTimeoutToMarketable: (a: Args) => limitTimedOut(a) && (isExitPurpose(a.context) || a.context.execution.onTimeout === 'marketable'),
  isTimeoutToCancel: (a: Args) => limitTimedOut(a) && !isExitPurpose(a.context) && a.context.execution.onTimeout === 'cancel',
  isCloseDecision: ({ event: e }: Args) => (e.type === 'DECISION' || e.type === 'MANUAL') && e.action === 'close',
  isReduceDecision: ({ context, event: e }: Args) => e.type === 'DECISION' && e.action === 'reduce' && context.openQuantity > 0,
  isRollDecision: ({ context, event: e }: Args) =>
    (e.type === 'DECISION' || e.type === 'MANUAL') && e.action === 'roll' && (e.newLegs?.length ?? 0) > 0 && context.openQuantity > 0,
  /** An escalating decision (marketable style) reaching a limit order that is working an exit. */
  isMarketableEscalation: ({ context, event: e }: Args) =>
    e.type === 'DECISION' && e.orderStyle === 'marketable' && (e.action === 'close' || e.escalation === true) && context.workingOrder?.style === 'limit',
  /** An escalating close while the old legs of a roll are being closed: the roll becomes a close. */
  isEscalatingClose: ({ event: e }: Args) => e.type === 'DECISION' && e.action === 'close' && e.orderStyle === 'marketable',
  isFlattenKill: ({ event: e }: Args) => e.type === 'KILL' && e.flatten,
  isSettlementFlattening: ({ context, event }: Args) => {
    const b = brokerEvent(event);
    if (!b || b.type !== 'settlement' || !holdsLeg(context, b.key)) return false;
    return context.legs.every((l) => (l.key === b.key ? l.quantity - b.quantity === 0 : l.quantity === 0));
  },
  isSettlement: ({ context, event }: Args) => {
    const b = brokerEvent(event);
    return !!b && b.type === 'settlement' && holdsLeg(context, b.key);
  },
  /** A fill, never seen, for one of this position's earlier orders (a late fill after a cancel, say). */
  isStrayFill: ({ context, event }: Args) => strayFill(context, event) !== null,
  /** A late fill after which nothing is held: the position is closed. */
  isStrayFillFlattening: ({ context, event }: Args) => {
    const fill = strayFill(context, event);
    return fill !== null && context.openQuantity > 0 && applyFill(context, fill, []).openQuantity === 0;
  },
};

export type GuardName = keyof typeof guards;
export type { Guard };
