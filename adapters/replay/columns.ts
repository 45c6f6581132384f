/**
 * Column mappings: how one vendor's option-quote file maps onto the replay's normalized quote row. A mapping is data
 * (`ColumnsConfig`, what a user writes in a YAML file, checked by schemas/replay-columns.schema.json); the two known
 * layouts, Cboe and OptionsDX, are built-in mappings of the same shape. docs/replay.md repeats these tables.
 */

/** The normalized fields a mapping can fill (camelCase, as written in the YAML file). */
export const COLUMN_FIELDS = [
  'quoteDate', 'quoteTime', 'underlying', 'underlyingPrice', 'root', 'right', 'expiry', 'strike', 'bid', 'ask', 'last', 'volume',
  'openInterest', 'size', 'bidSize', 'askSize', 'iv', 'delta', 'gamma', 'theta', 'vega',
] as const;
export type ColumnField = (typeof COLUMN_FIELDS)[number];

/** Fields that are per leg in a wide layout: their column names contain `{leg}`. */
export const LEG_FIELDS: ReadonlySet<ColumnField> = new Set(['bid', 'ask', 'last', 'volume', 'openInterest', 'size', 'bidSize', 'askSize', 'iv', 'delta', 'gamma', 'theta', 'vega']);

export const DATE_FORMATS = { ISO: '%Y-%m-%d', 'MM/DD/YYYY': '%m/%d/%Y', 'DD/MM/YYYY': '%d/%m/%Y', YYYYMMDD: '%Y%m%d' } as const;
export type DateFormat = keyof typeof DATE_FORMATS;

export interface ColumnUnits {
  /** `decimal` (0.15, default) or `percent` (15). */
  iv?: 'decimal' | 'percent';
  /** `per-day` (per calendar day, default) or `per-year`. */
  theta?: 'per-day' | 'per-year';
  /** `per-vol-point` (per 0.01 of IV, default) or `per-1.00` (per 1.00 of IV, 100 times larger). */
  vega?: 'per-vol-point' | 'per-1.00';
}

/** A column mapping as written (YAML file or `columns:` object). */
export interface ColumnsConfig {
  description?: string;
  /** `long`: one row per option (default). `wide`: one row holds a strike's call and put. */
  layout?: 'long' | 'wide';
  /** Format of the quote date and expiry columns; default ISO. */
  dates?: DateFormat;
  /** New York `HH:MM` of quotes that have no time column (or a blank one); default 15:45. */
  quoteTime?: string;
  /** Wide layout: what `{leg}` stands for in the call's and the put's column names. */
  legs?: { call: string; put: string };
  /** Long layout: values of the right column meaning call and put (any case); default call/c and put/p. */
  rights?: { call: string[]; put: string[] };
  units?: ColumnUnits;
  columns: Partial<Record<ColumnField, string>>;
}

/** The mapping the reader uses: defaults applied, frozen. */
export interface ResolvedColumns {
  /** `cboe`, `optionsdx`, or `custom` for a user's mapping (for messages and the report). */
  name: string;
  layout: 'long' | 'wide';
  dates: DateFormat;
  /** Minutes after midnight New York. */
  quoteMinutes: number;
  legs: { call: string; put: string };
  rights: { call: string[]; put: string[] };
  units: Required<ColumnUnits>;
  columns: Partial<Record<ColumnField, string>>;
  /** Named columns the file may lack (built-in layouts only; a user's mapping names only columns its file has). */
  optional: ReadonlySet<ColumnField>;
}

/** End-of-day files are stamped 15:45 New York, the late-day snapshot before the 16:00 close, unless told otherwise. */
export const DEFAULT_QUOTE_TIME = '15:45';

/** Cboe's delayed quote download (../shared/data/spx_options_cboe_*, spy_options_2021_sparse.csv). */
export const CBOE_COLUMNS: ColumnsConfig = {
  description: 'Cboe delayed quote download: one row per option',
  layout: 'long',
  columns: {
    quoteDate: 'quotedate', underlying: 'underlying', underlyingPrice: 'underlying_last', root: 'optionroot', right: 'type', expiry: 'expiration',
    strike: 'strike', bid: 'bid', ask: 'ask', last: 'last', volume: 'volume', openInterest: 'openinterest', iv: 'impliedvol', delta: 'delta',
    gamma: 'gamma', theta: 'theta', vega: 'vega',
  },
};

/** OptionsDX end-of-day files: bracketed, space-padded headers; one row holds the call (C_*) and the put (P_*). */
export const OPTIONSDX_COLUMNS: ColumnsConfig = {
  description: 'OptionsDX end-of-day: one row per strike holding the call and the put',
  layout: 'wide',
  legs: { call: 'C', put: 'P' },
  columns: {
    quoteDate: '[QUOTE_DATE]', underlyingPrice: '[UNDERLYING_LAST]', expiry: '[EXPIRE_DATE]', strike: '[STRIKE]',
    bid: '[{leg}_BID]', ask: '[{leg}_ASK]', last: '[{leg}_LAST]', volume: '[{leg}_VOLUME]', size: '[{leg}_SIZE]', iv: '[{leg}_IV]',
    delta: '[{leg}_DELTA]', gamma: '[{leg}_GAMMA]', theta: '[{leg}_THETA]', vega: '[{leg}_VEGA]',
  },
};

const BUILT_IN_OPTIONAL: ColumnField[] = ['last', 'volume', 'openInterest', 'size', 'gamma', 'theta', 'vega'];

/** Applies the defaults. `config` must already satisfy the schema (see columns-file.ts). */
export function resolveColumns(config: ColumnsConfig, name = 'custom'): ResolvedColumns {
  const [h, m] = (config.quoteTime ?? DEFAULT_QUOTE_TIME).split(':').map(Number);
  const trimmed = Object.fromEntries(Object.entries(config.columns).map(([k, v]) => [k, v!.trim()])) as ResolvedColumns['columns'];
  return Object.freeze({
    name,
    layout: config.layout ?? 'long',
    dates: config.dates ?? 'ISO',
    quoteMinutes: h * 60 + m,
    legs: config.legs ?? { call: 'C', put: 'P' },
    rights: config.rights ?? { call: ['call', 'c'], put: ['put', 'p'] },
    units: { iv: config.units?.iv ?? 'decimal', theta: config.units?.theta ?? 'per-day', vega: config.units?.vega ?? 'per-vol-point' },
    columns: trimmed,
    optional: new Set(name === 'custom' ? [] : BUILT_IN_OPTIONAL),
  });
}

export const BUILT_IN: Record<'cboe' | 'optionsdx', ResolvedColumns> = {
  cboe: resolveColumns(CBOE_COLUMNS, 'cboe'),
  optionsdx: resolveColumns(OPTIONSDX_COLUMNS, 'optionsdx'),
};

/** The file's column name for `field` (one leg of a wide layout), or undefined when the mapping has none. */
export function sourceColumn(map: ResolvedColumns, field: ColumnField, leg?: 'call' | 'put'): string | undefined {
  const c = map.columns[field];
  if (c === undefined || leg === undefined) return c;
  return c.replaceAll('{leg}', map.legs[leg]);
}

/** Every file column the mapping needs (both legs of a wide layout) that `header` lacks; case and spaces ignored. */
export function missingColumns(map: ResolvedColumns, header: string[]): string[] {
  const have = new Set(header.map(normalizeName));
  const needed: string[] = [];
  for (const f of COLUMN_FIELDS) {
    if (map.columns[f] === undefined || map.optional.has(f)) continue;
    const legs = map.layout === 'wide' && LEG_FIELDS.has(f) ? (['call', 'put'] as const) : [undefined];
    for (const leg of legs) needed.push(sourceColumn(map, f, leg)!);
  }
  return [...new Set(needed)].filter((c) => !have.has(normalizeName(c)));
}

/** Header names compare without a UTF-8 BOM, surrounding spaces and case. */
export function normalizeName(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toUpperCase();
}

/** Which built-in layout a header is in, or undefined when it is neither (a mapping is needed). */
export function detectLayout(header: string[]): 'cboe' | 'optionsdx' | undefined {
  if (missingColumns(BUILT_IN.optionsdx, header).length === 0) return 'optionsdx';
  if (missingColumns(BUILT_IN.cboe, header).length === 0) return 'cboe';
  return undefined;
}
