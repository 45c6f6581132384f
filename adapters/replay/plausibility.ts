/**
 * Whole-file checks that the mapping's units and date format fit the data, so a vendor's per-year theta or a
 * DD/MM date is refused with the column named instead of being taken silently.
 */
import { twError } from '../../engine/errors/index.ts';
import { DATE_FORMATS, normalizeName, sourceColumn, type ResolvedColumns } from './columns.ts';

type Query = <T>(sql: string, params?: string[]) => Promise<Record<string, T[]>>;

/** Quotes with a mid below this are left out of the unit checks (a 0.05 wing's ratios say little). */
const MIN_MID = 0.1;
/**
 * Nor are quotes this close to expiry: in its last days an out-of-the-money option can lose (or gain from a one-point
 * IV move) about its whole price, per day and per point alike.
 */
const MIN_DAYS = 7;
/** An IV above 500% is a percentage, not a decimal. */
const MAX_IV = 5;

/**
 * Medians over quotes with a mid ≥ 0.10 and at least 7 days to expiry: |theta| per day above the mid, vega per vol point above the mid, or an IV
 * above 5 mean the units are not what the mapping says → TW_REPLAY_IMPLAUSIBLE_UNITS naming the column.
 * (An option loses less than its whole price in one day; a 1-point IV move changes it by less than its price for any
 * quote a strategy would trade; IVs are at most a few hundred percent.)
 */
export async function checkUnits(q: Query, map: ResolvedColumns, path: string): Promise<void> {
  const mid = '((bid + ask) / 2)';
  const sample = `${mid} >= ${MIN_MID} AND date_diff('day', TRY_CAST(quote_date AS DATE), TRY_CAST(expiry AS DATE)) >= ${MIN_DAYS}`;
  const r = await q<number | null>(`SELECT
      median(abs(theta) / ${mid}) FILTER (WHERE isfinite(theta) AND ${sample}) AS theta,
      CAST(count(*) FILTER (WHERE isfinite(theta) AND ${sample}) AS INTEGER) AS theta_n,
      median(abs(vega) / ${mid}) FILTER (WHERE isfinite(vega) AND ${sample}) AS vega,
      CAST(count(*) FILTER (WHERE isfinite(vega) AND ${sample}) AS INTEGER) AS vega_n,
      median(iv) FILTER (WHERE isfinite(iv) AND iv > 0) AS iv,
      CAST(count(*) FILTER (WHERE isfinite(iv) AND iv > 0) AS INTEGER) AS iv_n
    FROM quotes`);
  const column = (f: 'theta' | 'vega' | 'iv') => sourceColumn(map, f, map.layout === 'wide' ? 'call' : undefined)!;
  const fix = (key: string, value: string) => (map.name === 'custom' ? `set units.${key}: ${value} in the column mapping` : `the ${map.name} layout reads ${key} in its documented unit; give a column mapping (--columns) with units.${key}: ${value}`);
  const refuse = (f: 'theta' | 'vega' | 'iv', found: string, expected: string, measure: string, value: number, advice: string) => {
    throw twError('TW_REPLAY_IMPLAUSIBLE_UNITS', { what: 'options', path, column: column(f), found, expected, measure, value: value.toFixed(3), rows: r[`${f}_n`][0], advice });
  };
  const theta = r.theta[0];
  if (theta !== null && theta > 1) {
    refuse('theta', map.units.theta === 'per-year' ? 'a larger unit than per year' : 'theta per year', `theta ${map.units.theta}`, '|theta per day| / price', theta, map.units.theta === 'per-year' ? 'check the column: even per year it is above the price' : fix('theta', 'per-year'));
  }
  const vega = r.vega[0];
  if (vega !== null && vega > 1) {
    refuse('vega', map.units.vega === 'per-1.00' ? 'a larger unit than per 1.00' : 'vega per 1.00 of volatility', `vega ${map.units.vega}`, 'vega per vol point / price', vega, map.units.vega === 'per-1.00' ? 'check the column: even per 1.00 it is above the price' : fix('vega', 'per-1.00'));
  }
  const iv = r.iv[0];
  if (iv !== null && iv > MAX_IV) {
    refuse('iv', map.units.iv === 'percent' ? 'a unit larger than percent' : 'IV in percent', `IV as a ${map.units.iv}`, 'IV', iv, map.units.iv === 'percent' ? 'check the column' : fix('iv', 'percent'));
  }
}

/**
 * Quote dates that do not parse: when none of the file's non-blank quote dates parse, TW_REPLAY_BAD_DATES names the
 * column and format; otherwise the number of undated rows (dropped, reported) is returned.
 */
export async function checkDates(q: Query, map: ResolvedColumns, relation: string, header: string[], path: string): Promise<number> {
  const r = await q<number>('SELECT CAST(count(*) FILTER (WHERE quote_date IS NULL) AS INTEGER) AS undated, CAST(count(*) FILTER (WHERE quote_date IS NOT NULL) AS INTEGER) AS dated FROM quotes');
  const [undated, dated] = [r.undated[0], r.dated[0]];
  if (dated > 0 || undated === 0) return map.layout === 'wide' ? undated / 2 : undated;
  const name = map.columns.quoteDate!;
  const actual = header.find((h) => normalizeName(h) === normalizeName(name)) ?? name;
  const quoted = `"${actual.replace(/"/g, '""')}"`;
  const ex = await q<string | null>(`SELECT trim(CAST(${quoted} AS VARCHAR)) AS v FROM ${relation} WHERE trim(CAST(${quoted} AS VARCHAR)) <> '' LIMIT 1`);
  const example = ex.v[0];
  if (example === undefined || example === null) return map.layout === 'wide' ? undated / 2 : undated;
  throw twError('TW_REPLAY_BAD_DATES', { what: 'options', path, column: name, format: map.dates, example, formats: Object.keys(DATE_FORMATS).join(', ') });
}
