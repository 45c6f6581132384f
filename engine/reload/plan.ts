/**
 * The reload policy: from a freshly loaded candidate to a verdict. Invalid files → the running version stays, with
 * the findings. Same content hash → nothing to do. Otherwise diff against the running version, evaluate the
 * candidate in shadow, and refuse it when it would close more positions at once than
 * `settings.reload.maxClosesWithoutForce` allows, unless forced. Pure: the caller applies the verdict.
 */
import type { Finding, ResolvedConfig } from '../config/types.ts';
import type { LoadResult } from '../config/index.ts';
import type { Evaluation } from '../evaluate/index.ts';
import { formatTemplate, registry } from '../errors/index.ts';
import { diffConfigs } from './diff.ts';
import { summarizeShadow } from './shadow.ts';
import type { Refusal, ReloadOutcome, ShadowSummary } from './types.ts';

export interface PlanInput {
  /** The version the kernel runs now. */
  running: ResolvedConfig;
  /** The version already handed to the kernel and not yet active, if any. */
  pendingVersion: string | null;
  /** What `loadConfigDir` (the full `tickwise validate`) made of the files. */
  load: LoadResult;
  /** The kernel's shadow evaluation of a config on the last tick's facts (`kernel.shadow`). */
  shadow: (config: ResolvedConfig) => Evaluation | null;
  /** Live positions in the `managed` phase (what a close-all would close). */
  managedPositions: number;
  force: boolean;
}

export function planReload(input: PlanInput): ReloadOutcome & { config: ResolvedConfig | null } {
  const { running, load } = input;
  const errors = load.findings.filter((f) => f.severity === 'error');
  if (!load.config || errors.length) {
    return { ok: false, version: null, unchanged: false, diff: null, shadow: null, refused: null, errors: errors.length ? errors : load.findings, config: null };
  }
  const next = load.config;
  const target = input.pendingVersion ?? running.version;
  if (next.version === target) {
    return { ok: true, version: next.version, unchanged: true, diff: null, shadow: null, refused: null, errors: [], config: null };
  }
  const diff = diffConfigs(running, next);
  const shadow = summarizeShadow(input.shadow(next), { managedPositions: input.managedPositions });
  const refused = input.force ? null : checkCloses(shadow, reloadLimit(running, next), running.version);
  return { ok: !refused, version: next.version, unchanged: false, diff, shadow, refused, errors: [], config: refused ? null : next };
}

/**
 * The close limit in force for a reload: the smaller of the running and the candidate version's
 * `maxClosesWithoutForce` (an edit cannot loosen its own guard). null: no limit.
 */
export function reloadLimit(running: ResolvedConfig, next: ResolvedConfig): number | null {
  const limits = [running.settings.reload.maxClosesWithoutForce, next.settings.reload.maxClosesWithoutForce].filter((n): n is number => n !== null);
  return limits.length ? Math.min(...limits) : null;
}

export function checkCloses(shadow: ShadowSummary, limit: number | null, runningVersion: string): Refusal | null {
  if (limit === null || shadow.closes <= limit) return null;
  const message = formatTemplate(registry.TW_RELOAD_TOO_MANY_CLOSES.message, { closes: shadow.closes, limit, version: runningVersion });
  return { code: 'TW_RELOAD_TOO_MANY_CLOSES', message, closes: shadow.closes, limit };
}

/** The summary line of a failed attempt (the findings themselves are formatted with `formatFinding`). */
export function describeInvalid(errors: readonly Finding[], runningVersion: string): string {
  return formatTemplate(registry.TW_RELOAD_INVALID_CONFIG.message, { errors: errors.length, version: runningVersion });
}
