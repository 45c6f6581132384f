export { createReplayFeed, SNAPSHOT_MINUTES, type ReplayFeed, type ReplayOptions, type ReplayReport, type ReplayRates } from './replay-feed.ts';
export { CBOE_MAPPING, OPTIONSDX_MAPPING, NORMALIZED_FIELDS, type SourceFormat, type ColumnMapping, type NormalizedField } from './formats.ts';
export type { QualityCounts } from './quality.ts';
export { isUsTradingDay as isTradingDay, tradingDaysBetween } from '../../engine/domain/index.ts';
