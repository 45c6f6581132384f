import { createActor } from 'xstate';
import type { Actor, StateValue } from 'xstate';
import { contractKey } from '../domain/index.ts';
import type { EpochMs } from '../domain/index.ts';
import { twError } from '../errors/index.ts';
import { positionMachine } from './machine.ts';
import { placeOrder } from './orders.ts';
import { comboPrices } from './pricing.ts';
import type { Intent, LegMarks, MachineEvent, PositionContext, PositionEvent, PositionInput } from './types.ts';

export type Phase = 'entry' | 'managed' | 'rolling' | 'closing' | 'closed';

export interface PositionActor {
  readonly id: string;
  /** Sends one event; returns exactly the intents it produced and the dotted state before and after. */
  send(event: PositionEvent): { intents: Intent[]; from: string; to: string };
  state(): string;
  phase(): Phase;
  context(): Readonly<PositionContext>;
  /** Plain JSON (the XState persisted snapshot); `restorePosition` resumes from it. */
  snapshot(): unknown;
  stop(): void;
}

/** `{ closing: 'repricing' }` → `closing.repricing`. */
export function dottedState(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value)[0] ?? ['', ''];
  return child === undefined ? key : `${key}.${dottedState(child as StateValue)}`;
}

class PositionActorImpl implements PositionActor {
  readonly id: string;
  #actor: Actor<typeof positionMachine>;
  #intents: Intent[] = [];
  /** Latest marks and time, from TICKs: handed to every event, not persisted (the kernel ticks before other events). */
  #marks: LegMarks | undefined;
  #now: EpochMs | undefined;
  #stateOf: unknown = null;
  #state = '';
  #phase: Phase = 'entry';

  constructor(actor: Actor<typeof positionMachine>, marks?: LegMarks, now?: EpochMs) {
    this.#actor = actor;
    this.#marks = marks;
    this.#now = now;
    actor.on('intent', (e) => this.#intents.push(e.intent));
    actor.start();
    this.id = actor.getSnapshot().context.id;
  }

  send(event: PositionEvent): { intents: Intent[]; from: string; to: string } {
    const from = this.state();
    if (event.type === 'TICK') {
      this.#marks = event.marks;
      this.#now = event.now;
      // Fast path (the hot loop at 10,000 positions): a TICK only acts on a limit order whose reprice or deadline
      // is due, or on a capped marketable order whose cap is due to re-anchor; otherwise no transition is enabled.
      const ctx = this.#actor.getSnapshot().context;
      const o = ctx.workingOrder;
      const resendDue = !!ctx.exitResend && event.now >= ctx.exitResend.at;
      const priced = !!o && (o.style === 'limit' || o.limitPrice !== null);
      if (!resendDue && (!priced || (event.now < o!.nextRepriceAt && event.now < o!.deadline))) return { intents: [], from, to: from };
    }
    this.#intents = [];
    this.#actor.send({ ...event, marks: this.#marks, now: this.#now } as MachineEvent);
    const intents = this.#intents;
    this.#intents = [];
    return { intents, from, to: this.state() };
  }

  state(): string {
    const snap = this.#actor.getSnapshot();
    if (snap !== this.#stateOf) {
      this.#stateOf = snap;
      this.#state = dottedState(snap.value);
      const dot = this.#state.indexOf('.');
      this.#phase = (dot < 0 ? this.#state : this.#state.slice(0, dot)) as Phase;
    }
    return this.#state;
  }

  /** The top-level state; cached with the dotted state (the kernel asks for it many times per position per tick). */
  phase(): Phase {
    this.state();
    return this.#phase;
  }

  context(): Readonly<PositionContext> {
    return this.#actor.getSnapshot().context;
  }

  snapshot(): unknown {
    return this.#actor.getPersistedSnapshot();
  }

  stop(): void {
    this.#actor.stop();
  }
}

function checkInput(input: PositionInput): void {
  const bad = (problem: string) => twError('TW_LIFECYCLE_BAD_INPUT', { id: input.id, problem });
  if (!input.legs?.length) throw bad('no legs');
  if (!Number.isInteger(input.quantity) || input.quantity < 1) throw bad(`quantity ${input.quantity} is not a whole number of units ≥ 1`);
  if (input.legs.some((l) => !Number.isInteger(l.ratio) || l.ratio < 1)) throw bad('a leg ratio is not a whole number ≥ 1');
  const x = input.execution;
  if (!x || !(x.repriceIntervalSeconds > 0)) throw bad('execution.repriceIntervalSeconds must be > 0');
  if (!(x.repriceStep >= 0)) throw bad('execution.repriceStep must be ≥ 0');
  if (!Number.isInteger(x.maxReprices) || x.maxReprices < 0) throw bad('execution.maxReprices must be a whole number ≥ 0');
}

export function initialContext(input: PositionInput): PositionContext {
  return {
    id: input.id, strategy: input.strategy, structure: input.structure, underlying: input.underlying,
    configVersion: input.configVersion, execution: { ...input.execution },
    structureLegs: input.legs.map((l) => ({ contract: l.contract, side: l.side, ratio: l.ratio })),
    legs: [], openQuantity: 0, targetQuantity: input.quantity,
    cashFlow: 0, commission: 0, entryNetPrice: null, creditCents: 0, openedQuantity: 0, maxProfitCents: null, maxLossCents: null, breakevens: [],
    workingOrder: null, orderSeq: 0, seenFillIds: [],
    lineage: input.lineage
      ? { ...input.lineage, cumulativeCredit: 0 }
      : { rootId: input.id, parentId: null, rollCount: 0, cumulativePnl: 0, cumulativeCredit: 0 },
    rolledPnl: 0, pendingRoll: null, closeRule: null, closeDecisionId: null, closeOutcome: null,
    outcome: null, realizedPnl: null, openedAt: input.openedAt, closedAt: null, ivAtEntry: input.ivAtEntry ?? null,
    kill: null, cancelReason: null, exitResend: null, expiries: [], settlements: [], alerts: [], lastEventAt: input.openedAt,
  };
}

/** Creates a position in `entry.submitting` and returns the `place` intent of its opening order. */
export function openPosition(input: PositionInput, now: EpochMs, marks: LegMarks): { actor: PositionActor; intents: Intent[] } {
  checkInput(input);
  if (!comboPrices(input.legs, marks)) {
    const missing = input.legs.map((l) => contractKey(l.contract)).filter((k) => !marks[k] || !(marks[k].ask > 0) || !(marks[k].bid >= 0));
    throw twError('TW_LIFECYCLE_NO_QUOTES', { id: input.id, legs: missing.join(', ') || 'a leg' });
  }
  const base = initialContext(input);
  const placed = placeOrder(base, { purpose: 'open', legs: base.structureLegs, quantity: input.quantity, style: 'limit', configVersion: input.configVersion }, now, marks);
  const context: PositionContext = { ...base, workingOrder: placed.workingOrder, orderSeq: placed.orderSeq, lastEventAt: now };
  const impl = new PositionActorImpl(createActor(positionMachine, { input: context }), marks, now);
  return { actor: impl, intents: placed.intents };
}

/**
 * Resumes a position from `snapshot()`. The latest marks are not part of the snapshot (they change every tick): pass
 * the latest known marks (and time) so an event before the next TICK can still price orders; otherwise send a TICK
 * first. With the same marks, a restored actor behaves exactly like the original.
 */
export function restorePosition(snapshot: unknown, marks?: LegMarks, now?: EpochMs): PositionActor {
  const s = snapshot as { value?: unknown; context?: Partial<PositionContext>; status?: string } | null;
  if (!s || typeof s !== 'object') throw twError('TW_LIFECYCLE_BAD_SNAPSHOT', { problem: 'not an object' });
  if (s.value === undefined) throw twError('TW_LIFECYCLE_BAD_SNAPSHOT', { problem: 'no state value' });
  if (!s.context || typeof s.context.id !== 'string' || !s.context.execution) throw twError('TW_LIFECYCLE_BAD_SNAPSHOT', { problem: 'no position context' });
  try {
    return new PositionActorImpl(createActor(positionMachine, { snapshot: s as never, input: undefined as never }), marks, now);
  } catch (cause) {
    throw twError('TW_LIFECYCLE_BAD_SNAPSHOT', { problem: (cause as Error).message }, { cause });
  }
}
