/**
 * Facts: one set-based query per tick over the store (positions × legs × quotes), plus cheap JS derivations.
 * Run inside the open tick (after `store.ingestMarket`) so the facts see this tick's quotes.
 */
import { twError } from '../errors/index.ts';
import type { Store } from '../store/index.ts';
import { deriveSnapshot } from './derive.ts';
import { FACTS_SQL, type FactsColumns } from './query.ts';
import type { FactsInput, FactsSnapshot } from './types.ts';

export async function computeFacts(store: Store, input: FactsInput): Promise<FactsSnapshot> {
  let result: { rowCount: number; columns: Record<string, unknown[]> };
  try {
    result = await store.db.columns(FACTS_SQL);
  } catch (cause) {
    throw twError('TW_STORE_QUERY_FAILED', { query: 'facts', reason: (cause as Error).message }, { cause });
  }
  return deriveSnapshot(result.columns as FactsColumns, result.rowCount, input);
}

export { computeEntryFacts } from './entry.ts';
export { derivePosition } from './derive.ts';
export { FACTS_SQL } from './query.ts';
export type { EntryFactsRequest, FactRecord, FactValue, FactsInput, FactsSnapshot } from './types.ts';
export { computeFactsInMemory, type MemoryFactsInput, type OpenPosition } from './memory.ts';
export { MarketMemory } from './market-memory.ts';
export { GoodQuoteTimes, legMarkHealth, markHealth, quoteProblem, type LegMarkHealth, type MarkHealthInput, type MarkProblem, type MarkSource } from './mark-health.ts';
