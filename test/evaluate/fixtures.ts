// Hand-built resolved configs for the evaluator and risk tests (the shape engine/config's resolver produces).
import type { ConditionTree, ParamValue, ResolvedConfig, ResolvedRule, ResolvedStrategy, RuleActionConfig, Scope } from '../../engine/config/types.ts';
import { EXCLUSIVE_ACTIONS } from '../../engine/config/types.ts';

const here = { file: 'rules/test.yaml', line: 1, col: 1 };

export function rule(name: string, priority: number, when: ConditionTree, then: RuleActionConfig, extra: { scope?: Scope; params?: Record<string, ParamValue>; escalation?: boolean; severity?: 'info' | 'warning' | 'critical' } = {}): ResolvedRule {
  return {
    name, description: `${name} rule`, priority, scope: extra.scope ?? 'position', severity: extra.severity ?? 'warning', escalation: extra.escalation ?? false,
    exclusive: EXCLUSIVE_ACTIONS.includes(then.action), appliesTo: null, when, then, params: extra.params ?? {}, source: here,
  };
}

export function strategy(name: string, rules: readonly ResolvedRule[], overrides: Record<string, Record<string, ParamValue>> = {}, entryWhen?: ConditionTree): ResolvedStrategy {
  const position = rules.filter((r) => r.scope === 'position');
  return {
    name, underlying: 'SPY', structure: 'iron-condor', enabled: true, tags: [], allowUndefinedRisk: false,
    legs: { targetDelta: 0.16, wingWidth: 5, dte: { min: 30, max: 50, target: 45 } },
    entry: { maxOpen: 3, ...(entryWhen ? { when: entryWhen } : {}) },
    sizing: { maxRiskFraction: 0.02 },
    manage: { pinConfigVersion: false },
    execution: { startPrice: 'mid', repriceStep: 0.01, repriceIntervalSeconds: 30, maxReprices: 5, onTimeout: 'cancel' },
    rules: position.map((r) => r.name),
    ruleParams: Object.fromEntries(position.map((r) => [r.name, { ...r.params, ...(overrides[r.name] ?? {}) }])),
    source: here,
  };
}

export function config(rules: readonly ResolvedRule[], strategies: readonly ResolvedStrategy[], portfolioOverrides: Record<string, Record<string, ParamValue>> = {}): ResolvedConfig {
  return {
    version: 'cfg-test00000000', rules, strategies,
    settings: { params: {}, startingEquity: 100000, riskFreeRate: 0.04, reload: { maxClosesWithoutForce: null } },
    portfolioRuleParams: Object.fromEntries(rules.filter((r) => r.scope === 'portfolio').map((r) => [r.name, { ...r.params, ...(portfolioOverrides[r.name] ?? {}) }])),
    files: ['rules/test.yaml', 'strategies.yaml'],
  };
}

/** Twelve rules shaped like the shipped set: nine position rules and three portfolio rules. */
export function twelveRules(): ResolvedRule[] {
  return [
    rule('catastrophe-stop', 1000, { all: [{ fact: 'lossMultipleOfCredit', operator: 'greaterThanInclusive', value: { param: 'multiple' } }] }, { action: 'close', orderStyle: 'marketable' }, { escalation: true, severity: 'critical', params: { multiple: 3 } }),
    rule('stop-loss', 900, { all: [{ fact: 'lossMultipleOfCredit', operator: 'greaterThanInclusive', value: { param: 'multiple' } }] }, { action: 'close' }, { params: { multiple: 2 } }),
    rule('short-strike-tested', 800, { any: [{ fact: 'underlyingDistanceToShortStrikePct', operator: 'lessThan', value: { param: 'minDistance' } }, { fact: 'shortStrikeDelta', operator: 'greaterThanInclusive', value: 0.35 }] }, { action: 'roll', rollSide: 'tested' }, { params: { minDistance: 0.01 } }),
    rule('take-profit', 700, { all: [{ fact: 'pnlPct', operator: 'greaterThanInclusive', value: { param: 'target' } }] }, { action: 'close' }, { params: { target: 0.5 } }),
    rule('trailing-profit', 650, { all: [{ fact: 'peakPnlPct', operator: 'greaterThanInclusive', value: 0.3 }, { fact: 'drawdownFromPeakPct', operator: 'greaterThanInclusive', value: { param: 'giveBack' } }] }, { action: 'close' }, { params: { giveBack: 0.15 } }),
    rule('scale-out', 600, { all: [{ fact: 'pnlPct', operator: 'between', value: [0.3, 0.5] }, { fact: 'contracts', operator: 'greaterThan', value: 1 }] }, { action: 'reduce', fraction: { param: 'fraction' } }, { params: { fraction: 0.5 } }),
    rule('dte-exit', 500, { all: [{ fact: 'dte', operator: 'lessThanInclusive', value: { param: 'minDte' } }] }, { action: 'close' }, { params: { minDte: 21 } }),
    rule('iv-crush', 400, { all: [{ fact: 'ivChangePct', operator: 'lessThanInclusive', value: -0.3 }, { fact: 'pnlPct', operator: 'greaterThan', value: 0.2 }] }, { action: 'close' }),
    rule('delta-drift', 300, { all: [{ fact: 'delta', operator: 'absGreaterThanInclusive', value: { param: 'maxDelta' } }] }, { action: 'alert', message: 'position delta drifted' }, { params: { maxDelta: 40 }, severity: 'info' }),
    rule('daily-loss-halt', 950, { all: [{ fact: 'dailyPnlPct', operator: 'lessThanInclusive', value: { param: 'maxDailyLoss' } }] }, { action: 'halt-entries' }, { scope: 'portfolio', params: { maxDailyLoss: -0.03 } }),
    rule('drawdown-halt', 990, { all: [{ fact: 'drawdownPct', operator: 'lessThanInclusive', value: -0.1 }] }, { action: 'halt' }, { scope: 'portfolio', severity: 'critical' }),
    rule('vix-spike', 800, { all: [{ fact: 'vix', operator: 'crossesAbove', value: { param: 'level' } }] }, { action: 'alert' }, { scope: 'portfolio', params: { level: 30 } }),
  ];
}

/** Facts of a calm, managed iron condor. */
export function calmPosition(extra: Record<string, number | string | boolean | null> = {}) {
  return {
    pnl: 40, pnlPct: 0.2, peakPnlPct: 0.22, drawdownFromPeakPct: 0.02, lossMultipleOfCredit: 0, credit: 142, debit: 0, dte: 35, daysInTrade: 10,
    delta: -5, gamma: -1, theta: 5, vega: -20, shortStrikeDelta: 0.15, underlyingDistanceToShortStrikePct: 0.04, ivAtEntry: 0.2, iv: 0.19,
    ivChangePct: -0.05, itm: false, contracts: 2, rollCount: 0, strategy: 'spy-ic', isCredit: true, ...extra,
  };
}

export function calmPortfolio(extra: Record<string, number | string | boolean | null> = {}) {
  return { equity: 100000, dailyPnlPct: 0.001, drawdownPct: -0.01, consecutiveLosses: 0, openPositions: 3, vix: 17, vixChangePct: 0.01, tradingState: 'ACTIVE', ...extra };
}
