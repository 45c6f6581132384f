/**
 * trades.csv, decisions.csv and equity.csv (docs/backtest.md, "Outputs"). Times are New York exchange time
 * (`YYYY-MM-DD HH:MM`), money in dollars with two decimals, fields quoted when they hold a comma, quote or newline.
 */
import { exchangeTime } from '../../engine/domain/index.ts';
import { drawdown } from '../../engine/analytics/index.ts';
import type { Ledger, Trade } from '../../engine/analytics/index.ts';
import type { DecisionLine, FillLine } from './types.ts';

export function nyTime(t: number): string {
  const e = exchangeTime(t);
  return `${e.date} ${String(Math.floor(e.minutes / 60)).padStart(2, '0')}:${String(e.minutes % 60).padStart(2, '0')}`;
}

function field(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly unknown[][]): string {
  return [header.join(','), ...rows.map((r) => r.map(field).join(','))].join('\n') + '\n';
}

const dollars = (cents: number) => (cents / 100).toFixed(2);
export const legText = (l: FillLine['legs'][number]) => `${l.side} ${l.quantity} ${l.key} @ ${l.price}`;
export const fillText = (f: FillLine) => `${nyTime(f.time)} ${f.purpose} ${f.quantity} @ ${f.netPrice} (${f.legs.map(legText).join('; ')})`;

export const TRADE_COLUMNS = ['id', 'strategy', 'entry_time', 'exit_time', 'days_held', 'legs', 'entry_price', 'exit_price', 'fills', 'pnl', 'commissions', 'closing_rule', 'roll_count'] as const;

export function tradeRow(t: Trade, fills: readonly FillLine[]): unknown[] {
  const open = fills.find((f) => f.purpose === 'open');
  const close = [...fills].reverse().find((f) => f.purpose === 'close');
  return [
    t.id, t.strategy, nyTime(t.openedAt), nyTime(t.closedAt), Math.round(((t.closedAt - t.openedAt) / 86_400_000) * 100) / 100,
    open ? open.legs.map(legText).join('; ') : '', open?.netPrice ?? '', close?.netPrice ?? '',
    fills.map(fillText).join(' | '), dollars(t.pnlCents), dollars(t.commissionCents), t.exitRule, t.rolls,
  ];
}

export function tradesCsv(ledger: Ledger, details: Map<string, FillLine[]>): string {
  return toCsv(TRADE_COLUMNS, ledger.trades.map((t) => tradeRow(t, details.get(t.id) ?? [])));
}

export function decisionsCsv(decisions: readonly DecisionLine[]): string {
  return toCsv(
    ['time', 'position', 'rule', 'action', 'outcome', 'reason', 'preempted', 'facts', 'trace'],
    decisions.map((d) => [nyTime(d.time), d.positionId ?? '', d.rule, d.action, d.outcome, d.reason ?? '', d.preempted.join(' '), d.facts, d.trace]),
  );
}

export function equityCsv(ledger: Ledger): string {
  const dd = drawdown(ledger.startingEquityCents, ledger.equity.map((p) => p.equityCents)).series;
  return toCsv(['date', 'time', 'equity', 'drawdown'], ledger.equity.map((p, i) => [p.date, nyTime(p.time), dollars(p.equityCents), Math.round(dd[i] * 1e8) / 1e8]));
}
