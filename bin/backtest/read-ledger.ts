/**
 * Reads a finished run's ledger out of its store: positions chained by roll (root_id) into trades, every closed
 * position, the daily equity (the last snapshot of each New York date), the decisions and the order outcomes.
 */
import type { ResolvedConfig } from '../../engine/config/index.ts';
import { exchangeTime } from '../../engine/domain/index.ts';
import type { Store } from '../../engine/store/index.ts';
import type { EquityPoint, Ledger, PositionClose, RuleDecision, Trade } from '../../engine/analytics/index.ts';
import type { FillLine } from './types.ts';

interface PositionRow {
  id: string; strategy: string; state: string; opened_at: number | null; closed_at: number | null; outcome: string | null;
  close_rule: string | null; realized: number | null; commission: number; roll_count: number; root_id: string;
}

/** Positions in the order they were numbered (`…-2` before `…-10`). */
const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id, 'en', { numeric: true });

export async function readPositions(store: Store): Promise<PositionRow[]> {
  const rows = await store.db.all<PositionRow>(
    `SELECT id, strategy, state, CAST(opened_at AS DOUBLE) AS opened_at, CAST(closed_at AS DOUBLE) AS closed_at, outcome, close_rule,
            CAST(realized_pnl_cents AS DOUBLE) AS realized, CAST(commission_cents AS DOUBLE) AS commission,
            CAST(roll_count AS DOUBLE) AS roll_count, root_id
       FROM positions`,
  );
  return rows.sort(byId);
}

/** A position that ended without ever holding anything (its entry never filled, or was rejected). */
const neverOpened = (p: PositionRow) => p.outcome === 'not-filled' || p.outcome === 'rejected' || p.opened_at === null;

export async function readLedger(store: Store, config: ResolvedConfig): Promise<Ledger> {
  const positions = await readPositions(store);
  const chains = new Map<string, PositionRow[]>();
  for (const p of positions) if (!neverOpened(p)) chains.set(p.root_id, [...(chains.get(p.root_id) ?? []), p]);
  const trades: Trade[] = [];
  const open: { strategy: string; openedAt: number }[] = [];
  const closes: PositionClose[] = [];
  for (const p of positions) {
    if (p.state === 'closed' && !neverOpened(p) && p.closed_at !== null) {
      closes.push({ positionId: p.id, strategy: p.strategy, rule: p.close_rule ?? p.outcome ?? 'closed', pnlCents: p.realized ?? 0, closeDate: exchangeTime(p.closed_at).date });
    }
  }
  for (const links of chains.values()) {
    const first = links[0];
    const last = links[links.length - 1];
    if (last.state !== 'closed' || last.outcome === 'rolled') {
      open.push({ strategy: first.strategy, openedAt: first.opened_at! });
      continue;
    }
    trades.push({
      id: last.id, strategy: first.strategy, openedAt: first.opened_at!, closedAt: last.closed_at!,
      openDate: exchangeTime(first.opened_at!).date, closeDate: exchangeTime(last.closed_at!).date,
      pnlCents: links.reduce((s, l) => s + (l.realized ?? 0), 0), commissionCents: links.reduce((s, l) => s + l.commission, 0),
      exitRule: last.close_rule ?? last.outcome ?? 'closed', rolls: last.roll_count,
    });
  }
  trades.sort((a, b) => a.openedAt - b.openedAt || byId(a, b));
  const [orders] = await store.db.all<{ rejected: number; unfilled: number }>(
    `SELECT CAST(count(*) FILTER (WHERE status = 'rejected') AS DOUBLE) AS rejected,
            CAST(count(*) FILTER (WHERE status IN ('cancelled', 'expired') AND filled = 0) AS DOUBLE) AS unfilled FROM orders`,
  );
  const decisions = await store.db.all<{ position_id: string | null; rule: string; action: string; outcome: string; preempted: string | null }>(
    `SELECT position_id, rule, action, outcome, CAST(preempted AS VARCHAR) AS preempted FROM decisions ORDER BY tick_seq, id`,
  );
  return {
    startingEquityCents: Math.round(config.settings.startingEquity * 100), riskFreeRate: config.settings.riskFreeRate,
    trades, closes, open, equity: await readEquity(store),
    decisions: decisions.map((d): RuleDecision => ({ positionId: d.position_id, rule: d.rule, action: d.action, outcome: d.outcome, preempted: d.preempted ? (JSON.parse(d.preempted) as string[]) : [] })),
    rejectedOrders: orders.rejected, unfilledOrders: orders.unfilled,
  };
}

/** The last equity of each New York date, in time order. */
export async function readEquity(store: Store): Promise<EquityPoint[]> {
  const rows = await store.db.all<{ time: number; equity: number }>(`SELECT CAST(time AS DOUBLE) AS time, CAST(equity_cents AS DOUBLE) AS equity FROM equity ORDER BY time`);
  const byDate = new Map<string, EquityPoint>();
  for (const r of rows) {
    const date = exchangeTime(r.time).date;
    byDate.set(date, { date, time: r.time, equityCents: r.equity });
  }
  return [...byDate.values()];
}

/** Every fill by position, in time order (fill ids break ties). */
export async function readTradeDetails(store: Store): Promise<Map<string, FillLine[]>> {
  const rows = await store.db.all<{ position_id: string; purpose: string; time: number; quantity: number; net_price: number; commission: number; legs: string }>(
    `SELECT f.position_id, o.purpose, CAST(f.time AS DOUBLE) AS time, CAST(f.quantity AS DOUBLE) AS quantity, f.net_price,
            CAST(f.commission_cents AS DOUBLE) AS commission, CAST(f.legs AS VARCHAR) AS legs
       FROM fills f JOIN orders o USING (client_order_id) ORDER BY f.time, f.fill_id`,
  );
  const out = new Map<string, FillLine[]>();
  for (const r of rows) {
    const line: FillLine = { positionId: r.position_id, purpose: r.purpose, time: r.time, quantity: r.quantity, netPrice: r.net_price, commissionCents: r.commission, legs: JSON.parse(r.legs) as FillLine['legs'] };
    out.set(r.position_id, [...(out.get(r.position_id) ?? []), line]);
  }
  return out;
}
