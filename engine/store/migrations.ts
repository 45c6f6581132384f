/**
 * Versioned schema migrations. Each entry is frozen once released: never edit an old migration, append a new one.
 * `schema_migrations` records which versions a file has; opening a file applies the missing ones in order, inside
 * one transaction each. Money is BIGINT cents, times BIGINT epoch ms, prices and greeks DOUBLE, JSON as text.
 */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    name: 'initial schema',
    statements: [
      `CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)`,
      `CREATE TABLE config_versions (version VARCHAR PRIMARY KEY, loaded_at BIGINT NOT NULL, files VARCHAR, summary VARCHAR)`,
      `CREATE TABLE positions (
        id VARCHAR PRIMARY KEY, strategy VARCHAR NOT NULL, structure VARCHAR NOT NULL, underlying VARCHAR NOT NULL,
        state VARCHAR NOT NULL, phase VARCHAR, opened_at BIGINT, closed_at BIGINT, config_version VARCHAR NOT NULL,
        pinned_version VARCHAR, credit_cents BIGINT NOT NULL DEFAULT 0, max_profit_cents BIGINT, max_loss_cents BIGINT,
        cash_flow_cents BIGINT NOT NULL DEFAULT 0, commission_cents BIGINT NOT NULL DEFAULT 0, iv_at_entry DOUBLE,
        peak_pnl_pct DOUBLE, contracts BIGINT NOT NULL DEFAULT 0, root_id VARCHAR NOT NULL, parent_id VARCHAR,
        roll_count BIGINT NOT NULL DEFAULT 0, cumulative_pnl_cents BIGINT NOT NULL DEFAULT 0, outcome VARCHAR,
        close_rule VARCHAR, realized_pnl_cents BIGINT)`,
      `CREATE TABLE legs (
        position_id VARCHAR NOT NULL, key VARCHAR NOT NULL, underlying VARCHAR NOT NULL, expiry VARCHAR NOT NULL,
        "right" VARCHAR NOT NULL, strike DOUBLE NOT NULL, multiplier DOUBLE NOT NULL, contract VARCHAR NOT NULL,
        quantity BIGINT NOT NULL, avg_price DOUBLE)`,
      `CREATE TABLE orders (
        client_order_id VARCHAR PRIMARY KEY, position_id VARCHAR NOT NULL, purpose VARCHAR NOT NULL, legs VARCHAR NOT NULL,
        quantity BIGINT NOT NULL, style VARCHAR NOT NULL, limit_price DOUBLE, time_in_force VARCHAR NOT NULL,
        status VARCHAR NOT NULL, broker_order_id VARCHAR, filled BIGINT NOT NULL DEFAULT 0, config_version VARCHAR NOT NULL,
        created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)`,
      `CREATE TABLE order_events (client_order_id VARCHAR NOT NULL, status VARCHAR NOT NULL, time BIGINT NOT NULL, detail VARCHAR)`,
      `CREATE TABLE fills (
        fill_id VARCHAR PRIMARY KEY, client_order_id VARCHAR NOT NULL, position_id VARCHAR NOT NULL, quantity BIGINT NOT NULL,
        net_price DOUBLE NOT NULL, legs VARCHAR NOT NULL, commission_cents BIGINT NOT NULL, time BIGINT NOT NULL)`,
      `CREATE TABLE decisions (
        id VARCHAR NOT NULL, tick_time BIGINT NOT NULL, tick_seq BIGINT NOT NULL, position_id VARCHAR, rule VARCHAR NOT NULL,
        action VARCHAR NOT NULL, priority BIGINT NOT NULL, severity VARCHAR, facts VARCHAR, preempted VARCHAR, trace VARCHAR,
        config_version VARCHAR NOT NULL, outcome VARCHAR NOT NULL)`,
      `CREATE TABLE transitions (
        position_id VARCHAR NOT NULL, from_state VARCHAR NOT NULL, to_state VARCHAR NOT NULL, event VARCHAR NOT NULL,
        decision_id VARCHAR, tick_time BIGINT NOT NULL, config_version VARCHAR NOT NULL)`,
      `CREATE TABLE snapshots (position_id VARCHAR PRIMARY KEY, snapshot VARCHAR NOT NULL, tick_time BIGINT NOT NULL)`,
      `CREATE TABLE equity (time BIGINT NOT NULL, equity_cents BIGINT NOT NULL, cash_cents BIGINT NOT NULL, daily_pnl_pct DOUBLE, drawdown_pct DOUBLE)`,
      `CREATE TABLE alerts (time BIGINT NOT NULL, severity VARCHAR NOT NULL, source VARCHAR NOT NULL, position_id VARCHAR, message VARCHAR NOT NULL)`,
      `CREATE TABLE quotes (
        key VARCHAR PRIMARY KEY, underlying VARCHAR NOT NULL, expiry VARCHAR NOT NULL, "right" VARCHAR NOT NULL,
        strike DOUBLE NOT NULL, multiplier DOUBLE NOT NULL, bid DOUBLE, ask DOUBLE, mid DOUBLE, iv DOUBLE, delta DOUBLE,
        gamma DOUBLE, theta_per_day DOUBLE, vega_per_point DOUBLE, time BIGINT NOT NULL)`,
      `CREATE TABLE underlyings (symbol VARCHAR PRIMARY KEY, price DOUBLE NOT NULL, prev_close DOUBLE, time BIGINT NOT NULL)`,
      `CREATE TABLE market (id BIGINT PRIMARY KEY, vix DOUBLE, vix_prev_close DOUBLE, time BIGINT NOT NULL)`,
      `CREATE TABLE ticks (seq BIGINT PRIMARY KEY, time BIGINT NOT NULL, config_version VARCHAR NOT NULL)`,
    ],
  },
  {
    version: 2,
    name: 'operator hold flag on positions; config reload log',
    statements: [
      `ALTER TABLE positions ADD COLUMN hold BOOLEAN DEFAULT false`,
      `CREATE TABLE reloads (time BIGINT NOT NULL, version VARCHAR, ok BOOLEAN NOT NULL, diff VARCHAR, errors VARCHAR)`,
    ],
  },
  {
    version: 3,
    name: 'P&L bases on positions: the current leg set\'s own cash flow and the roll chain\'s opening premium',
    statements: [
      `ALTER TABLE positions ADD COLUMN structure_cash_flow_cents BIGINT`,
      `ALTER TABLE positions ADD COLUMN chain_credit_cents BIGINT`,
      // Rows written before: the current leg set's cash is the position's minus what earlier leg sets banked; the
      // chain's premium of earlier leg sets was not kept (the next write of an open position sets it from its snapshot).
      `UPDATE positions SET structure_cash_flow_cents = cash_flow_cents - cumulative_pnl_cents, chain_credit_cents = credit_cents`,
    ],
  },
  {
    version: 4,
    name: 'alert ids; the notification outbox (alert_deliveries, notify_cursor) and acknowledgements (alert_acks)',
    statements: [
      // Stable ids for alerts already stored, in the order they were written; new ones get max(id) + 1 (alert-rows.ts).
      `ALTER TABLE alerts ADD COLUMN id BIGINT`,
      `UPDATE alerts SET id = rowid + 1`,
      `CREATE TABLE alert_deliveries (
        idempotency_key VARCHAR PRIMARY KEY, alert_id BIGINT NOT NULL, channel VARCHAR NOT NULL, status VARCHAR NOT NULL,
        attempts BIGINT NOT NULL DEFAULT 0, next_attempt_at BIGINT, last_error VARCHAR, dedupe_key VARCHAR,
        repeats BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL, sent_at BIGINT)`,
      `CREATE TABLE notify_cursor (id BIGINT PRIMARY KEY, last_alert_id BIGINT NOT NULL)`,
      `INSERT INTO notify_cursor SELECT 1, coalesce(max(id), 0) FROM alerts`,
      `CREATE TABLE alert_acks (alert_id BIGINT NOT NULL, acked_at BIGINT NOT NULL, acked_by VARCHAR, note VARCHAR)`,
    ],
  },
  {
    version: 5,
    name: 'the live stream\'s last frames (stream_frames), so a client resumes across a restart',
    statements: [
      `CREATE TABLE stream_frames (seq BIGINT NOT NULL, idx BIGINT NOT NULL, type VARCHAR NOT NULL, data VARCHAR NOT NULL, PRIMARY KEY (seq, idx))`,
    ],
  },
]);

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
