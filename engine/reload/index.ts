/**
 * Hot reload, the pure part: the semantic diff between two config versions, the shadow summary and the reload
 * policy. The file watching and the kernel calls live in bin/wiring/reload.ts. See docs/reload.md.
 */
export { diffConfigs } from './diff.ts';
export { summarizeShadow, type ShadowContext } from './shadow.ts';
export { planReload, reloadLimit, checkCloses, describeInvalid, type PlanInput } from './plan.ts';
export { formatDiff } from './format.ts';
export { isWatchedConfigPath } from './paths.ts';
export type { ConfigDiff, FieldChange, Refusal, ReloadOutcome, RuleChange, ShadowAction, ShadowSummary, StrategyChange, ThresholdChange } from './types.ts';
