/**
 * SQL that turns a file read by DuckDB (every column as text) into the normalized quote rows of table `quotes`, from a
 * column mapping (columns.ts). Units are converted here: theta to per day, vega to per vol point, IV to a decimal.
 */
import { DATE_FORMATS, normalizeName, sourceColumn, type ColumnField, type ResolvedColumns } from './columns.ts';

/** The normalized row, in table order. Prices per share; IV decimal; theta per day; vega per vol point. */
export const NORMALIZED_FIELDS = [
  'quote_date', 'quote_minutes', 'underlying', 'underlying_price', 'root', 'right', 'expiry', 'strike', 'bid', 'ask', 'last', 'volume',
  'open_interest', 'bid_size', 'ask_size', 'iv', 'delta', 'gamma', 'theta', 'vega',
] as const;
export type NormalizedField = (typeof NORMALIZED_FIELDS)[number];

export const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const text = (expr: string) => `trim(CAST(${expr} AS VARCHAR))`;
const num = (expr: string) => `TRY_CAST(${text(expr)} AS DOUBLE)`;

function dateExpr(expr: string, format: ResolvedColumns['dates']): string {
  // ISO also accepts a timestamp (a Parquet TIMESTAMP column, or "2019-04-25 16:00") by its first ten characters.
  if (format === 'ISO') return `CAST(TRY_CAST(left(${text(expr)}, 10) AS DATE) AS VARCHAR)`;
  return `CAST(CAST(try_strptime(${text(expr)}, ${sqlString(DATE_FORMATS[format])}) AS DATE) AS VARCHAR)`;
}

/** Minutes after midnight from the first `H:MM` or `HH:MM` in the value (a time or a timestamp), else the fixed time. */
function minutesExpr(expr: string | undefined, fixed: number): string {
  if (expr === undefined) return `${fixed}`;
  const t = text(expr);
  const part = (i: number) => `TRY_CAST(regexp_extract(${t}, '(\\d{1,2}):(\\d{2})', ${i}) AS INTEGER)`;
  return `COALESCE(CASE WHEN ${part(1)} < 24 AND ${part(2)} < 60 THEN ${part(1)} * 60 + ${part(2)} END, ${fixed})`;
}

/**
 * SELECT of the normalized fields from `relation`. `header` are the file's column names as DuckDB reports them;
 * mapped optional columns the file lacks become NULL. `underlying` names the underlying when no column does.
 */
export function normalizedSelect(map: ResolvedColumns, relation: string, header: string[], underlying: string): string {
  const byName = new Map(header.map((c) => [normalizeName(c), c]));
  const col = (field: ColumnField, leg?: 'call' | 'put'): string | undefined => {
    const name = sourceColumn(map, field, leg);
    const found = name === undefined ? undefined : byName.get(normalizeName(name));
    return found === undefined ? undefined : ident(found);
  };
  const orNull = (e: string | undefined, wrap: (x: string) => string) => (e === undefined ? 'NULL::DOUBLE' : wrap(e));
  const scaled = (e: string | undefined, divisor: number) => orNull(e, (x) => (divisor === 1 ? num(x) : `${num(x)} / ${divisor}`));
  const leg = (side?: 'call' | 'put') => {
    const perLeg = (f: ColumnField) => col(f, map.layout === 'wide' ? side : undefined);
    const size = perLeg('size');
    const sizePart = (i: number) => (size === undefined ? undefined : `TRY_CAST(trim(split_part(${text(size)}, 'x', ${i})) AS DOUBLE)`);
    const rootCol = col('root');
    const underCol = col('underlying');
    const fixedUnder = sqlString(underlying);
    let right: string;
    if (side !== undefined) right = sqlString(side);
    else {
      const values = (xs: string[]) => xs.map((v) => sqlString(v.trim().toLowerCase())).join(', ');
      const r = `lower(${text(col('right')!)})`;
      right = `CASE WHEN ${r} IN (${values(map.rights.call)}) THEN 'call' WHEN ${r} IN (${values(map.rights.put)}) THEN 'put' ELSE ${r} END`;
    }
    const fields: Record<NormalizedField, string> = {
      quote_date: dateExpr(col('quoteDate')!, map.dates),
      quote_minutes: minutesExpr(col('quoteTime'), map.quoteMinutes),
      underlying: underCol === undefined ? fixedUnder : `upper(${text(underCol)})`,
      underlying_price: num(col('underlyingPrice')!),
      // The root is the leading letters of the value: a plain root (SPXW) or an OSI-style symbol (SPXW190426C02900000).
      root: rootCol === undefined ? (underCol === undefined ? fixedUnder : `upper(${text(underCol)})`) : `upper(regexp_extract(${text(rootCol)}, '^[A-Za-z]+'))`,
      right,
      expiry: dateExpr(col('expiry')!, map.dates),
      strike: num(col('strike')!),
      bid: num(perLeg('bid')!),
      ask: num(perLeg('ask')!),
      last: scaled(perLeg('last'), 1),
      volume: scaled(perLeg('volume'), 1),
      open_interest: scaled(perLeg('openInterest'), 1),
      bid_size: perLeg('bidSize') !== undefined ? num(perLeg('bidSize')!) : (sizePart(1) ?? 'NULL::DOUBLE'),
      ask_size: perLeg('askSize') !== undefined ? num(perLeg('askSize')!) : (sizePart(2) ?? 'NULL::DOUBLE'),
      iv: scaled(perLeg('iv'), map.units.iv === 'percent' ? 100 : 1),
      delta: scaled(perLeg('delta'), 1),
      gamma: scaled(perLeg('gamma'), 1),
      theta: scaled(perLeg('theta'), map.units.theta === 'per-year' ? 365 : 1),
      vega: scaled(perLeg('vega'), map.units.vega === 'per-1.00' ? 100 : 1),
    };
    return `SELECT ${NORMALIZED_FIELDS.map((f) => `${fields[f]} AS "${f}"`).join(', ')} FROM ${relation}`;
  };
  return map.layout === 'wide' ? `${leg('call')} UNION ALL ${leg('put')}` : leg();
}

/**
 * The DuckDB table function reading a file: Parquet by extension, CSV (plain or gzipped) otherwise, every column as
 * text (values are trimmed and cast by the mapping), rows that do not split into the header's fields stored in
 * `rejects` instead of failing the read.
 */
export function relationFor(path: string, opts: { delim?: string; header?: string[]; rejects?: string } = {}): string {
  const p = sqlString(path);
  if (/\.parquet$/i.test(path)) return `read_parquet(${p})`;
  // With the dialect and the columns given, DuckDB does not sniff (its sniffer misreads files with short rows early on).
  const columns = opts.header ? `, auto_detect = false, columns = {${opts.header.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(', ')}}` : '';
  const delim = opts.delim ? `, delim = ${sqlString(opts.delim)}, quote = '"', escape = '"'${columns}` : '';
  const store = opts.rejects ? `, store_rejects = true, rejects_table = ${sqlString(opts.rejects)}, rejects_scan = ${sqlString(`${opts.rejects}_scan`)}` : '';
  return `read_csv(${p}, header = true, all_varchar = true${delim}${store})`;
}
