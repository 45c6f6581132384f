/**
 * The facts of a tick computed from the kernel's memory (its position book and `MarketMemory`) instead of the
 * store: the same columns the facts query returns, built in one pass from the same declarations (./columns.ts,
 * ./position-facts.ts), then the same derivations. The query (`FACTS_SQL`, `computeFacts`) stays the reference: a
 * differential test proves both give the same facts. Each DuckDB statement costs 1–3 ms here whatever its size, so
 * the per-tick hot path does not query.
 */
import type { LegRow, PositionRow } from '../store/index.ts';
import { GLOBAL_COLUMNS, POSITION_COLUMNS, type ColumnContext } from './columns.ts';
import { marksByPosition, type LegMark } from './leg-marks.ts';
import type { LegTotal } from './leg-total.ts';
import { newLegView, viewLeg, type LegView } from './leg-view.ts';
import { deriveSnapshot } from './derive.ts';
import type { MarketMemory } from './market-memory.ts';
import { LEG_TOTALS } from './position-facts.ts';
import { FIELDS, GLOBAL_FIELDS, LEG_TOTAL_FIELDS, POSITION_FIELDS, type FactsColumns, type FactsRow } from './row.ts';
import type { FactsInput, FactsSnapshot } from './types.ts';

export interface OpenPosition {
  row: PositionRow;
  legs: readonly LegRow[];
}

export interface MemoryFactsInput extends FactsInput {
  /** Every position that is not closed. */
  positions: readonly OpenPosition[];
  market: MarketMemory;
  /** Σ cash flow of closed positions, cents (equity counts it). */
  closedCashFlowCents: number;
  /** When a roll chain's root opened, for positions whose root is another (closed) position. */
  rootOpenedAt?: (rootId: string) => number | null;
}

type Columns = Record<keyof FactsRow, unknown[]>;

const TOTALS: readonly LegTotal<unknown>[] = LEG_TOTAL_FIELDS.map((k) => LEG_TOTALS[k]);
const GLOBALS = GLOBAL_FIELDS.map((k) => GLOBAL_COLUMNS[k]);
const OWN = POSITION_FIELDS.map((k) => POSITION_COLUMNS[k] as { of: (r: PositionRow, x: ColumnContext) => unknown });
/** Reused leg views (grown to the largest position): the hot path allocates none per leg. */
const views: LegView[] = [];

export function computeFactsInMemory(input: MemoryFactsInput): FactsSnapshot {
  const { market } = input;
  const n = Math.max(input.positions.length, 1);
  const c = {} as Columns;
  for (const f of FIELDS) c[f] = new Array(n);
  const perUnderlying = new Map<string, number>();
  for (const p of input.positions) perUnderlying.set(p.row.underlying, (perUnderlying.get(p.row.underlying) ?? 0) + 1);
  const x: ColumnContext = { market, closedCashFlowCents: input.closedCashFlowCents, perUnderlying, rootOpenedAt: input.rootOpenedAt };
  for (let k = 0; k < GLOBALS.length; k++) c[GLOBAL_FIELDS[k]].fill(GLOBALS[k].of(x));
  const own = POSITION_FIELDS.map((k) => c[k]);
  const totals = LEG_TOTAL_FIELDS.map((k) => c[k]);
  // Nothing open: one row with a null position (as the query's outer join gives).
  if (input.positions.length === 0) for (const col of [...own, ...totals]) col[0] = null;
  const marks = input.legMarks ? marksByPosition(input.legMarks) : null;
  for (let i = 0; i < input.positions.length; i++) {
    const p = input.positions[i];
    for (let k = 0; k < OWN.length; k++) own[k][i] = OWN[k].of(p.row, x);
    writeLegTotals(totals, i, p, market, marks?.get(p.row.id));
  }
  return deriveSnapshot(c as unknown as FactsColumns, n, input);
}

/** Reduces the position's legs through every leg total (the query's `leg_agg`, and its no-legs branch). */
function writeLegTotals(out: unknown[][], i: number, p: OpenPosition, m: MarketMemory, marks: ReadonlyMap<string, LegMark> | undefined): void {
  if (p.legs.length === 0) {
    for (let k = 0; k < TOTALS.length; k++) out[k][i] = TOTALS[k].none(p.row);
    return;
  }
  let symbol = '';
  let price: number | null = null;
  const n = p.legs.length;
  while (views.length < n) views.push(newLegView());
  for (let j = 0; j < n; j++) {
    const l = p.legs[j];
    if (l.contract.underlying !== symbol) {
      symbol = l.contract.underlying;
      price = m.underlyings.get(symbol) ?? null;
    }
    viewLeg(views[j], l, m.quotes.get(l.key), marks?.get(l.key), price);
  }
  for (let k = 0; k < TOTALS.length; k++) out[k][i] = TOTALS[k].reduce(views, n);
}
