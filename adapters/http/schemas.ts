/**
 * JSON Schemas shared by the routes. They validate requests and shape responses (fastify serialises with them, so
 * undeclared fields are dropped and nothing un-serialisable leaks). `{}` means "any JSON" for free-form parts
 * (facts, traces, diffs). Numbers that may be missing are declared nullable.
 */
export const anyJson = {} as const;
const nstr = { type: ['string', 'null'] } as const;
const nnum = { type: ['number', 'null'] } as const;
const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;

export const errorSchema = {
  type: 'object',
  description: 'Every error: a code from the error registry (docs/errors.md), what happened, and what to do.',
  properties: { code: str, message: str, hint: str, outcome: anyJson },
  required: ['code', 'message', 'hint'],
} as const;

/** Error responses every route may give. */
export const errorResponses = { '4xx': errorSchema, '5xx': errorSchema } as const;

export const idParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
  required: ['id'],
  additionalProperties: false,
} as const;

export const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  offset: { type: 'integer', minimum: 0, default: 0 },
} as const;

export const positionSchema = {
  type: 'object',
  properties: {
    id: str, strategy: str, structure: str, underlying: str, state: str, phase: nstr, openedAt: nnum, closedAt: nnum,
    configVersion: str, pinnedVersion: nstr, creditCents: int, maxProfitCents: nnum, maxLossCents: nnum, cashFlowCents: int,
    commissionCents: int, ivAtEntry: nnum, peakPnlPct: nnum, contracts: int, rootId: str, parentId: nstr, rollCount: int,
    cumulativePnlCents: int, outcome: nstr, closeRule: nstr, realizedPnlCents: nnum, hold: bool,
    /** From the last tick's facts (null when the position has no marks, or is closed). */
    pnl: nnum, pnlPct: nnum, dte: nnum, delta: nnum,
  },
  required: ['id', 'strategy', 'state'],
} as const;

export const contractSchema = {
  type: 'object',
  properties: { underlying: str, expiry: str, right: str, strike: num, multiplier: num },
} as const;

export const legSchema = {
  type: 'object',
  properties: { key: str, contract: contractSchema, quantity: int, avgPrice: nnum },
} as const;

export const decisionSchema = {
  type: 'object',
  properties: {
    id: str, tickTime: num, tickSeq: int, positionId: nstr, rule: str, action: str, priority: num, severity: nstr,
    facts: anyJson, preempted: { type: 'array', items: str }, trace: anyJson, configVersion: str, outcome: str,
  },
} as const;

export const transitionSchema = {
  type: 'object',
  properties: { positionId: str, from: str, to: str, event: str, decisionId: nstr, tickTime: num, configVersion: str },
} as const;

export const alertSchema = {
  type: 'object',
  properties: { id: int, time: num, severity: { type: 'string', enum: ['info', 'warning', 'critical'] }, source: str, positionId: nstr, message: str, acknowledgedAt: nnum, acknowledgedBy: nstr, acknowledgementNote: nstr },
} as const;

export const equitySchema = {
  type: 'object',
  properties: { time: num, equityCents: int, cashCents: int, dailyPnlPct: nnum, drawdownPct: nnum },
} as const;

export const orderSchema = {
  type: 'object',
  properties: {
    clientOrderId: str, purpose: str, quantity: int, style: str, limitPrice: nnum, timeInForce: str, status: str,
    brokerOrderId: nstr, filled: int, createdAt: num, updatedAt: num, legs: anyJson,
    events: { type: 'array', items: { type: 'object', properties: { status: str, time: num, detail: nstr } } },
  },
} as const;

/** What a control route answers (202): the command queued for the next tick. */
export const queuedSchema = {
  type: 'object',
  properties: { queued: anyJson, appliesAt: str },
  required: ['queued', 'appliesAt'],
} as const;

export const s = { str, num, int, bool, nstr, nnum };

/** DEGRADED as /api/health and the stream's hello frame show it (kernel status `degraded`). */
export const degradedSchema = {
  type: ['object', 'null'], description: 'set while market data is bad (the engine entered DEGRADED by itself); null otherwise',
  properties: {
    since: { type: 'number', description: 'tick time (epoch ms) DEGRADED was entered' },
    reasons: { type: 'array', items: { type: 'object', properties: { kind: { type: 'string', enum: ['stale-marks', 'underlying', 'silent-feed', 'data-farm'] }, message: str } } },
  },
};

/** Entries blocked by halt-entries decisions (kernel status `entriesHalted`). */
export const entriesHaltedSchema = {
  type: ['object', 'null'], description: 'set while halt-entries (or halt / close-all) rules block entries; null otherwise',
  properties: {
    by: { type: 'array', items: str, description: 'the rules blocking entries on the last tick' },
    since: { type: 'number', description: 'tick time (epoch ms) of the first tick of the current halt streak (survives a restart)' },
  },
};
