import type { BrokerEvent } from '../domain/index.ts';
import { applyFill, applySettlement, closingLegs } from './book.ts';
import { chainCreditOf, openingBasis } from './basis.ts';
import { goMarketable, placeOrder, recapOrder, repriceOrder } from './orders.ts';
import type { OrderSpec } from './orders.ts';
import type { AlertRecord, Intent, MachineEvent, PositionContext, PositionOutcome } from './types.ts';

/** What one named action does: a context patch and the intents it emits. Pure: the machine wires it in. */
export interface Step {
  patch?: Partial<PositionContext>;
  intents?: Intent[];
}
type Args = { context: PositionContext; event: MachineEvent };
type ActionImpl = (args: Args) => Step;

export function alert(ctx: PositionContext, severity: AlertRecord['severity'], message: string, patch: Partial<PositionContext> = {}): Step {
  const alerts = patch.alerts ?? ctx.alerts;
  return { patch: { ...patch, alerts: [...alerts, { severity, message }] }, intents: [{ type: 'alert', severity, message }] };
}

export function merge(...steps: Step[]): Step {
  const out: Step = { patch: {}, intents: [] };
  for (const s of steps) {
    Object.assign(out.patch!, s.patch);
    out.intents!.push(...(s.intents ?? []));
  }
  return out;
}

export function now(ctx: PositionContext, e: MachineEvent): number {
  if (e.type === 'TICK') return e.now;
  if (e.type === 'BROKER' && 'time' in e.event) return Math.max(ctx.lastEventAt, e.event.time);
  return Math.max(ctx.lastEventAt, e.now ?? 0);
}

function broker<T extends BrokerEvent['type']>(e: MachineEvent, type: T): Extract<BrokerEvent, { type: T }> | null {
  return e.type === 'BROKER' && e.event.type === type ? (e.event as Extract<BrokerEvent, { type: T }>) : null;
}

export function place(ctx: PositionContext, e: MachineEvent, spec: OrderSpec, patch: Partial<PositionContext> = {}): Step {
  const placed = placeOrder({ ...ctx, ...patch }, spec, now(ctx, e), e.marks);
  const alerts = placed.intents.filter((i) => i.type === 'alert').map((i) => ({ severity: i.severity, message: i.message }));
  return {
    patch: { ...patch, workingOrder: placed.workingOrder, orderSeq: placed.orderSeq, ...(alerts.length ? { alerts: [...ctx.alerts, ...alerts] } : {}) },
    intents: placed.intents,
  };
}

/** The working order made marketable (a limit at its cap) with `patch`; alerts it raises are kept in context too. */
function marketable(ctx: PositionContext, e: MachineEvent, patch: Partial<PositionContext>): Step {
  const o = ctx.workingOrder!;
  const r = o.style === 'marketable' ? { workingOrder: o, intents: [] as Intent[] } : goMarketable(ctx, o, e.marks);
  return withAlerts(ctx, { patch: { ...patch, workingOrder: r.workingOrder }, intents: r.intents });
}

/** A step whose alert intents are also recorded in the context's alerts. */
function withAlerts(ctx: PositionContext, step: Step): Step {
  const alerts = (step.intents ?? []).filter((i) => i.type === 'alert').map((i) => ({ severity: i.severity, message: i.message }));
  return alerts.length ? { ...step, patch: { ...step.patch, alerts: [...ctx.alerts, ...alerts] } } : step;
}

function decisionVersion(ctx: PositionContext, e: MachineEvent): string {
  return e.type === 'DECISION' || e.type === 'MANUAL' ? e.configVersion : ctx.configVersion;
}

/** Rejections saying the broker does not list a leg's contract (the paper broker's, IB's 200 "no security definition"). */
const UNLISTED_CODES: ReadonlySet<string> = new Set(['TW_SIM_ORDER_UNKNOWN_CONTRACT', 'IB_200']);
const UNLISTED_ADVICE = '. The broker does not list a leg\'s contract, so this exit cannot go out until it does: close the position at the broker by hand (the rule will try again each tick it fires)';

function unlisted(e: MachineEvent): boolean {
  return e.type === 'BROKER' && e.event.type === 'rejected' && e.event.code !== undefined && UNLISTED_CODES.has(e.event.code);
}

export function endedReason(e: MachineEvent): string {
  if (e.type !== 'BROKER') return '';
  const b = e.event;
  if (b.type === 'rejected') return `rejected: ${b.reason}`;
  if (b.type === 'cancelled') return `cancelled${b.reason ? `: ${b.reason}` : ''}`;
  return b.type;
}

function closeWith(ctx: PositionContext, e: MachineEvent, outcome: PositionOutcome): Partial<PositionContext> {
  return {
    outcome,
    realizedPnl: ctx.rolledPnl + ctx.cashFlow,
    closedAt: now(ctx, e),
    workingOrder: null,
    pendingRoll: null,
    exitResend: null,
    lineage: { ...ctx.lineage, cumulativePnl: ctx.lineage.cumulativePnl + ctx.cashFlow },
    lastEventAt: now(ctx, e),
  };
}

export const actionImpls: Record<string, ActionImpl> = {
  applyFill: ({ context: ctx, event: e }) => {
    const fill = broker(e, 'fill');
    const o = ctx.workingOrder;
    if (!fill || !o) return {};
    const book = applyFill(ctx, fill, o.legs);
    const patch: Partial<PositionContext> = {
      legs: book.legs, openQuantity: book.openQuantity, cashFlow: book.cashFlow, commission: book.commission,
      workingOrder: { ...o, filled: o.filled + fill.quantity },
      seenFillIds: [...ctx.seenFillIds, fill.fillId],
      lastEventAt: now(ctx, e),
    };
    if (o.purpose === 'open' || o.purpose === 'roll-open') {
      const prev = ctx.entryNetPrice ?? 0;
      patch.entryNetPrice = Math.round(((prev * o.filled + fill.netPrice * fill.quantity) / (o.filled + fill.quantity)) * 10000) / 10000;
      patch.creditCents = ctx.creditCents + book.premium;
      // The units this opening order has filled so far are the units the current leg set opened.
      Object.assign(patch, openingBasis(ctx.structureLegs, patch.creditCents, o.filled + fill.quantity));
    }
    return { patch };
  },
  applyStrayFill: ({ context: ctx, event: e }) => {
    const fill = broker(e, 'fill');
    if (!fill) return {};
    const book = applyFill(ctx, fill, []);
    return alert(ctx, 'warning', `${ctx.id}: late fill ${fill.fillId} for ${fill.clientOrderId} (not the working order) applied to the legs held`, {
      legs: book.legs, openQuantity: book.openQuantity, cashFlow: book.cashFlow, commission: book.commission,
      seenFillIds: [...ctx.seenFillIds, fill.fillId],
    });
  },
  reprice: ({ context: ctx, event: e }) => {
    const r = ctx.workingOrder && e.type === 'TICK' ? repriceOrder(ctx, ctx.workingOrder, e.now, e.marks) : null;
    return r ? { patch: { workingOrder: r.workingOrder, lastEventAt: now(ctx, e) }, intents: [r.intent] } : {};
  },
  goMarketable: ({ context: ctx, event: e }) => {
    if (!ctx.workingOrder) return {};
    const r = goMarketable(ctx, ctx.workingOrder, e.marks);
    return withAlerts(ctx, { patch: { workingOrder: r.workingOrder, lastEventAt: now(ctx, e) }, intents: r.intents });
  },
  /** A marketable order re-anchors its cap on the latest marks (and alerts once when it must wait at it). */
  recap: ({ context: ctx, event: e }) => {
    if (!ctx.workingOrder || e.type !== 'TICK') return {};
    const r = recapOrder(ctx, ctx.workingOrder, e.now, e.marks);
    return withAlerts(ctx, { patch: { workingOrder: r.workingOrder, lastEventAt: now(ctx, e) }, intents: r.intents });
  },
  cancelOrder: ({ context: ctx, event: e }) =>
    ctx.workingOrder ? { patch: { lastEventAt: now(ctx, e) }, intents: [{ type: 'cancel', clientOrderId: ctx.workingOrder.clientOrderId }] } : {},
  markKilled: ({ context: ctx, event: e }) => ({ patch: { kill: { flatten: e.type === 'KILL' && e.flatten }, pendingRoll: null } }),
  markEntryCancelled: ({ event: e }) => ({ patch: { cancelReason: e.type === 'CANCEL_ENTRY' ? e.reason : null } }),
  finishOpen: ({ context: ctx, event: e }) => {
    const o = ctx.workingOrder;
    const steps: Step[] = [];
    const patch: Partial<PositionContext> = { workingOrder: null, kill: null, lastEventAt: now(ctx, e) };
    if (o) {
      patch.lineage = { ...ctx.lineage, rollCount: ctx.lineage.rollCount + (o.purpose === 'roll-open' ? 1 : 0) };
      if (o.filled < o.quantity) steps.push(alert(ctx, 'warning', `${ctx.id}: ${o.purpose} order ${o.clientOrderId} filled ${o.filled} of ${o.quantity} (${endedReason(e)}); managing what filled`));
    }
    return merge({ patch }, ...steps);
  },
  finishReduce: ({ context: ctx, event: e }) => ({
    patch: { workingOrder: null, closeRule: null, closeDecisionId: null, closeOutcome: null, kill: null, lastEventAt: now(ctx, e) },
  }),
  finishClose: ({ context: ctx, event: e }) => ({ patch: closeWith(ctx, e, ctx.closeOutcome ?? 'closed-by-rule') }),
  closeNotFilled: ({ context: ctx, event: e }) => {
    const outcome: PositionOutcome = ctx.kill ? 'killed' : 'not-filled';
    return alert(ctx, 'info', `${ctx.id}: entry ${ctx.workingOrder?.clientOrderId ?? ''} not filled (${endedReason(e) || ctx.cancelReason || 'timed out'}); position closed`, closeWith(ctx, e, outcome));
  },
  closeRejected: ({ context: ctx, event: e }) =>
    alert(ctx, 'warning', `${ctx.id}: entry order ${endedReason(e)}; position closed`, closeWith(ctx, e, 'rejected')),
  abortExit: ({ context: ctx, event: e }) =>
    alert(ctx, ctx.kill ? 'info' : unlisted(e) ? 'critical' : 'warning', `${ctx.id}: ${ctx.workingOrder?.purpose ?? 'exit'} order ${ctx.workingOrder?.clientOrderId ?? ''} ${endedReason(e)}; still holding ${ctx.openQuantity} unit(s), back to managed${unlisted(e) ? UNLISTED_ADVICE : ''}`, {
      workingOrder: null, pendingRoll: null, closeRule: null, closeDecisionId: null, closeOutcome: null, kill: null, lastEventAt: now(ctx, e),
    }),
  rollFailed: ({ context: ctx, event: e }) => {
    const legs = ctx.workingOrder?.legs.map((l) => `${l.side} ${l.contract.right} ${l.contract.strike} ${l.contract.expiry}`).join(', ') ?? '';
    const why = endedReason(e) || 'timed out';
    return alert(ctx, 'critical', `${ctx.id}: roll could not open the new legs (${legs}): ${why}; old legs were closed, position is flat and closed`,
      closeWith(ctx, e, ctx.kill ? 'killed' : 'roll-failed'));
  },
  placeClose: ({ context: ctx, event: e }) => {
    const isDecision = e.type === 'DECISION';
    const style = isDecision ? e.orderStyle : 'limit';
    return place(ctx, e, { purpose: 'close', legs: closingLegs(ctx.legs), quantity: ctx.openQuantity, style, configVersion: decisionVersion(ctx, e) }, {
      closeRule: isDecision ? e.rule : 'manual',
      closeDecisionId: isDecision ? e.decisionId : null,
      closeOutcome: isDecision ? 'closed-by-rule' : 'manual',
    });
  },
  placeKillClose: ({ context: ctx, event: e }) =>
    place(ctx, e, { purpose: 'close', legs: closingLegs(ctx.legs), quantity: ctx.openQuantity, style: 'marketable', configVersion: ctx.configVersion }, {
      closeRule: 'kill-switch', closeDecisionId: null, closeOutcome: 'killed', kill: null,
    }),
  placeReduce: ({ context: ctx, event: e }) => {
    if (e.type !== 'DECISION') return {};
    const units = Math.min(ctx.openQuantity, Math.max(1, Math.floor(ctx.openQuantity * (e.fraction ?? 0.5))));
    return place(ctx, e, { purpose: 'reduce', legs: closingLegs(ctx.legs), quantity: units, style: e.orderStyle, configVersion: e.configVersion }, {
      closeRule: e.rule, closeDecisionId: e.decisionId, closeOutcome: 'closed-by-rule',
    });
  },
  placeRollClose: ({ context: ctx, event: e }) => {
    if (e.type !== 'DECISION' && e.type !== 'MANUAL') return {};
    const isDecision = e.type === 'DECISION';
    const pendingRoll = {
      legs: e.newLegs ?? [], quantity: ctx.openQuantity,
      decisionId: isDecision ? e.decisionId : 'manual', rule: isDecision ? e.rule : 'manual', configVersion: e.configVersion,
    };
    return place(ctx, e, { purpose: 'roll-close', legs: closingLegs(ctx.legs), quantity: ctx.openQuantity, style: isDecision ? e.orderStyle : 'limit', configVersion: e.configVersion }, {
      pendingRoll, closeRule: pendingRoll.rule, closeDecisionId: isDecision ? e.decisionId : null, closeOutcome: isDecision ? 'closed-by-rule' : 'manual',
    });
  },
  /** The old leg set is flat: bank its P&L in the lineage and open the new legs. */
  placeRollOpen: ({ context: ctx, event: e }) => {
    const roll = ctx.pendingRoll;
    if (!roll) return {};
    const banked: Partial<PositionContext> = {
      rolledPnl: ctx.rolledPnl + ctx.cashFlow,
      lineage: { ...ctx.lineage, cumulativePnl: ctx.lineage.cumulativePnl + ctx.cashFlow, cumulativeCredit: chainCreditOf(ctx) },
      cashFlow: 0, commission: 0, creditCents: 0, entryNetPrice: null, openedQuantity: 0, maxProfitCents: null, maxLossCents: null, breakevens: [],
      structureLegs: roll.legs, targetQuantity: roll.quantity, pendingRoll: null, closeRule: null, closeDecisionId: null, closeOutcome: null,
    };
    return place(ctx, e, { purpose: 'roll-open', legs: roll.legs, quantity: roll.quantity, style: 'limit', configVersion: roll.configVersion }, banked);
  },
  escalate: ({ context: ctx, event: e }) => {
    if (e.type !== 'DECISION' || !ctx.workingOrder) return {};
    return marketable(ctx, e, { closeRule: e.rule, closeDecisionId: e.decisionId, closeOutcome: 'closed-by-rule', pendingRoll: null });
  },
  killFlatten: ({ context: ctx, event: e }) => {
    if (!ctx.workingOrder) return {};
    return marketable(ctx, e, { closeRule: 'kill-switch', closeDecisionId: null, closeOutcome: 'killed', pendingRoll: null });
  },
  applySettlement: ({ context: ctx, event: e }) => {
    const s = broker(e, 'settlement');
    if (!s) return {};
    const patch = { ...applySettlement(ctx, s), lastEventAt: now(ctx, e) };
    if (s.shares) return alert(ctx, 'critical', `${ctx.id}: ${s.key} ${s.outcome}: ${s.shares} shares delivered; manage the stock outside tickwise`, patch);
    return { patch };
  },
  finishSettled: ({ context: ctx, event: e }) => {
    const worthless = ctx.settlements.every((s) => s.outcome === 'expired-worthless');
    const intents: Intent[] = ctx.workingOrder ? [{ type: 'cancel', clientOrderId: ctx.workingOrder.clientOrderId }] : [];
    return { patch: closeWith(ctx, e, worthless ? 'expired' : 'settled'), intents };
  },
};
