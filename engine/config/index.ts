/**
 * Configuration: parse (yaml, with positions; nesting limits first) → schema (ajv, JSON Schema 2020-12, per rule and
 * per strategy) → semantic checks → a resolved, deeply frozen config with a content hash (the config version).
 * `validateConfigDir` is the one validation path of validate, start, dry-run and hot reload. See
 * docs/configuration.md and docs/rules.md.
 */
export * from './types.ts';
export { loadConfigFromFiles, STRATEGIES_FILE, isRulesFile, isRulesFileName, type ConfigFileText, type LoadOptions, type LoadResult } from './load.ts';
export { loadConfigDir, validateConfigDir, type LoadDirOptions } from './load-dir.ts';
export { readConfigDir, folderProblem, describeFsError, NODE_FS, type ConfigFs } from './read-dir.ts';
export { checkUnderlyings, feedUnderlyingCheck, NO_FEED, type UnderlyingCheck } from './underlyings.ts';
export { MAX_CONDITION_DEPTH, MAX_YAML_DEPTH } from './depth.ts';
export { formatFinding, sortFindings } from './finding.ts';
export { configVersion, deepFreeze, DEFAULT_RISK_FREE_RATE, DEFAULT_STARTING_EQUITY, DEGRADED_DEFAULTS, MARKS_DEFAULTS } from './resolve.ts';
export { actionSchema, rulesSchema } from './schema-rules.ts';
export { strategiesSchema } from './schema-strategies.ts';
export { factsSchema, FACTS_FILE } from './schema-facts.ts';
export { editorFactsOf, editorSchemas, type EditorFact } from './editor-schemas.ts';
export { SCHEMA_BASE } from './schema-conditions.ts';
export { MAX_FILE_BYTES, MAX_ALIAS_COUNT } from './parse.ts';
export { renderKeyReference } from './reference-doc.ts';
// For other YAML inputs (dry-run scenarios) that report problems the same way as the config.
export { parseConfigFile } from './parse.ts';
export { whereAt, whereOffset, nodeAt, toPointer, pointerSegments, type ParsedFile } from './locate.ts';
export { finding, suggest, type Where } from './finding.ts';
export { describeValue, describePath } from './schema-check.ts';
export { ALERTS_FILE, checkAlertsFile, DEFAULT_TEMPLATE, DELIVERY_DEFAULTS, unknownPlaceholders, type AlertChannelConfig, type AlertKind, type ChannelType, type ResolvedAlerts, type ResolvedChannel, type ResolvedDelivery } from './check-alerts.ts';
export { alertsSchema, ALERT_KINDS, CHANNEL_TYPES, TEMPLATE_FIELDS } from './schema-alerts.ts';
