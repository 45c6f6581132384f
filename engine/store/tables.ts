/**
 * Column specs for every table the store writes and reads: the one place that maps camelCase row fields (TypeScript)
 * to snake_case columns (SQL) and says how a value crosses the boundary. The schema itself is created by the frozen
 * migrations in `migrations.ts`; a test checks that these specs match the migrated schema.
 *
 * Kinds: `text` VARCHAR · `int` BIGINT (cents, counts, epoch ms; read back as JS numbers) · `float` DOUBLE ·
 * `bool` BOOLEAN · `json` VARCHAR holding JSON text (parsed on read, stringified on write).
 */
export type ColumnKind = 'text' | 'int' | 'float' | 'bool' | 'json';

export interface ColumnSpec {
  field: string;
  column: string;
  kind: ColumnKind;
}

export interface TableSpec {
  name: string;
  /** Primary key columns (snake_case); tables with a key are upserted, the others appended. */
  key: readonly string[];
  columns: readonly ColumnSpec[];
}

const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function table(name: string, key: readonly string[], cols: Record<string, ColumnKind>): TableSpec {
  return Object.freeze({
    name,
    key,
    columns: Object.freeze(Object.entries(cols).map(([field, kind]) => ({ field, column: field === 'from' || field === 'to' ? `${field}_state` : snake(field), kind }))),
  });
}

export const TABLES = {
  meta: table('meta', ['key'], { key: 'text', value: 'json' }),
  configVersions: table('config_versions', ['version'], { version: 'text', loadedAt: 'int', files: 'json', summary: 'json' }),
  positions: table('positions', ['id'], {
    id: 'text', strategy: 'text', structure: 'text', underlying: 'text', state: 'text', phase: 'text',
    openedAt: 'int', closedAt: 'int', configVersion: 'text', pinnedVersion: 'text',
    creditCents: 'int', maxProfitCents: 'int', maxLossCents: 'int', cashFlowCents: 'int', commissionCents: 'int',
    ivAtEntry: 'float', peakPnlPct: 'float', contracts: 'int',
    rootId: 'text', parentId: 'text', rollCount: 'int', cumulativePnlCents: 'int',
    outcome: 'text', closeRule: 'text', realizedPnlCents: 'int', hold: 'bool',
    structureCashFlowCents: 'int', chainCreditCents: 'int',
  }),
  legs: table('legs', [], {
    positionId: 'text', key: 'text', underlying: 'text', expiry: 'text', right: 'text', strike: 'float', multiplier: 'float',
    contract: 'json', quantity: 'int', avgPrice: 'float',
  }),
  orders: table('orders', ['client_order_id'], {
    clientOrderId: 'text', positionId: 'text', purpose: 'text', legs: 'json', quantity: 'int', style: 'text',
    limitPrice: 'float', timeInForce: 'text', status: 'text', brokerOrderId: 'text', filled: 'int', configVersion: 'text',
    createdAt: 'int', updatedAt: 'int',
  }),
  orderEvents: table('order_events', [], { clientOrderId: 'text', status: 'text', time: 'int', detail: 'text' }),
  fills: table('fills', ['fill_id'], {
    fillId: 'text', clientOrderId: 'text', positionId: 'text', quantity: 'int', netPrice: 'float', legs: 'json',
    commissionCents: 'int', time: 'int',
  }),
  decisions: table('decisions', [], {
    id: 'text', tickTime: 'int', tickSeq: 'int', positionId: 'text', rule: 'text', action: 'text', priority: 'int',
    severity: 'text', facts: 'json', preempted: 'json', trace: 'json', configVersion: 'text', outcome: 'text',
  }),
  transitions: table('transitions', [], {
    positionId: 'text', from: 'text', to: 'text', event: 'text', decisionId: 'text', tickTime: 'int', configVersion: 'text',
  }),
  snapshots: table('snapshots', ['position_id'], { positionId: 'text', snapshot: 'json', tickTime: 'int' }),
  equity: table('equity', [], { time: 'int', equityCents: 'int', cashCents: 'int', dailyPnlPct: 'float', drawdownPct: 'float' }),
  alerts: table('alerts', [], { time: 'int', severity: 'text', source: 'text', positionId: 'text', message: 'text', id: 'int' }),
  alertDeliveries: table('alert_deliveries', ['idempotency_key'], {
    idempotencyKey: 'text', alertId: 'int', channel: 'text', status: 'text', attempts: 'int', nextAttemptAt: 'int',
    lastError: 'text', dedupeKey: 'text', repeats: 'int', createdAt: 'int', sentAt: 'int',
  }),
  notifyCursor: table('notify_cursor', ['id'], { id: 'int', lastAlertId: 'int' }),
  alertAcks: table('alert_acks', [], { alertId: 'int', ackedAt: 'int', ackedBy: 'text', note: 'text' }),
  quotes: table('quotes', ['key'], {
    key: 'text', underlying: 'text', expiry: 'text', right: 'text', strike: 'float', multiplier: 'float',
    bid: 'float', ask: 'float', mid: 'float', iv: 'float', delta: 'float', gamma: 'float', thetaPerDay: 'float',
    vegaPerPoint: 'float', time: 'int',
  }),
  underlyings: table('underlyings', ['symbol'], { symbol: 'text', price: 'float', prevClose: 'float', time: 'int' }),
  market: table('market', ['id'], { id: 'int', vix: 'float', vixPrevClose: 'float', time: 'int' }),
  ticks: table('ticks', ['seq'], { seq: 'int', time: 'int', configVersion: 'text' }),
  streamFrames: table('stream_frames', ['seq', 'idx'], { seq: 'int', idx: 'int', type: 'text', data: 'text' }),
  reloads: table('reloads', [], { time: 'int', version: 'text', ok: 'bool', diff: 'json', errors: 'json' }),
} as const;

export type TableName = keyof typeof TABLES;

/** `col AS "field"` list for SELECTs, so rows come back camelCase; BIGINT columns are cast to DOUBLE (no BigInt). */
export function selectList(spec: TableSpec, alias = ''): string {
  const p = alias ? `${alias}.` : '';
  return spec.columns
    .map((c) => (c.kind === 'int' ? `${p}${c.column}::DOUBLE AS "${c.field}"` : `${p}${quoteIdent(c.column)} AS "${c.field}"`))
    .join(', ');
}

/** Identifier quoting for the few column names that are SQL keywords (`key`, `right`). */
export function quoteIdent(column: string): string {
  return `"${column}"`;
}

/** Turns a row read with `selectList` into a typed row: JSON columns parsed. */
export function decodeRow<T>(spec: TableSpec, row: Record<string, unknown>): T {
  for (const c of spec.columns) {
    if (c.kind === 'json' && typeof row[c.field] === 'string') row[c.field] = JSON.parse(row[c.field] as string);
    else if (typeof row[c.field] === 'bigint') row[c.field] = Number(row[c.field]);
  }
  return row as T;
}
