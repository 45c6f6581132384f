/**
 * Configuration types. `*Config` is what the trader writes in YAML (after schema validation); `Resolved*` is the
 * normalised, frozen form the engine uses (defaults filled in, params bound, rules sorted). See docs/configuration.md.
 */
import type { SourceLocation } from '../errors/index.ts';
import { ACTIONS, type ActionName, type ExclusiveAction } from '../catalogue/index.ts';

export type Scope = 'position' | 'portfolio';
/** A rule action: one of the action catalogue's names (engine/catalogue/actions.ts, docs/actions.md). */
export type ActionType = ActionName;
/** Actions that pre-empt later matches for the same position (catalogue `exclusive`). `alert` never pre-empts. */
export const EXCLUSIVE_ACTIONS: readonly ActionType[] = ACTIONS.filter((a): a is Extract<(typeof ACTIONS)[number], { name: ExclusiveAction }> => a.exclusive).map((a) => a.name);
export type Severity = 'info' | 'warning' | 'critical';
export type OrderStyle = 'limit' | 'marketable';
export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

/** A literal, a reference to another fact (`{ fact }`), or a reference to a rule parameter (`{ param }`). */
export type ConditionValue = number | string | boolean | null | { fact: string } | { param: string } | ConditionValue[];

export interface ConditionLeaf {
  fact: string;
  operator: string;
  value: ConditionValue;
  /** Extra operator parameters (json-rules-engine `params`). */
  params?: Record<string, unknown>;
}
export type ConditionTree = { all: ConditionNode[] } | { any: ConditionNode[] } | { not: ConditionNode };
export type ConditionNode = ConditionTree | ConditionLeaf;

export type ParamValue = number | string | boolean;

export interface RuleParamConfig {
  default: ParamValue;
  /** A unit name from the catalogue (`fraction`, `currency`, `days`, …). */
  unit: string;
  description: string;
  min?: number;
  max?: number;
}

export interface RuleActionConfig {
  action: ActionType;
  orderStyle?: OrderStyle;
  /** `reduce`: fraction of the position's contracts to close (0 < f < 1). */
  fraction?: number | { param: string };
  /** `roll`: the new expiry's target DTE (default: the strategy's `legs.dte.target`). */
  targetDte?: number | { param: string };
  /** `roll`: which side to roll: only the tested side, or the whole structure. */
  rollSide?: 'tested' | 'all';
  /** `alert`: free text added to the alert. */
  message?: string;
  /**
   * close / roll / reduce: what happens when the action cannot be carried out (no roll target, …): `next` (default)
   * falls through to the next matching rule in the same tick, `close` closes the position, `none` only records it.
   */
  fallback?: RuleFallback;
}

/** What a rule's action falls back to when it is unexecutable (docs/rules.md § Fallback). */
export type RuleFallback = 'next' | 'close' | 'none';

export interface RuleConfig {
  name: string;
  description: string;
  priority: number;
  scope: Scope;
  /** Strategy names or tags; omitted = every strategy. */
  appliesTo?: string[];
  params?: Record<string, RuleParamConfig>;
  when: ConditionTree;
  then: RuleActionConfig;
  severity: Severity;
  enabled?: boolean;
  /** May also act on positions already closing (e.g. escalate a limit close to marketable). */
  escalation?: boolean;
}

/** A structure name: one entry of the structure catalogue (engine/catalogue/structures.ts). */
export type Structure = import('../catalogue/index.ts').Structure;

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri';

export interface StrategyConfig {
  name: string;
  description?: string;
  tags?: string[];
  enabled?: boolean;
  underlying: string;
  structure: Structure;
  allowUndefinedRisk?: boolean;
  legs: {
    /** |delta| of the short strikes (credit structures) or the long strike (debit structures). */
    targetDelta: number;
    /** Distance between short and long strikes, in underlying points. */
    wingWidth?: number;
    dte: { min: number; max: number; target: number };
    /** `calendar`: DTE of the back month. */
    backDte?: { min: number; max: number; target: number };
  };
  entry: {
    when?: ConditionTree;
    schedule?: { days?: Weekday[]; from?: string; until?: string; everyMinutes?: number };
    maxOpen: number;
  };
  sizing: { contracts?: number; maxRiskFraction?: number; maxContracts?: number };
  manage: {
    /** Rule names that manage this strategy's positions; omitted = every rule whose `appliesTo` matches. */
    rules?: string[];
    /** Overrides of rule parameter defaults, by parameter name. */
    params?: Record<string, ParamValue>;
    /** Take-profit ladder: reduce `fraction` of the original contracts at each `pnlPct` level. */
    ladder?: { pnlPct: number; fraction: number }[];
    /** Keep this strategy's open positions on the config version they were opened under. */
    pinConfigVersion?: boolean;
  };
  /** What the strategy does when a leg's mark goes stale (docs/configuration.md § marks). */
  marks?: MarksConfig;
  execution: {
    startPrice: 'mid' | 'natural';
    /** Dollars per share each reprice moves toward the natural price. */
    repriceStep: number;
    repriceIntervalSeconds: number;
    maxReprices: number;
    onTimeout: 'cancel' | 'marketable';
    /** Minutes before the session close by which exits reach marketable (default 5; 0: off). */
    exitDeadlineBeforeCloseMin?: number;
    /**
     * The worst price a marketable order may pay, beyond mid: dollars per share per unit, or `{ ofSpread }` as a
     * fraction of the combo's bid-ask spread. Defined-risk orders are also capped at the structure's maximum value.
     */
    maxSlippage?: MaxSlippage;
  };
}

/** `execution.maxSlippage`: absolute (dollars per share per unit) or a fraction of the combo's bid-ask spread. */
export type MaxSlippage = number | { ofSpread: number };

export interface SettingsConfig {
  /** Portfolio-scope rule parameter overrides. */
  params?: Record<string, ParamValue>;
  startingEquity?: number;
  riskFreeRate?: number;
  reload?: { maxClosesWithoutForce?: number };
  degraded?: DegradedSettingsConfig;
}

/** `settings.degraded`: when bad market data puts the engine in DEGRADED, and when it leaves (docs/operations.md). */
export interface DegradedSettingsConfig {
  staleShare?: number;
  maxMarkAgeSec?: number;
  silentFeedSec?: number;
  recoverTicks?: number;
}

export type ResolvedDegradedSettings = Readonly<Required<DegradedSettingsConfig>>;

export interface StrategiesFileConfig {
  settings?: SettingsConfig;
  strategies: StrategyConfig[];
}
export interface RulesFileConfig {
  rules: RuleConfig[];
}

/** One derived fact of facts.yaml: an expression over catalogue facts (docs/configuration.md § facts.yaml). */
export interface DerivedFactConfig {
  name: string;
  expr: string;
  /** A unit name from the catalogue; must agree with the unit the expression computes. */
  unit: string;
  description: string;
  /** Inferred when omitted: position when the expression reads a position fact, else portfolio. */
  scope?: Scope;
  /** `null`: a division by zero makes the fact null (declared; otherwise a division by a fact must be guarded). */
  onZero?: null;
}
export interface FactsFileConfig {
  facts: DerivedFactConfig[];
}

// ---------------------------------------------------------------------------------------------- resolved forms

/** A checked derived fact. The resolved config lists them in dependency order (a fact after those it reads). */
export interface ResolvedDerivedFact {
  readonly name: string;
  readonly expr: string;
  readonly unit: string;
  readonly description: string;
  /** Declared or inferred. */
  readonly scope: Scope;
  /** `onZero: null` was declared. */
  readonly onZeroNull: boolean;
  /** The facts (catalogue and derived) the expression reads. */
  readonly reads: readonly string[];
  readonly source: SourceLocation;
}

export interface ResolvedRule {
  readonly name: string;
  readonly description: string;
  readonly priority: number;
  readonly scope: Scope;
  readonly severity: Severity;
  readonly escalation: boolean;
  /** close | roll | reduce. */
  readonly exclusive: boolean;
  readonly appliesTo: readonly string[] | null;
  /** The condition tree as written (`{ param }` references unresolved). */
  readonly when: ConditionTree;
  readonly then: RuleActionConfig;
  /** Parameter defaults. */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly source: SourceLocation;
}

/** `marks:` of a strategy: how old a leg's last good quote may be, and what to do past it. */
export interface MarksConfig {
  /** A leg whose last good quote is older than this is stale (seconds of tick time). */
  maxAgeSec?: number;
  /** `hold`: price-based rules do not act on a stale mark; `model`: the leg is priced by Black–Scholes at the chain's IV. */
  onStale?: 'hold' | 'model';
}
export type ResolvedMarks = Readonly<Required<MarksConfig>>;

export interface ResolvedStrategy extends Readonly<Omit<StrategyConfig, 'manage' | 'tags' | 'enabled' | 'allowUndefinedRisk' | 'marks'>> {
  /** Always present (defaults filled in); optional only so configs built by hand in tests stay valid. */
  readonly marks?: ResolvedMarks;
  readonly enabled: boolean;
  readonly tags: readonly string[];
  readonly allowUndefinedRisk: boolean;
  readonly manage: StrategyConfig['manage'] & { readonly pinConfigVersion: boolean };
  /** Position-scope rules that manage this strategy, in evaluation order. */
  readonly rules: readonly string[];
  /** Per rule: its parameters with this strategy's overrides applied. */
  readonly ruleParams: Readonly<Record<string, Readonly<Record<string, ParamValue>>>>;
  readonly source: SourceLocation;
}

export interface ResolvedConfig {
  /** Content hash of every file that made it (the config version), e.g. `cfg-3f9a1c2b7d10`. */
  readonly version: string;
  readonly rules: readonly ResolvedRule[];
  readonly strategies: readonly ResolvedStrategy[];
  readonly settings: {
    readonly params: Readonly<Record<string, ParamValue>>;
    readonly startingEquity: number;
    readonly riskFreeRate: number;
    readonly reload: { readonly maxClosesWithoutForce: number | null };
    /** Always present (defaults filled in); optional only so configs built by hand in tests stay valid. */
    readonly degraded?: ResolvedDegradedSettings;
  };
  /** Portfolio-scope rules' params with settings overrides applied. */
  readonly portfolioRuleParams: Readonly<Record<string, Readonly<Record<string, ParamValue>>>>;
  /** Derived facts of facts.yaml in dependency order; absent or empty when there are none. */
  readonly derivedFacts?: readonly ResolvedDerivedFact[];
  /** Files read, relative to the config folder. */
  readonly files: readonly string[];
  /**
   * The texts the version was made from. The kernel stores them with the version, so a restarted engine can rebuild
   * a version that positions are pinned to. Absent on configs built by hand (tests).
   */
  readonly sources?: readonly { readonly path: string; readonly text: string }[];
  /** alerts.yaml's channels and delivery settings (docs/alerts.md); absent when there is no alerts.yaml. */
  readonly alerts?: import('./check-alerts.ts').ResolvedAlerts;
}

/** One problem found while loading a config. */
export interface Finding {
  file: string;
  line: number;
  col: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
  hint: string;
  pointer: string;
}
