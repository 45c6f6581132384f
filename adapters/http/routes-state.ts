/**
 * `GET /api/trading-state`: the latched trading state (REDUCING, HALTED) with since when and why, for the state
 * banner. The kernel latches the state without keeping its time; every change is stored as a `trading-state` alert
 * (`trading state ACTIVE → HALTED (why)`), so the latest one naming the current state says when and why.
 */
import type { FastifyInstance } from 'fastify';
import type { AlertRow } from '../../engine/store/index.ts';
import type { ApiContext } from './types.ts';
import { LATCHED_TRADING_STATES, TRADING_STATES } from './health.ts';
import { degradedSchema, entriesHaltedSchema, errorResponses, s } from './schemas.ts';

const CHANGE = /^trading state (\w+) → (\w+) \((.*)\)$/s;
const PAGE = 1000;
const MAX_PAGES = 20;

export interface StateChange { since: number; from: string; reason: string }

/**
 * The stored change into `state` still in force, from alerts newest first: the newest `trading-state` change if it
 * went to `state`, null if it went elsewhere, undefined if these alerts hold no change (look at older ones).
 */
export function latestChange(alerts: readonly AlertRow[], state: string): StateChange | null | undefined {
  for (const a of alerts) {
    if (a.source !== 'trading-state') continue;
    const m = CHANGE.exec(a.message);
    if (!m) continue;
    // The newest change decides: if it went elsewhere, the state in force was not entered by a stored change.
    return m[2] === state ? { since: a.time, from: m[1], reason: m[3] } : null;
  }
  return undefined;
}

export function tradingStateRoutes(app: FastifyInstance, { kernel }: ApiContext): void {
  app.get('/api/trading-state', {
    schema: {
      summary: 'The trading state with since when and why (the state banner): the latched state\'s last change, DEGRADED and entries halted',
      response: {
        200: {
          type: 'object',
          properties: {
            tradingState: { type: 'string', enum: TRADING_STATES }, latchedTradingState: { type: 'string', enum: LATCHED_TRADING_STATES },
            since: { ...s.nnum, description: 'tick time (epoch ms) the latched state was entered; null for ACTIVE or when no change is stored' },
            reason: { ...s.nstr, description: 'why it was entered, as the change recorded it (operator reason, rule, kill switch, store failure)' },
            from: s.nstr,
            degraded: degradedSchema, entriesHalted: entriesHaltedSchema,
          },
          required: ['tradingState', 'latchedTradingState', 'since', 'reason', 'from', 'degraded', 'entriesHalted'],
        },
        ...errorResponses,
      },
    },
  }, async () => {
    const st = kernel.status();
    let change: StateChange | null = null;
    if (st.latchedTradingState !== 'ACTIVE') {
      for (let p = 0; p < MAX_PAGES; p++) {
        const rows = await kernel.store.reads.alerts({ limit: PAGE, offset: p * PAGE });
        const found = latestChange(rows, st.latchedTradingState);
        if (found !== undefined) {
          change = found;
          break;
        }
        if (rows.length < PAGE) break;
      }
    }
    return {
      tradingState: st.tradingState, latchedTradingState: st.latchedTradingState, since: change?.since ?? null, reason: change?.reason ?? null,
      from: change?.from ?? null, degraded: st.degraded, entriesHalted: st.entriesHalted,
    };
  });
}
