import { enqueueActions, setup } from 'xstate';
import { actionImpls } from './actions.ts';
import { expiryActions } from './expiry-actions.ts';
import { guards } from './guards.ts';
import type { Intent, MachineEvent, PositionContext } from './types.ts';

/**
 * The position machine. The configuration below only *names* guards and actions; guards.ts and actions.ts implement
 * them as pure functions of (context, event). Actions emit `{ type: 'intent', intent }` events that the actor
 * wrapper collects: the machine decides, it never calls a broker. No `after` timers: every deadline lives in
 * context and is checked on TICK.
 */

type T = { target?: string; guard?: string; actions?: string[] };
type OrderPhase = 'entry' | 'closing' | 'closeOld' | 'openNew';

const ORDER_STATES = ['submitting', 'working', 'repricing', 'marketable', 'cancelling'] as const;
type OrderState = (typeof ORDER_STATES)[number];

const actions = Object.fromEntries(
  Object.entries({ ...actionImpls, ...expiryActions }).map(([name, impl]) => [
    name,
    enqueueActions(({ context, event, enqueue }: { context: PositionContext; event: MachineEvent; enqueue: any }) => {
      const step = impl({ context, event });
      if (step.patch && Object.keys(step.patch).length > 0) enqueue.assign(step.patch);
      for (const intent of step.intents ?? []) enqueue.emit({ type: 'intent', intent });
    }),
  ]),
);

/**
 * What ends an order, per phase: completing fills and ended orders (cancelled, expired, rejected). Transitions that
 * serve a kill switch waiting to flatten exist only in `cancelling`, the one state a KILL leaves that flag in.
 */
function brokerOutcomes(phase: OrderPhase, state: OrderState): T[] {
  const cancelling = state === 'cancelling';
  switch (phase) {
    case 'entry':
    case 'openNew':
      return [
        { guard: 'isCompletingFill', target: '#position.managed', actions: ['applyFill', 'finishOpen'] },
        ...(cancelling ? [{ guard: 'isEndedWithFillsToFlatten', target: '#position.closing.submitting', actions: ['finishOpen', 'placeKillClose'] }] : []),
        { guard: 'isEndedWithFills', target: '#position.managed', actions: ['recordExpiryPartlyFilled', 'finishOpen'] },
        ...(phase === 'entry'
          ? [
              { guard: 'isOrderRejected', target: '#position.closed', actions: ['closeRejected'] },
              { guard: 'isOrderCancelled', target: '#position.closed', actions: ['recordExpiryNotFilled', 'closeNotFilled'] },
            ]
          : [{ guard: 'isOrderEnded', target: '#position.closed', actions: ['recordExpiryRollFailed', 'rollFailed'] }]),
      ];
    case 'closing':
      return [
        { guard: 'isFlatteningFill', target: '#position.closed', actions: ['applyFill', 'finishClose'] },
        { guard: 'isCompletingFill', target: '#position.managed', actions: ['applyFill', 'finishReduce'] },
        ...(cancelling ? [{ guard: 'isEndedToFlatten', target: '#position.closing.submitting', actions: ['placeKillClose'] }] : []),
        // A decided exit whose order expired is not forgotten: re-sent now (session open) or at the next open.
        ...(cancelling
          ? []
          : [
              { guard: 'isExitExpiredTooOften', target: '#position.managed', actions: ['giveUpExit'] },
              { guard: 'isExitExpiredInSession', target: '#position.closing.submitting', actions: ['resendExit'] },
              { guard: 'isExitEndedAtClose', target: '#position.closing.awaitingOpen', actions: ['awaitOpen'] },
            ]),
        { guard: 'isOrderEnded', target: '#position.managed', actions: ['abortExit'] },
      ];
    case 'closeOld':
      return [
        ...(cancelling ? [] : [{ guard: 'isFlatteningFillWithRoll', target: '#position.rolling.openNew.submitting', actions: ['applyFill', 'placeRollOpen'] }]),
        ...(cancelling ? [{ guard: 'isFlatteningFill', target: '#position.closed', actions: ['applyFill', 'finishClose'] }] : []),
        ...(cancelling ? [{ guard: 'isEndedToFlatten', target: '#position.closing.submitting', actions: ['placeKillClose'] }] : []),
        ...(cancelling ? [] : [{ guard: 'isExitEndedAtClose', target: '#position.managed', actions: ['abandonRoll'] }]),
        { guard: 'isOrderEnded', target: '#position.managed', actions: ['abortExit'] },
      ];
  }
}

function killHandlers(phase: OrderPhase, state: OrderState): T[] {
  if (state === 'cancelling') return [{ actions: ['markKilled'] }];
  const cancel = { target: 'cancelling', actions: ['markKilled', 'cancelOrder'] };
  if (phase === 'closing') {
    return state === 'marketable'
      ? [{ guard: 'isFlattenKill', actions: ['killFlatten'] }, cancel]
      : [{ guard: 'isFlattenKill', target: 'marketable', actions: ['killFlatten'] }, cancel];
  }
  if (phase === 'closeOld') return [{ guard: 'isFlattenKill', target: '#position.closing.marketable', actions: ['killFlatten'] }, cancel];
  return [cancel];
}

function orderState(phase: OrderPhase, state: OrderState) {
  const on: Record<string, T[]> = {};
  on.BROKER = [
    ...brokerOutcomes(phase, state),
    { guard: 'isPartialFill', actions: ['applyFill'] },
    ...(state === 'submitting' ? [{ guard: 'isAccepted', target: 'working' }] : []),
  ];
  if (state !== 'marketable' && state !== 'cancelling') {
    on.TICK = [
      { guard: 'isRepriceDue', target: 'repricing', actions: ['reprice'] },
      { guard: 'isTimeoutToMarketable', target: 'marketable', actions: ['goMarketable'] },
      ...(phase === 'entry' || phase === 'openNew' ? [{ guard: 'isTimeoutToCancel', target: 'cancelling', actions: ['cancelOrder'] }] : []),
      // An exit sent marketable from the start (a marketable decision) re-anchors its cap here until it fills.
      ...((phase === 'closing' || phase === 'closeOld') && (state === 'submitting' || state === 'working') ? [{ guard: 'isRecapDue', actions: ['recap'] }] : []),
    ];
  }
  // A marketable order is a limit at its price cap: it waits there (alerted) and re-anchors the cap on new marks.
  if (state === 'marketable') on.TICK = [{ guard: 'isRecapDue', actions: ['recap'] }];
  on.KILL = killHandlers(phase, state);
  if (phase === 'entry' && state !== 'cancelling') on.CANCEL_ENTRY = [{ target: 'cancelling', actions: ['markEntryCancelled', 'cancelOrder'] }];
  if (phase === 'closing' && state !== 'marketable' && state !== 'cancelling') {
    on.DECISION = [{ guard: 'isMarketableEscalation', target: 'marketable', actions: ['escalate'] }];
  }
  if (phase === 'closeOld' && state !== 'cancelling') {
    on.DECISION = [{ guard: 'isEscalatingClose', target: '#position.closing.marketable', actions: ['escalate'] }];
  }
  return { on };
}

/** An exit whose order expired at the session close, still decided, with no order until the next open. */
const awaitingOpen = {
  on: {
    TICK: [{ guard: 'isResendDue', target: 'submitting', actions: ['resendAtOpen'] }],
    DECISION: [{ guard: 'isEscalationWhileWaiting', actions: ['escalateResend'] }],
    KILL: [{ guard: 'isFlattenKill', actions: ['killResend'] }, { target: '#position.managed', actions: ['dropResend'] }],
  },
};

function orderStates(phase: OrderPhase) {
  return {
    initial: 'submitting',
    states: { ...Object.fromEntries(ORDER_STATES.map((s) => [s, orderState(phase, s)])), ...(phase === 'closing' ? { awaitingOpen } : {}) },
  };
}

export const positionMachine = setup({
  types: {} as {
    context: PositionContext;
    events: MachineEvent;
    input: PositionContext;
    emitted: { type: 'intent'; intent: Intent };
  },
  guards,
  actions: actions as any,
}).createMachine({
  id: 'position',
  context: ({ input }: { input: PositionContext }) => input,
  initial: 'entry',
  on: {
    BROKER: [
      { guard: 'isSettlementFlattening', target: '.closed', actions: ['applySettlement', 'finishSettled'] },
      { guard: 'isSettlement', actions: ['applySettlement'] },
      { guard: 'isStrayFillFlattening', target: '.closed', actions: ['applyStrayFill', 'cancelOrder', 'finishClose'] },
      { guard: 'isStrayFill', actions: ['applyStrayFill'] },
    ],
  },
  states: {
    entry: orderStates('entry'),
    managed: {
      on: {
        DECISION: [
          { guard: 'isRollDecision', target: 'rolling', actions: ['placeRollClose'] },
          { guard: 'isReduceDecision', target: 'closing', actions: ['placeReduce'] },
          { guard: 'isCloseDecision', target: 'closing', actions: ['placeClose'] },
        ],
        MANUAL: [
          { guard: 'isRollDecision', target: 'rolling', actions: ['placeRollClose'] },
          { guard: 'isCloseDecision', target: 'closing', actions: ['placeClose'] },
        ],
        KILL: [{ guard: 'isFlattenKill', target: 'closing', actions: ['placeKillClose'] }],
      },
    },
    rolling: {
      initial: 'closeOld',
      states: { closeOld: orderStates('closeOld'), openNew: orderStates('openNew') },
    },
    closing: orderStates('closing'),
    closed: { type: 'final' },
  },
} as any);
