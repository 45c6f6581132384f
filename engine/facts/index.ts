/**
 * Facts: one set-based query per tick over the store (positions × legs × quotes), plus cheap JS derivations.
 * Run inside the open tick (after `store.ingestMarket`) so the facts see this tick's quotes.
 */
import { twError } from '../errors/index.ts';
import type { SqlParam, Store } from '../store/index.ts';
import { deriveSnapshot } from './derive.ts';
import { FACTS_SQL, factsSql, type FactsColumns } from './query.ts';
import type { LegMark } from './leg-marks.ts';
import type { FactsInput, FactsSnapshot } from './types.ts';

export async function computeFacts(store: Store, input: FactsInput): Promise<FactsSnapshot> {
  let result: { rowCount: number; columns: Record<string, unknown[]> };
  try {
    const marks = input.legMarks ?? [];
    result = marks.length ? await store.db.columns(factsSql(marks.length), legMarkParams(marks)) : await store.db.columns(FACTS_SQL);
  } catch (cause) {
    throw twError('TW_STORE_QUERY_FAILED', { query: 'facts', reason: (cause as Error).message }, { cause });
  }
  return deriveSnapshot(result.columns as FactsColumns, result.rowCount, input);
}

/** The leg marks as the query's parameters (LEG_MARKS_COLUMNS order). */
function legMarkParams(marks: readonly LegMark[]): SqlParam[] {
  return marks.flatMap((m) => {
    const v = m.values;
    return [m.positionId, m.key, m.source, m.ageSec, m.stale, v !== null, v?.mid ?? null, v?.delta ?? null, v?.gamma ?? null, v?.thetaPerDay ?? null, v?.vegaPerPoint ?? null, v?.iv ?? null];
  });
}

export { computeEntryFacts } from './entry.ts';
export { derivePosition } from './position-facts.ts';
export { FACTS_SQL } from './query.ts';
export type { EntryFactsRequest, FactRecord, FactValue, FactsInput, FactsSnapshot } from './types.ts';
export { computeFactsInMemory, type MemoryFactsInput, type OpenPosition } from './memory.ts';
export { MarketMemory } from './market-memory.ts';
export { legMarks, marksByPosition, modelValues, type LegMark, type LegMarkSource, type LegMarksInput, type LegMarkValues } from './leg-marks.ts';
export { GoodQuoteTimes, legMarkHealth, markHealth, quoteProblem, type LegMarkHealth, type MarkHealthInput, type MarkProblem, type MarkSource } from './mark-health.ts';
