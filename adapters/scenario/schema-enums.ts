/**
 * The enums of schemas/scenario.schema.json, taken from the engine rather than restated: the actions from the rules
 * schema (itself built from the action catalogue), the others checked against the engine's types by the compiler, so
 * a new order status or position outcome that the scenario schema does not list is a compile error here.
 */
import { rulesSchema, type OrderStyle, type TradingState } from '../../engine/config/index.ts';
import type { OrderPurpose, OrderStatus, Right, Side } from '../../engine/domain/index.ts';
import type { PositionOutcome } from '../../engine/lifecycle/index.ts';

/** `values`, which must list every member of the union `T` (a missing one is a compile error). */
function every<T extends string>() {
  return <const A extends readonly T[]>(...values: A & ([T] extends [A[number]] ? unknown : never)): T[] => [...values];
}

/** Every rule action, in the rules schema's order. */
export function actionNames(): string[] {
  const defs = rulesSchema().$defs as Record<string, { properties?: Record<string, { enum?: unknown[] }> }>;
  const names = defs.action?.properties?.action?.enum;
  if (!Array.isArray(names) || names.length === 0) throw new Error('rules schema: $defs.action.properties.action.enum is missing (engine/config/schema-rules.ts)');
  return names.map(String);
}

/** The trading states a scenario may set or expect; DEGRADED is the engine's own, over ACTIVE only. */
export const TRADING_STATES = every<TradingState>()('ACTIVE', 'REDUCING', 'HALTED');
export const RIGHTS = every<Right>()('call', 'put');
export const SIDES = every<Side>()('buy', 'sell');
export const ORDER_PURPOSES = every<OrderPurpose>()('open', 'close', 'reduce', 'roll-close', 'roll-open');
export const ORDER_STYLES = every<OrderStyle>()('limit', 'marketable');
export const ORDER_STATUSES = every<OrderStatus>()('pending', 'accepted', 'partially-filled', 'filled', 'cancelled', 'rejected', 'expired');
export const POSITION_OUTCOMES = every<PositionOutcome>()('closed-by-rule', 'manual', 'killed', 'expired', 'not-filled', 'rejected', 'roll-failed', 'settled');
/** What the kernel records as a decision's outcome (engine/kernel/decisions.ts). */
export const DECISION_OUTCOMES = ['applied', 'blocked', 'ignored', 'unexecutable'];
/** The paper broker's fill timings (adapters/sim/paper-model.ts FILL_TIMINGS; adapters do not import each other). */
export const FILL_TIMINGS = ['snapshot', 'next-tick'];
/** The recorded-data layouts adapters/replay reads without a column mapping. */
export const REPLAY_SOURCES = ['cboe', 'optionsdx'];
