/**
 * Hot reload's vocabulary: the semantic diff between two config versions, the shadow summary (what the new version
 * would decide right now) and the policy's verdict. All plain, serialisable data: it is logged, recorded in the
 * store's `reloads` table and shown in status. See docs/reload.md.
 */
import type { ActionType, Finding, ParamValue } from '../config/types.ts';

/** One value that changed at `path` (dotted, array indexes in brackets: `legs.dte.min`, `when.all[0].value`). */
export interface FieldChange {
  path: string;
  from: unknown;
  to: unknown;
  /** For a condition value: the fact the condition reads. */
  fact?: string;
}

export interface RuleChange {
  rule: string;
  /** Fields that changed (rule parameter defaults as `params.<name>`). `source` (where it is written) is ignored. */
  changes: FieldChange[];
}

export interface StrategyChange {
  strategy: string;
  changes: FieldChange[];
  /** Rules that now manage this strategy's positions, and rules that no longer do. */
  rulesAdded: string[];
  rulesRemoved: string[];
}

/**
 * A threshold as the evaluator sees it: a rule parameter's effective value, for one strategy (its overrides applied)
 * or for the portfolio (settings.params applied). Only parameters present in both versions are compared; a rule or a
 * strategy that appears or disappears is reported as added/removed instead.
 */
export interface ThresholdChange {
  scope: 'strategy' | 'portfolio';
  /** The strategy, for scope `strategy`. */
  strategy: string | null;
  rule: string;
  param: string;
  from: ParamValue;
  to: ParamValue;
}

export interface ConfigDiff {
  from: string;
  to: string;
  rules: { added: string[]; removed: string[]; changed: RuleChange[] };
  strategies: { added: string[]; removed: string[]; changed: StrategyChange[] };
  thresholds: ThresholdChange[];
  /** settings.startingEquity, riskFreeRate, reload.maxClosesWithoutForce (portfolio params show as thresholds). */
  settings: FieldChange[];
  files: { added: string[]; removed: string[] };
  /** True when nothing the engine reads changed (comments, formatting, key order, descriptions only count if changed). */
  empty: boolean;
}

/** One position the new version would act on right now. */
export interface ShadowAction {
  positionId: string;
  strategy: string | null;
  rule: string;
  action: ActionType;
}

export interface ShadowSummary {
  /** Positions evaluated under the new version (pinned positions and those of removed strategies are not). */
  evaluated: number;
  /** Per position: the exclusive decision it would get (close, roll, reduce). */
  actions: ShadowAction[];
  /** Portfolio rules that would match (halt-entries, halt, close-all). */
  portfolio: { rule: string; action: ActionType }[];
  /** Alert rules that would match (rule names, once each). */
  alerts: string[];
  /** Positions that would be closed at once: `close` decisions, plus every managed position under a `close-all`. */
  closes: number;
  /** `N positions would close under take-profit`, one line per rule and action; empty when nothing would happen. */
  lines: string[];
}

/** Why the policy refused a reload. */
export interface Refusal {
  code: 'TW_RELOAD_TOO_MANY_CLOSES';
  message: string;
  closes: number;
  limit: number;
}

/** The record of one reload attempt as stored (`reloads.diff` / `reloads.errors`) and returned. */
export interface ReloadOutcome {
  ok: boolean;
  /** The version the attempt produced (null when the files did not validate). */
  version: string | null;
  /** ok and the running (or already pending) version has the same content hash: nothing to do. */
  unchanged: boolean;
  diff: ConfigDiff | null;
  shadow: ShadowSummary | null;
  refused: Refusal | null;
  errors: Finding[];
}
