import type { Unit } from './units.ts';

/**
 * The action catalogue: every `then.action` a rule may take, once. The config types (`ActionType`), both scope checks,
 * the rules schema, the risk gate, the trading-state latch, the terminal's and the alerts' words, docs/actions.md and
 * the error hints are all read from it (lookups: action-lookup.ts). Adding an action is one entry here plus, when it
 * sends orders, the one place that carries it out (the compiler points there: `PositionOrderAction` and
 * `PortfolioOrderAction` in engine/kernel/decisions.ts).
 */
export type ActionScope = 'position' | 'portfolio';

/** The states the risk gate applies (TradingState, or DEGRADED over ACTIVE while market data is bad). */
export const GATE_STATES = ['ACTIVE', 'REDUCING', 'DEGRADED', 'HALTED'] as const;
export type ActionGateState = (typeof GATE_STATES)[number];

/** How the risk gate treats a decision in one state: `allow`, `block`, or `forced` (only an escalation rule's passes). */
export type GatePolicy = 'allow' | 'block' | 'forced';

const ALWAYS: Readonly<Record<ActionGateState, GatePolicy>> = { ACTIVE: 'allow', REDUCING: 'allow', DEGRADED: 'allow', HALTED: 'allow' };
const EXIT: Readonly<Record<ActionGateState, GatePolicy>> = { ACTIVE: 'allow', REDUCING: 'allow', DEGRADED: 'allow', HALTED: 'forced' };

export interface ActionSpec {
  readonly name: string;
  /** Which rules may take it. */
  readonly scopes: readonly ActionScope[];
  /** Pre-empts later matches for the same position (the first exclusive match wins). */
  readonly exclusive: boolean;
  /** Only reported (an alert): never pre-empts, never gated away, never latches anything. */
  readonly notifyOnly: boolean;
  /** Carrying it out places orders. Non-forced, it does not act on a position whose marks are bad (`stale-marks`). */
  readonly sendsOrders: boolean;
  /** The `then` keys it takes (docs: ACTION_PARAMS), and whether each is required. */
  readonly params: Readonly<Partial<Record<ActionParamName, 'required' | 'optional'>>>;
  /** The risk gate's answer per gate state. */
  readonly gate: Readonly<Record<ActionGateState, GatePolicy>>;
  /** Why the gate blocks it (where `gate` says `block`). */
  readonly blocked?: string;
  /** The trading state a match latches (nothing moves it back but an operator). */
  readonly latches?: 'REDUCING' | 'HALTED';
  /** A match blocks new entries on its tick (and entry limits re-check it on the book before each entry). */
  readonly haltsEntries: boolean;
  /**
   * When it can be impossible to carry out on a tick (recorded `unexecutable`, then its `fallback` applies); absent:
   * it always acts once allowed (docs/rules.md § Fallback).
   */
  readonly unexecutableWhen?: string;
  /** What it closes: the position, or every position of the book. */
  readonly closes?: 'position' | 'every-position';
  /** The terminal's verb: `take-profit: close spy-1 at pnlPct 52%`. */
  readonly verb: string;
  /** The shadow summary's verb: `3 positions would be reduced under …`, `portfolio-limits would halt entries`. */
  readonly would: string;
  /** How a critical decision's alert names it (default: `<action> <position>`, or the action). */
  readonly alertText?: string;
  readonly description: string;
}

/** The keys of `then` besides `action`. */
export type ActionParamName = 'orderStyle' | 'fraction' | 'targetDte' | 'rollSide' | 'message' | 'fallback';

export interface ActionParamSpec {
  readonly unit: Unit;
  /** `number`: a number or `{ param: name }`; `enum`: one of `values`; `text`: free text. */
  readonly kind: 'number' | 'enum' | 'text';
  readonly values?: readonly string[];
  readonly default?: string;
  readonly description: string;
  /** Why an action that does not take it rejects it (TW_CONFIG_ACTION); default "only … do". */
  readonly uselessBecause?: string;
}

export const ACTION_PARAMS: Readonly<Record<ActionParamName, ActionParamSpec>> = {
  orderStyle: { unit: 'state', kind: 'enum', values: ['limit', 'marketable'], default: 'limit', description: "`limit`: work the order from the strategy's execution settings; `marketable`: cross the spread at once." },
  fraction: { unit: 'fraction', kind: 'number', description: 'the fraction of the contracts to close, 0 < fraction < 1, or `{ param: name }`.' },
  targetDte: { unit: 'days', kind: 'number', description: "target DTE of the new expiry, or `{ param: name }`. Default: the strategy's legs.dte.target." },
  rollSide: { unit: 'state', kind: 'enum', values: ['tested', 'all'], default: 'all', description: 'roll only the tested side, or the whole structure.' },
  message: { unit: 'text', kind: 'text', description: 'free text added to the decision and any alert (an alert without one says the rule\'s description).' },
  fallback: { unit: 'state', kind: 'enum', values: ['next', 'close', 'none'], default: 'next', description: 'when the action cannot be carried out (e.g. no roll target in the chain): `next` falls through to the next matching rule in the same tick, `close` closes the position, `none` records it and does nothing.', uselessBecause: 'is never unexecutable, so fallback has no effect' },
};

export const ACTIONS = Object.freeze([
  {
    name: 'close', scopes: ['position'], exclusive: true, notifyOnly: false, sendsOrders: true,
    params: { orderStyle: 'optional', message: 'optional', fallback: 'optional' }, gate: EXIT, haltsEntries: false, closes: 'position',
    verb: 'close', would: 'close', description: 'Close the whole position (every leg, every contract).',
  },
  {
    name: 'roll', scopes: ['position'], exclusive: true, notifyOnly: false, sendsOrders: true,
    params: { orderStyle: 'optional', targetDte: 'optional', rollSide: 'optional', message: 'optional', fallback: 'optional' },
    gate: { ACTIVE: 'allow', REDUCING: 'allow', DEGRADED: 'block', HALTED: 'block' }, blocked: 'rolls are blocked (they open new legs)', haltsEntries: false,
    unexecutableWhen: 'no roll target can be planned (no later expiry, no strikes near the target delta, no underlying price)',
    verb: 'roll', would: 'roll', description: 'Close the legs and open the structure again at a later expiry, re-centred at the strategy\'s target delta.',
  },
  {
    name: 'reduce', scopes: ['position'], exclusive: true, notifyOnly: false, sendsOrders: true,
    params: { orderStyle: 'optional', fraction: 'required', message: 'optional', fallback: 'optional' }, gate: EXIT, haltsEntries: false,
    verb: 'reduce', would: 'be reduced', description: 'Close a fraction of the contracts of every leg.',
  },
  {
    name: 'alert', scopes: ['position', 'portfolio'], exclusive: false, notifyOnly: true, sendsOrders: false,
    params: { message: 'optional' }, gate: ALWAYS, haltsEntries: false,
    verb: 'alert on', would: 'alert', description: 'Raise an alert with the rule\'s severity; evaluation goes on (it never pre-empts).',
  },
  {
    name: 'halt-entries', scopes: ['portfolio'], exclusive: false, notifyOnly: false, sendsOrders: false,
    params: { message: 'optional' }, gate: ALWAYS, haltsEntries: true,
    verb: 'halt entries', would: 'halt entries', alertText: 'entries halted', description: 'Block new entries on every tick the rule matches; entries resume by themselves once it stops matching (nothing latches).',
  },
  {
    name: 'halt', scopes: ['portfolio'], exclusive: false, notifyOnly: false, sendsOrders: false,
    params: { message: 'optional' }, gate: ALWAYS, latches: 'HALTED', haltsEntries: true,
    verb: 'halt trading', would: 'halt trading', description: 'Latch the trading state HALTED: no entries, no rolls, only forced exits, until an operator sets it back.',
  },
  {
    name: 'close-all', scopes: ['portfolio'], exclusive: false, notifyOnly: false, sendsOrders: true,
    params: { message: 'optional' }, gate: ALWAYS, latches: 'HALTED', haltsEntries: true, closes: 'every-position',
    verb: 'close every position', would: 'close every position', description: 'Latch HALTED and close every managed or closing position marketable (a forced exit).',
  },
] as const satisfies readonly ActionSpec[]);

type Entry = (typeof ACTIONS)[number];
export type ActionName = Entry['name'];

type InScope<E, S extends ActionScope> = E extends { scopes: readonly (infer X)[] } ? (S extends X ? E : never) : never;
/** Position-scope actions that place orders: the kernel turns each into a machine event (a compile error until it does). */
export type PositionOrderAction = Extract<InScope<Entry, 'position'>, { sendsOrders: true }>['name'];
/** Portfolio-scope actions that place orders: the kernel carries each out over the book. */
export type PortfolioOrderAction = Extract<InScope<Entry, 'portfolio'>, { sendsOrders: true }>['name'];
export type ExclusiveAction = Extract<Entry, { exclusive: true }>['name'];
