/**
 * The facts columns that are not leg totals, each declared once for both paths: the portfolio-wide inputs on every row
 * (`GLOBAL_COLUMNS`: SQL over the `globals` CTE `g`, memory from the market and the closed positions) and the open
 * position's own figures (`POSITION_COLUMNS`: SQL over `open_pos p`, the chain's root `r` and the underlying `u`;
 * memory from the position row). The leg totals are in ./position-facts.ts; ./row.ts puts them together.
 */
import type { PositionRow } from '../store/index.ts';
import type { MarketMemory } from './market-memory.ts';

/** What the memory path knows besides the position row. */
export interface ColumnContext {
  market: MarketMemory;
  closedCashFlowCents: number;
  /** Open positions per underlying. */
  perUnderlying: ReadonlyMap<string, number>;
  rootOpenedAt?: (rootId: string) => number | null;
}

interface GlobalColumn<T> {
  sql: string;
  of: (x: ColumnContext) => T;
}
interface PositionColumn<T> {
  sql: string;
  of: (r: PositionRow, x: ColumnContext) => T;
}

const global = <T>(sql: string, of: (x: ColumnContext) => T): GlobalColumn<T> => ({ sql, of });
const col = <T>(sql: string, of: (r: PositionRow, x: ColumnContext) => T): PositionColumn<T> => ({ sql, of });

export const GLOBAL_COLUMNS = {
  vix: global('g.vix', (x) => x.market.vix),
  vix_prev_close: global('g.vix_prev_close', (x) => x.market.vixPrevClose),
  closed_cash_flow_cents: global('g.closed_cash_flow_cents', (x) => x.closedCashFlowCents),
};

export const POSITION_COLUMNS = {
  id: col<string | null>('p.id', (r) => r.id),
  strategy: col('p.strategy', (r) => r.strategy),
  structure: col('p.structure', (r) => r.structure),
  /** When the roll chain's first position opened (this position's own time when it is the root). */
  chain_opened_at: col<number | null>('coalesce(r.opened_at, p.opened_at)::DOUBLE', (r, x) => (r.rootId !== r.id && x.rootOpenedAt ? x.rootOpenedAt(r.rootId) : null) ?? r.openedAt),
  credit_cents: col('p.credit_cents::DOUBLE', (r) => r.creditCents),
  max_profit_cents: col('p.max_profit_cents::DOUBLE', (r) => r.maxProfitCents),
  max_loss_cents: col('p.max_loss_cents::DOUBLE', (r) => r.maxLossCents),
  /** Cash of the whole position (every leg set): equity counts it. */
  cash_flow_cents: col('p.cash_flow_cents::DOUBLE', (r) => r.cashFlowCents),
  /** Cash of the current leg set: the current-structure P&L is this plus the mark. */
  structure_cash_flow_cents: col('coalesce(p.structure_cash_flow_cents, p.cash_flow_cents)::DOUBLE', (r) => r.structureCashFlowCents ?? r.cashFlowCents),
  /** Net opening premium of every leg set of the roll chain. */
  chain_credit_cents: col('coalesce(p.chain_credit_cents, p.credit_cents)::DOUBLE', (r) => r.chainCreditCents ?? r.creditCents),
  /** Banked P&L of the chain's earlier leg sets (and earlier positions): the chain P&L adds the current leg set's. */
  cumulative_pnl_cents: col('p.cumulative_pnl_cents::DOUBLE', (r) => r.cumulativePnlCents),
  iv_at_entry: col('p.iv_at_entry', (r) => r.ivAtEntry),
  peak_pnl_pct: col('p.peak_pnl_pct', (r) => r.peakPnlPct),
  roll_count: col('p.roll_count::DOUBLE', (r) => r.rollCount),
  in_underlying: col('p.in_underlying::DOUBLE', (r, x) => x.perUnderlying.get(r.underlying) ?? 0),
  underlying_price: col<number | null>('u.price', (r, x) => x.market.underlyings.get(r.underlying) ?? null),
};
