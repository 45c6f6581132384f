/** Read queries for the API, the visualizer and dry-run reports. Plain JSON rows, newest data committed. */
import type { Db, SqlParam } from './db.ts';
import { readLegs } from './recovery.ts';
import { TABLES, selectList } from './tables.ts';
import type {
  AlertRow, DecisionFilter, DecisionRow, EquityRow, FillRow, LegRow, OrderEventRow, OrderRow, Page, PositionRow, QuoteRow,
  TransitionRow,
} from './types.ts';

const MAX_PAGE = 1000;

function page(p: Page = {}, defaultLimit = 100): string {
  const limit = Math.max(1, Math.min(MAX_PAGE, Math.floor(p.limit ?? defaultLimit)));
  const offset = Math.max(0, Math.floor(p.offset ?? 0));
  return `LIMIT ${limit} OFFSET ${offset}`;
}

function where(conds: [string, SqlParam | undefined][]): { sql: string; params: SqlParam[] } {
  const used = conds.filter(([, v]) => v !== undefined);
  return { sql: used.length ? `WHERE ${used.map(([c]) => c).join(' AND ')}` : '', params: used.map(([, v]) => v as SqlParam) };
}

export class StoreReads {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  async positions(filter: { state?: string; strategy?: string; open?: boolean } & Page = {}): Promise<PositionRow[]> {
    const w = where([['state = ?', filter.state], ['strategy = ?', filter.strategy], ["(state <> 'closed') = ?", filter.open]]);
    return this.db.rows(TABLES.positions, `SELECT ${selectList(TABLES.positions)} FROM positions ${w.sql} ORDER BY opened_at, id ${page(filter)}`, w.params);
  }

  async position(id: string): Promise<{ position: PositionRow; legs: LegRow[] } | null> {
    const [position] = await this.db.rows<PositionRow>(TABLES.positions, `SELECT ${selectList(TABLES.positions)} FROM positions WHERE id = ?`, [id]);
    return position ? { position, legs: await readLegs(this.db, 'WHERE l.position_id = ?', [id]) } : null;
  }

  async transitions(positionId: string): Promise<TransitionRow[]> {
    return this.db.rows(TABLES.transitions, `SELECT ${selectList(TABLES.transitions)} FROM transitions WHERE position_id = ? ORDER BY tick_time, rowid`, [positionId]);
  }

  async decisions(f: DecisionFilter = {}): Promise<DecisionRow[]> {
    const w = where([['position_id = ?', f.positionId], ['rule = ?', f.rule], ['tick_time >= ?', f.from], ['tick_time <= ?', f.to]]);
    return this.db.rows(TABLES.decisions, `SELECT ${selectList(TABLES.decisions)} FROM decisions ${w.sql} ORDER BY tick_seq, rowid ${page(f)}`, w.params);
  }

  async alerts(f: { from?: number; to?: number; positionId?: string } & Page = {}): Promise<AlertRow[]> {
    const w = where([['time >= ?', f.from], ['time <= ?', f.to], ['position_id = ?', f.positionId]]);
    // The first acknowledgement: when, who and the note (later ones are kept in alert_acks, not shown here).
    const first = (col: string, as: string) => `(SELECT ${col} FROM alert_acks k WHERE k.alert_id = alerts.id ORDER BY k.acked_at, k.rowid LIMIT 1) AS "${as}"`;
    const acked = [first('k.acked_at::DOUBLE', 'acknowledgedAt'), first('k.acked_by', 'acknowledgedBy'), first('k.note', 'acknowledgementNote')].join(', ');
    return this.db.rows(TABLES.alerts, `SELECT ${selectList(TABLES.alerts)}, ${acked} FROM alerts ${w.sql} ORDER BY time DESC, id DESC ${page(f)}`, w.params);
  }

  async equityCurve(f: { from?: number; to?: number } = {}): Promise<EquityRow[]> {
    const w = where([['time >= ?', f.from], ['time <= ?', f.to]]);
    return this.db.rows(TABLES.equity, `SELECT ${selectList(TABLES.equity)} FROM equity ${w.sql} ORDER BY time`, w.params);
  }

  async orders(positionId: string): Promise<(OrderRow & { events: OrderEventRow[] })[]> {
    const orders = await this.db.rows<OrderRow>(TABLES.orders, `SELECT ${selectList(TABLES.orders)} FROM orders WHERE position_id = ? ORDER BY created_at, client_order_id`, [positionId]);
    const events = await this.db.rows<OrderEventRow>(
      TABLES.orderEvents,
      `SELECT ${selectList(TABLES.orderEvents, 'e')} FROM order_events e JOIN orders o USING (client_order_id) WHERE o.position_id = ? ORDER BY e.time, e.rowid`,
      [positionId],
    );
    return orders.map((o) => ({ ...o, events: events.filter((e) => e.clientOrderId === o.clientOrderId) }));
  }

  async fills(positionId: string): Promise<FillRow[]> {
    return this.db.rows(TABLES.fills, `SELECT ${selectList(TABLES.fills)} FROM fills WHERE position_id = ? ORDER BY time, fill_id`, [positionId]);
  }

  /** The exchange time of committed tick `seq` (null when no such tick is stored): where a stream client refetches from. */
  async tickTime(seq: number): Promise<number | null> {
    const [row] = await this.db.all<{ time: number }>('SELECT time::DOUBLE AS time FROM ticks WHERE seq = ?', [seq]);
    return row ? Number(row.time) : null;
  }

  async quotes(underlying?: string): Promise<QuoteRow[]> {
    const w = where([['underlying = ?', underlying]]);
    return this.db.rows(TABLES.quotes, `SELECT ${selectList(TABLES.quotes)} FROM quotes ${w.sql} ORDER BY expiry, strike, "right"`, w.params);
  }
}
