import { exchangeTime, nextSessionOpen } from '../domain/index.ts';
import type { EpochMs } from '../domain/index.ts';
import { alert, endedReason, merge, now, place } from './actions.ts';
import type { Step } from './actions.ts';
import { closingLegs } from './book.ts';
import type { ExitResend, MachineEvent, OrderExpiry, PositionContext } from './types.ts';

/**
 * What the position does when one of its orders expires unfilled (see docs/lifecycle.md, "Orders that expire"). An
 * exit is a decision, not an order: its expired order is replaced by a new one for the same decision, at once when
 * the session is still open (the broker reported the expiry at the next open), else at the next session open. Every
 * expiry is recorded in `expiries` and raises an alert.
 */
export const MAX_EXIT_RESENDS = 5;

type Args = { context: PositionContext; event: MachineEvent };

function nyTime(t: EpochMs): string {
  const et = exchangeTime(t);
  return `${et.date} ${String(Math.floor(et.minutes / 60)).padStart(2, '0')}:${String(et.minutes % 60).padStart(2, '0')} New York`;
}

/** The expiry of the working order, recorded with what followed. */
export function expiryRecord(ctx: PositionContext, e: MachineEvent, then: OrderExpiry['then']): Partial<PositionContext> {
  const o = ctx.workingOrder;
  if (!o) return {};
  const entry = o.purpose === 'open' || o.purpose === 'roll-open';
  const rec: OrderExpiry = {
    clientOrderId: o.clientOrderId, purpose: o.purpose, decisionId: entry ? null : ctx.closeDecisionId ?? ctx.pendingRoll?.decisionId ?? null,
    rule: entry ? null : ctx.closeRule, at: now(ctx, e), then, filled: o.filled, quantity: o.quantity,
  };
  return { expiries: [...(ctx.expiries ?? []), rec] };
}

const isExpiry = (e: MachineEvent) => e.type === 'BROKER' && e.event.type === 'expired';

/** Adds the expiry record to a step when the event is the working order's expiry (entry and roll-open endings). */
export function withExpiry(ctx: PositionContext, e: MachineEvent, then: OrderExpiry['then'], step: Step): Step {
  return isExpiry(e) ? { ...step, patch: { ...expiryRecord(ctx, e, then), ...step.patch } } : step;
}

function resendOf(ctx: PositionContext, at: EpochMs): ExitResend | null {
  const o = ctx.workingOrder;
  if (!o) return null;
  const purpose = o.purpose === 'reduce' ? 'reduce' : 'close';
  return {
    purpose, quantity: purpose === 'reduce' ? o.quantity - o.filled : ctx.openQuantity, style: o.style, at,
    expiredOrderId: o.clientOrderId, configVersion: o.configVersion, resendCount: (o.resendCount ?? 0) + 1,
  };
}

const what = (ctx: PositionContext) => `${ctx.closeRule ?? 'exit'}${ctx.closeDecisionId ? ` (decision ${ctx.closeDecisionId})` : ''}`;

function sendAgain(ctx: PositionContext, e: MachineEvent, r: ExitResend, patch: Partial<PositionContext>): Step {
  const quantity = Math.min(r.quantity, ctx.openQuantity);
  return place(ctx, e, { purpose: r.purpose, legs: closingLegs(ctx.legs), quantity, style: r.style, configVersion: r.configVersion, resendCount: r.resendCount }, patch);
}

export const expiryActions = {
  recordExpiryNotFilled: ({ context: ctx, event: e }: Args): Step => withExpiry(ctx, e, 'entry-not-filled', {}),
  recordExpiryPartlyFilled: ({ context: ctx, event: e }: Args): Step => withExpiry(ctx, e, 'partly-filled', {}),
  recordExpiryRollFailed: ({ context: ctx, event: e }: Args): Step => withExpiry(ctx, e, 'roll-failed', {}),
  /** The exit's order expired during a session: the same decision goes out again at once as a new order. */
  resendExit: ({ context: ctx, event: e }: Args): Step => {
    const r = resendOf(ctx, now(ctx, e));
    if (!r) return {};
    const patch = { ...expiryRecord(ctx, e, 'resent'), workingOrder: null, exitResend: null, lastEventAt: now(ctx, e) };
    const sent = sendAgain({ ...ctx, ...patch }, e, r, patch);
    const id = sent.patch?.workingOrder?.clientOrderId ?? '';
    return merge(sent, alert({ ...ctx, ...sent.patch } as PositionContext, 'warning',
      `${ctx.id}: ${r.purpose} order ${r.expiredOrderId} for ${what(ctx)} expired unfilled; re-sent as ${id} for the same decision`, { alerts: sent.patch?.alerts ?? ctx.alerts }));
  },
  /** The exit's order expired at the session close: it waits, decided, for the next session open. */
  awaitOpen: ({ context: ctx, event: e }: Args): Step => {
    const at = nextSessionOpen(now(ctx, e));
    const r = resendOf(ctx, at);
    if (!r) return {};
    const how = endedReason(e) === 'expired' ? 'expired unfilled' : `ended unfilled (${endedReason(e)})`;
    return alert(ctx, 'warning', `${ctx.id}: ${r.purpose} order ${r.expiredOrderId} for ${what(ctx)} ${how} at the session close; it stays decided and is re-sent at the open (${nyTime(at)})`, {
      ...expiryRecord(ctx, e, 'waiting-for-open'), workingOrder: null, exitResend: r, lastEventAt: now(ctx, e),
    });
  },
  /** The next session is open: the waiting exit is sent as a new order. */
  resendAtOpen: ({ context: ctx, event: e }: Args): Step => {
    const r = ctx.exitResend;
    if (!r) return {};
    const sent = sendAgain(ctx, e, r, { exitResend: null, lastEventAt: now(ctx, e) });
    const id = sent.patch?.workingOrder?.clientOrderId ?? '';
    return merge(sent, alert(ctx, 'warning', `${ctx.id}: ${r.purpose} for ${what(ctx)} re-sent at the open as ${id} (order ${r.expiredOrderId} had expired)`, { alerts: sent.patch?.alerts ?? ctx.alerts }));
  },
  /** A marketable decision while waiting: the exit will be re-sent marketable, under the escalating rule. */
  escalateResend: ({ context: ctx, event: e }: Args): Step => {
    if (e.type !== 'DECISION' || !ctx.exitResend) return {};
    return { patch: { exitResend: { ...ctx.exitResend, style: 'marketable' }, closeRule: e.rule, closeDecisionId: e.decisionId, closeOutcome: 'closed-by-rule' } };
  },
  /** A flattening kill while waiting: the exit becomes the kill switch's, re-sent marketable at the open. */
  killResend: ({ context: ctx }: Args): Step => {
    if (!ctx.exitResend) return {};
    return { patch: { exitResend: { ...ctx.exitResend, purpose: 'close', quantity: ctx.openQuantity, style: 'marketable' }, closeRule: 'kill-switch', closeDecisionId: null, closeOutcome: 'killed' } };
  },
  /** A kill without flatten while waiting: nothing is re-sent; the position is managed again. */
  dropResend: ({ context: ctx, event: e }: Args): Step =>
    alert(ctx, 'info', `${ctx.id}: kill switch: the ${ctx.exitResend?.purpose ?? 'exit'} waiting for the open is dropped; still holding ${ctx.openQuantity} unit(s), back to managed`, {
      exitResend: null, closeRule: null, closeDecisionId: null, closeOutcome: null, lastEventAt: now(ctx, e),
    }),
  /** The exit expired MAX_EXIT_RESENDS times in a row: stop re-sending, say so loudly. */
  giveUpExit: ({ context: ctx, event: e }: Args): Step =>
    alert(ctx, 'critical', `${ctx.id}: ${ctx.workingOrder?.purpose ?? 'exit'} order ${ctx.workingOrder?.clientOrderId ?? ''} for ${what(ctx)} expired unfilled ${MAX_EXIT_RESENDS + 1} times; not re-sent again: still holding ${ctx.openQuantity} unit(s), back to managed — close it by hand`, {
      ...expiryRecord(ctx, e, 'abandoned'), workingOrder: null, closeRule: null, closeDecisionId: null, closeOutcome: null, lastEventAt: now(ctx, e),
    }),
  /** The old legs' order of a roll expired: the roll is abandoned (recorded as expired), the position managed again. */
  abandonRoll: ({ context: ctx, event: e }: Args): Step =>
    alert(ctx, 'warning', `${ctx.id}: roll-close order ${ctx.workingOrder?.clientOrderId ?? ''} for ${what(ctx)} ${endedReason(e)} unfilled; roll abandoned, still holding ${ctx.openQuantity} unit(s), back to managed`, {
      ...expiryRecord(ctx, e, 'roll-abandoned'), workingOrder: null, pendingRoll: null, closeRule: null, closeDecisionId: null, closeOutcome: null, lastEventAt: now(ctx, e),
    }),
};
