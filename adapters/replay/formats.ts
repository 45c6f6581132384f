/**
 * Column mappings from each supported source format to the one normalized quote row the replay works on.
 * The tables below are the documentation (docs/replay.md repeats them); the SQL is generated from them.
 */
export type SourceFormat = 'cboe' | 'optionsdx';

/** One normalized quote row: one option (call or put) at one quote date. Prices per share; IV decimal. */
export const NORMALIZED_FIELDS = ['quote_date', 'underlying', 'underlying_price', 'root', 'right', 'expiry', 'strike', 'bid', 'ask', 'last', 'volume', 'open_interest', 'bid_size', 'ask_size', 'iv', 'delta', 'gamma', 'theta', 'vega'] as const;
export type NormalizedField = (typeof NORMALIZED_FIELDS)[number];

export interface ColumnMapping {
  /** Source column (for OptionsDX, `{C|P}` stands for the call and the put prefix). */
  column: string;
  required: boolean;
  note?: string;
}

/** The Cboe-style quote file (Cboe's delayed quote download, as in ../shared/data/spx_options_cboe_* and SPY files). */
export const CBOE_MAPPING: Partial<Record<NormalizedField, ColumnMapping>> = {
  quote_date: { column: 'quotedate', required: true, note: 'ISO date' },
  underlying: { column: 'underlying', required: true },
  underlying_price: { column: 'underlying_last', required: true, note: 'late-day snapshot, not the official close' },
  root: { column: 'optionroot', required: true, note: 'leading letters of the OSI symbol (SPX, SPXW, SPY): part of the contract key' },
  right: { column: 'type', required: true, note: '`call` / `put`' },
  expiry: { column: 'expiration', required: true, note: 'ISO date' },
  strike: { column: 'strike', required: true },
  bid: { column: 'bid', required: true },
  ask: { column: 'ask', required: true },
  last: { column: 'last', required: false },
  volume: { column: 'volume', required: false },
  open_interest: { column: 'openinterest', required: false },
  iv: { column: 'impliedvol', required: true, note: 'decimal; 0 = not computed (flagged, recomputed)' },
  delta: { column: 'delta', required: true, note: 'per 1.00 of the underlying' },
  gamma: { column: 'gamma', required: false, note: 'per index point' },
  theta: { column: 'theta', required: false, note: 'per calendar day (SPY file only)' },
  vega: { column: 'vega', required: false, note: 'per volatility point (SPY file only)' },
};

/** OptionsDX end-of-day files: one row per (quote date, expiry, strike) holding the call (C_*) and the put (P_*). */
export const OPTIONSDX_MAPPING: Partial<Record<NormalizedField, ColumnMapping>> = {
  quote_date: { column: '[QUOTE_DATE]', required: true, note: 'ISO date' },
  underlying_price: { column: '[UNDERLYING_LAST]', required: true },
  expiry: { column: '[EXPIRE_DATE]', required: true, note: 'ISO date' },
  strike: { column: '[STRIKE]', required: true },
  bid: { column: '[{C|P}_BID]', required: true },
  ask: { column: '[{C|P}_ASK]', required: true },
  last: { column: '[{C|P}_LAST]', required: false },
  volume: { column: '[{C|P}_VOLUME]', required: false },
  bid_size: { column: '[{C|P}_SIZE]', required: false, note: '`bid x ask`, e.g. `12 x 30`: the number before the x' },
  ask_size: { column: '[{C|P}_SIZE]', required: false, note: 'the number after the x' },
  iv: { column: '[{C|P}_IV]', required: true, note: 'decimal; blank or 0 = not computed (flagged, recomputed)' },
  delta: { column: '[{C|P}_DELTA]', required: true },
  gamma: { column: '[{C|P}_GAMMA]', required: false },
  theta: { column: '[{C|P}_THETA]', required: false, note: 'per calendar day' },
  vega: { column: '[{C|P}_VEGA]', required: false, note: 'per volatility point' },
};

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const num = (expr: string) => `TRY_CAST(trim(CAST(${expr} AS VARCHAR)) AS DOUBLE)`;
const date = (expr: string) => `CAST(TRY_CAST(trim(CAST(${expr} AS VARCHAR)) AS DATE) AS VARCHAR)`;
const text = (expr: string) => `trim(CAST(${expr} AS VARCHAR))`;

/** Source columns missing from a file, for the error message. `actual` are the file's column names. */
export function missingColumns(format: SourceFormat, actual: string[]): string[] {
  const have = new Set(actual.map((c) => c.trim().toUpperCase()));
  const mapping = format === 'cboe' ? CBOE_MAPPING : OPTIONSDX_MAPPING;
  const needed = Object.values(mapping).filter((m) => m.required).flatMap((m) => (m.column.includes('{C|P}') ? [m.column.replace('{C|P}', 'C'), m.column.replace('{C|P}', 'P')] : [m.column]));
  return [...new Set(needed)].filter((c) => !have.has(c.toUpperCase()));
}

/**
 * SQL selecting the normalized fields from `relation` (a `read_csv(...)`/`read_parquet(...)` call). `actual` are the
 * file's column names (exact spelling, possibly padded with spaces in OptionsDX files); optional columns that are
 * absent become NULL. `underlying` names the underlying for formats that lack the column (OptionsDX).
 */
export function normalizedSelect(format: SourceFormat, relation: string, actual: string[], underlying: string): string {
  const byUpper = new Map(actual.map((c) => [c.trim().toUpperCase(), c]));
  const col = (name: string): string | undefined => {
    const found = byUpper.get(name.toUpperCase());
    return found === undefined ? undefined : quote(found);
  };
  if (format === 'cboe') {
    const m = CBOE_MAPPING;
    const pick = (f: NormalizedField, wrap: (e: string) => string) => {
      const c = col(m[f]!.column);
      return `${c === undefined ? 'NULL::DOUBLE' : wrap(c)} AS ${f}`;
    };
    return `SELECT ${[
      pick('quote_date', date), pick('underlying', text), pick('underlying_price', num),
      `regexp_extract(${text(col('optionroot')!)}, '^[A-Za-z]+') AS root`, `lower(${text(col('type')!)}) AS "right"`,
      pick('expiry', date), pick('strike', num), pick('bid', num), pick('ask', num), pick('last', num), pick('volume', num),
      pick('open_interest', num), 'NULL::DOUBLE AS bid_size', 'NULL::DOUBLE AS ask_size', pick('iv', num), pick('delta', num),
      pick('gamma', num), pick('theta', num), pick('vega', num),
    ].join(', ')} FROM ${relation}`;
  }
  const leg = (p: 'C' | 'P', right: string) => {
    const f = (name: string, wrap: (e: string) => string = num) => {
      const c = col(`[${p}_${name}]`);
      return c === undefined ? 'NULL::DOUBLE' : wrap(c);
    };
    const size = col(`[${p}_SIZE]`);
    const sizePart = (i: number) => (size === undefined ? 'NULL::DOUBLE' : `TRY_CAST(trim(split_part(CAST(${size} AS VARCHAR), 'x', ${i})) AS DOUBLE)`);
    return `SELECT ${[
      `${date(col('[QUOTE_DATE]')!)} AS quote_date`, `'${underlying.replace(/'/g, "''")}' AS underlying`, `${num(col('[UNDERLYING_LAST]')!)} AS underlying_price`,
      `'${underlying.replace(/'/g, "''")}' AS root`, `'${right}' AS "right"`, `${date(col('[EXPIRE_DATE]')!)} AS expiry`, `${num(col('[STRIKE]')!)} AS strike`,
      `${f('BID')} AS bid`, `${f('ASK')} AS ask`, `${f('LAST')} AS last`, `${f('VOLUME')} AS volume`, 'NULL::DOUBLE AS open_interest',
      `${sizePart(1)} AS bid_size`, `${sizePart(2)} AS ask_size`, `${f('IV')} AS iv`, `${f('DELTA')} AS delta`, `${f('GAMMA')} AS gamma`,
      `${f('THETA')} AS theta`, `${f('VEGA')} AS vega`,
    ].join(', ')} FROM ${relation}`;
  };
  return `${leg('C', 'call')} UNION ALL ${leg('P', 'put')}`;
}

/** The DuckDB table function that reads a file: Parquet by extension, CSV (plain or gzipped) otherwise. */
export function relationFor(format: SourceFormat, path: string): string {
  const p = `'${path.replace(/'/g, "''")}'`;
  if (/\.parquet$/i.test(path)) return `read_parquet(${p})`;
  // OptionsDX pads values with spaces after the commas: read as text and trim in the mapping.
  return format === 'optionsdx' ? `read_csv(${p}, header = true, all_varchar = true)` : `read_csv(${p}, header = true)`;
}
