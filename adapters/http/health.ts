/**
 * The engine's status as `/api/health` answers it and as the stream's `hello` frame carries it: one body, one schema,
 * so the two always use the same field names (a client that reads one can read the other).
 */
import type { Kernel } from '../../engine/kernel/index.ts';
import { degradedSchema, entriesHaltedSchema, s } from './schemas.ts';

export const TRADING_STATES = ['ACTIVE', 'REDUCING', 'HALTED', 'DEGRADED'] as const;
export const LATCHED_TRADING_STATES = ['ACTIVE', 'REDUCING', 'HALTED'] as const;
export const BROKER_STATUSES = ['connected', 'degraded', 'disconnected'] as const;

const storeWriteSchema = {
  type: ['object', 'null'],
  description: 'set while the store cannot write a tick (disk full, I/O error): the engine retries and sends no order meanwhile',
  properties: {
    code: s.str, message: s.str, hint: s.str, failures: s.int, seq: s.int, tickTime: s.num, nextRetryMs: s.num, halted: s.bool,
  },
} as const;

export const healthSchema = {
  type: 'object',
  properties: {
    ok: s.bool,
    tradingState: { type: 'string', enum: TRADING_STATES, description: 'what applies now: ACTIVE, REDUCING, HALTED, or DEGRADED (over ACTIVE only, while market data is bad)' },
    latchedTradingState: { type: 'string', enum: LATCHED_TRADING_STATES, description: 'the state operators and rules set (what DEGRADED returns to)' },
    degraded: degradedSchema, entriesHalted: entriesHaltedSchema, configVersion: s.str, pendingConfigVersion: s.nstr, lastTickTime: s.nnum,
    lastTickSeq: { ...s.int, description: 'the last committed tick; stream frame ids start with it (`<seq>.<index>`)' },
    brokerStatus: { type: 'string', enum: BROKER_STATUSES },
    openPositions: s.int, equityCents: s.nnum, pnlCents: s.num,
    marketDataLines: { ...s.nnum, description: 'market-data lines in use (IB); null for feeds without a line limit' },
    storeWrite: storeWriteSchema,
  },
  required: [
    'ok', 'tradingState', 'latchedTradingState', 'degraded', 'entriesHalted', 'configVersion', 'pendingConfigVersion', 'lastTickTime',
    'lastTickSeq', 'brokerStatus', 'openPositions', 'equityCents', 'pnlCents', 'marketDataLines', 'storeWrite',
  ],
} as const;

export type HealthBody = ReturnType<typeof healthBody>;

export function healthBody(kernel: Pick<Kernel, 'status'>) {
  const st = kernel.status();
  return {
    ok: true, tradingState: st.tradingState, latchedTradingState: st.latchedTradingState, degraded: st.degraded, entriesHalted: st.entriesHalted,
    configVersion: st.configVersion, pendingConfigVersion: st.pendingConfigVersion, lastTickTime: st.lastTickTime, lastTickSeq: st.seq,
    brokerStatus: st.brokerStatus, openPositions: st.openPositions, equityCents: st.equityCents, pnlCents: st.pnlCents,
    marketDataLines: st.linesInUse, storeWrite: st.storeWrite,
  };
}
