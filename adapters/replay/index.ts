/**
 * Historical replay (docs/replay.md): recorded option chains as a MarketFeed. Callers pass either a built-in layout
 * (`source: 'cboe' | 'optionsdx'`, or nothing to detect it) or any vendor's layout as a column mapping (`columns:` a
 * MAP.yaml path or a `ColumnsConfig` object). `readColumnsFile` / `parseColumnsText` check a mapping up front, with
 * findings at file:line:col, for commands that want to report mapping mistakes before opening the data. A file is
 * read once into a columnar cache (`cacheDir`, default `defaultCacheDir()`; `report().cache` says what it did).
 */
export {
  createReplayFeed, SNAPSHOT_MINUTES, type ReplayFeed, type ReplayOptions, type ReplayReport, type ReplayRates, type SourceFormat, type UnderlyingPriceReport,
} from './replay-feed.ts';
export {
  CBOE_COLUMNS, OPTIONSDX_COLUMNS, COLUMN_FIELDS, DATE_FORMATS, DEFAULT_QUOTE_TIME, resolveColumns,
  type ColumnsConfig, type ColumnField, type ColumnUnits, type DateFormat, type ResolvedColumns,
} from './columns.ts';
export { parseColumnsText, readColumnsFile, columnsFromObject, columnsSchema } from './columns-file.ts';
export { NORMALIZED_FIELDS, type NormalizedField } from './columns-sql.ts';
export { MALFORMED_MIN, MALFORMED_SHARE, type MalformedReport, type MalformedRow } from './file-check.ts';
export type { QualityCounts } from './quality.ts';
export type { CacheReport } from './cache.ts';
export { defaultCacheDir } from './cache-files.ts';
export { isUsTradingDay as isTradingDay, tradingDaysBetween } from '../../engine/domain/index.ts';
