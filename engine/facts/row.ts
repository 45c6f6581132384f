/**
 * One row of the facts query (and one index of the memory path's columns), derived from the declarations: the
 * portfolio-wide inputs and the position's own figures (./columns.ts) and the leg totals (./position-facts.ts). A
 * column declared there is in `FactsRow`, `FIELDS`, the query's select list and the memory path at once. Position
 * columns are null on the single row returned when nothing is open.
 */
import { GLOBAL_COLUMNS, POSITION_COLUMNS } from './columns.ts';
import type { LegTotal } from './leg-total.ts';
import { LEG_TOTALS } from './position-facts.ts';

type Of<C> = C extends { of: (...args: never[]) => infer T } ? T : never;
type Total<C> = C extends LegTotal<infer T> ? T : never;

export type GlobalColumn = keyof typeof GLOBAL_COLUMNS;
export type PositionColumn = keyof typeof POSITION_COLUMNS;
export type LegTotalColumn = keyof typeof LEG_TOTALS;

export type FactsRow =
  & { [K in GlobalColumn]: Of<(typeof GLOBAL_COLUMNS)[K]> }
  & { [K in PositionColumn]: Of<(typeof POSITION_COLUMNS)[K]> }
  & { [K in LegTotalColumn]: Total<(typeof LEG_TOTALS)[K]> };

/** The facts result as columns: one array per FactsRow field, all of the same length. */
export type FactsColumns = { [K in keyof FactsRow]: FactsRow[K][] };

const keysOf = <T extends object>(o: T) => Object.keys(o) as (keyof T)[];

export const GLOBAL_FIELDS: readonly GlobalColumn[] = keysOf(GLOBAL_COLUMNS);
export const POSITION_FIELDS: readonly PositionColumn[] = keysOf(POSITION_COLUMNS);
export const LEG_TOTAL_FIELDS: readonly LegTotalColumn[] = keysOf(LEG_TOTALS);
/** Every column, in the query's select order. */
export const FIELDS: readonly (keyof FactsRow)[] = [...GLOBAL_FIELDS, ...POSITION_FIELDS, ...LEG_TOTAL_FIELDS];
