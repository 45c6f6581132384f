/**
 * Entry-scope facts for every strategy considered this tick, in one query: open positions per strategy, the
 * underlying's price and change, and the at-the-money IV (mean IV of the call and put at the strike nearest the
 * underlying price, on the listed, unexpired expiry nearest to now + targetDte).
 */
import { addDays, exchangeTime, type EpochMs } from '../domain/index.ts';
import type { SqlParam, Store } from '../store/index.ts';
import type { EntryFactsRequest, FactRecord } from './types.ts';

function entrySql(n: number): string {
  const values = Array.from({ length: n }, () => '(?, ?, ?)').join(', ');
  return `
WITH req(strategy, underlying, target_expiry) AS (VALUES ${values}),
cand AS (
  SELECT r.strategy, q.expiry, q.strike, q.iv,
    abs(date_diff('day', r.target_expiry::DATE, q.expiry::DATE)) AS expiry_gap, abs(q.strike - u.price) AS strike_gap
  FROM req r JOIN underlyings u ON u.symbol = r.underlying
  JOIN quotes q ON q.underlying = r.underlying AND q.iv > 0 AND q.expiry >= ?
),
best AS (
  SELECT strategy, expiry, strike FROM cand
  QUALIFY row_number() OVER (PARTITION BY strategy ORDER BY expiry_gap, strike_gap, expiry, strike) = 1
),
atm AS (SELECT c.strategy, avg(c.iv) AS atm_iv FROM cand c JOIN best b USING (strategy, expiry, strike) GROUP BY c.strategy),
open_count AS (SELECT strategy, count(*)::DOUBLE AS n FROM positions WHERE state <> 'closed' GROUP BY strategy)
SELECT r.strategy, coalesce(o.n, 0) AS strategy_open, u.price, u.prev_close, a.atm_iv
FROM req r
LEFT JOIN underlyings u ON u.symbol = r.underlying
LEFT JOIN open_count o ON o.strategy = r.strategy
LEFT JOIN atm a ON a.strategy = r.strategy`;
}

interface EntryRow {
  strategy: string;
  strategy_open: number;
  price: number | null;
  prev_close: number | null;
  atm_iv: number | null;
}

/** Entry facts per strategy name (one query for all requests; no query when there are none). */
export async function computeEntryFacts(store: Store, requests: readonly EntryFactsRequest[], now: EpochMs): Promise<Map<string, FactRecord>> {
  const out = new Map<string, FactRecord>();
  if (requests.length === 0) return out;
  const today = exchangeTime(now).date;
  const params: SqlParam[] = requests.flatMap((r) => [r.strategy, r.underlying, addDays(today, r.targetDte)]);
  const rows = await store.db.allCached<EntryRow>(entrySql(requests.length), [...params, today]);
  for (const r of rows) {
    out.set(r.strategy, {
      strategyOpenPositions: r.strategy_open,
      underlyingLast: r.price,
      underlyingChangePct: r.price === null || !r.prev_close ? null : r.price / r.prev_close - 1,
      atmIv: r.atm_iv,
    });
  }
  return out;
}
