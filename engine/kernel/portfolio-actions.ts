/**
 * Portfolio actions that place orders (catalogue `sendsOrders`, portfolio scope), carried out over the book once the
 * risk gate allowed them. The switch is exhaustive: a new such action in engine/catalogue/actions.ts is a compile
 * error here until it is carried out. Actions that only latch a state or halt entries need nothing here.
 */
import type { PortfolioOrderAction } from '../catalogue/index.ts';
import type { Decision } from '../evaluate/index.ts';
import { sendToPosition } from './intents.ts';
import type { KernelState } from './state.ts';
import type { TickWork } from './tick-work.ts';

/** Carries out an allowed portfolio decision that places orders (catalogue `sendsOrders`, portfolio scope). */
export function carryOut(k: KernelState, w: TickWork, action: PortfolioOrderAction, d: Decision): void {
  switch (action) {
    case 'close-all': closeAll(k, w, d); return;
    default: {
      const unhandled: never = action;
      throw new Error(`portfolio action ${String(unhandled)} places orders but the kernel does not carry it out`);
    }
  }
}

function closeAll(k: KernelState, w: TickWork, d: Decision): void {
  for (const e of k.book.live()) {
    if (e.actor.phase() !== 'managed' && e.actor.phase() !== 'closing') continue;
    const id = w.nextDecisionId();
    sendToPosition(k, w, e, { type: 'TICK', now: w.time, marks: w.marks });
    sendToPosition(k, w, e, { type: 'DECISION', decisionId: id, rule: d.rule, action: 'close', orderStyle: 'marketable', configVersion: k.current.config.version, escalation: true }, id);
  }
}
