import { describe, expect, it } from 'vitest';
import { loadConfigFromFiles, type ResolvedConfig } from '../../engine/config/index.ts';
import { compileRuleSet, evaluateTick, evaluateWithJsonRulesEngine, type Evaluation, type PositionInput, type TickInput } from '../../engine/evaluate/index.ts';
import { compileDerived } from '../../engine/evaluate/index.ts';
import { baseFiles, setLine, withFile } from '../config/helpers.ts';

const FACTS_YAML = `facts:
  - name: retainedShare
    expr: (credit + pnl) / credit
    unit: ratio
    description: The share of the credit still kept.
    onZero: null
  - name: vixOverTwenty
    expr: vix - 20
    unit: index-points
    description: How far the VIX is above 20.
  - name: calmRetained
    expr: if(vixOverTwenty < 0, retainedShare, 0)
    unit: ratio
    description: retainedShare while the VIX is below 20, else 0.
`;
const RULES = `rules:
  - name: share-exit
    description: Close once little of the credit is left.
    priority: 60
    scope: position
    when: { all: [{ fact: retainedShare, operator: lessThan, value: 0.05 }] }
    then: { action: close }
    severity: info
  - name: share-cross
    description: Alert when the calm share crosses 0.9.
    priority: 10
    scope: position
    when: { all: [{ fact: calmRetained, operator: crossesAbove, value: 0.9 }] }
    then: { action: alert }
    severity: info
  - name: vix-halt
    description: Halt entries when the VIX is 10 points above 20.
    priority: 100
    scope: portfolio
    when: { all: [{ fact: vixOverTwenty, operator: greaterThanInclusive, value: 10 }] }
    then: { action: halt-entries }
    severity: critical
`;

function loaded(): ResolvedConfig {
  const files = withFile(withFile(withFile(baseFiles(), 'facts.yaml', () => FACTS_YAML), 'rules/derived.yaml', () => RULES), 'strategies.yaml', setLine(17, '      rules: [take-profit, stop-loss, share-exit, share-cross]'));
  const { config, findings } = loadConfigFromFiles(files);
  if (!config) throw new Error(findings.map((f) => f.message).join('\n'));
  return config;
}

const config = loaded();
const set = compileRuleSet(config);
const position = (facts: Record<string, unknown>, prevFacts?: Record<string, unknown>): PositionInput => ({ id: 'p1', strategy: 'ic', phase: 'managed', hold: false, facts: { pnlPct: 0, lossMultipleOfCredit: 0, ...facts } as PositionInput['facts'], ...(prevFacts ? { prevFacts: prevFacts as PositionInput['facts'] } : {}) });
const tick = (p: PositionInput, vix = 15, prevVix?: number): TickInput => ({ portfolio: { vix, dailyPnlPct: 0 }, ...(prevVix !== undefined ? { prevPortfolio: { vix: prevVix } } : {}), positions: [p] });
const summary = (ev: Evaluation) => ({ decisions: [...ev.positionDecisions.values()].map((d) => [d.rule, d.facts]), portfolio: ev.portfolioDecisions.map((d) => d.rule), alerts: ev.alerts.map((a) => a.rule) });

async function both(t: TickInput) {
  const compiled = summary(evaluateTick(set, t));
  expect(summary(await evaluateWithJsonRulesEngine(set, t))).toEqual(compiled);
  return compiled;
}

describe('derived facts in evaluation', () => {
  it('are computed before the rules, on both the compiled and the json-rules-engine path, and recorded in the decision', async () => {
    const out = await both(tick(position({ credit: 200, pnl: -195 })));
    expect(out.decisions).toEqual([['share-exit', { retainedShare: 0.025 }]]);
    expect((await both(tick(position({ credit: 200, pnl: -150 })))).decisions).toEqual([]);
  });

  it('leave a condition on a null derived fact (a division by zero, an unknown input) unmatched', async () => {
    expect((await both(tick(position({ credit: 0, pnl: -195 })))).decisions).toEqual([]);
    expect((await both(tick(position({ credit: 200, pnl: null })))).decisions).toEqual([]);
  });

  it('give portfolio rules the portfolio derived facts', async () => {
    expect((await both(tick(position({ credit: 200, pnl: 0 }), 30))).portfolio).toEqual(['vix-halt']);
    expect((await both(tick(position({ credit: 200, pnl: 0 }), 29.5))).portfolio).toEqual([]);
  });

  it('compute the previous tick\'s derived facts too, so crossings work on them', async () => {
    const crossed = await both(tick(position({ credit: 100, pnl: -5 }, { credit: 100, pnl: -20 }), 15, 15));
    expect(crossed.alerts).toEqual(['share-cross']);
    const notCrossed = await both(tick(position({ credit: 100, pnl: -5 }, { credit: 100, pnl: -8 }), 15, 15));
    expect(notCrossed.alerts).toEqual([]);
  });

  it('are compiled once per config version and reused every tick', () => {
    expect(compileDerived(config)).toBe(compileDerived(config));
    expect(compileDerived(config)!.position.map((s) => s.name)).toEqual(['retainedShare', 'calmRetained']);
    expect(compileDerived({ ...config, derivedFacts: undefined })).toBeNull();
  });
});

describe('the trace of a rule on a null derived fact', () => {
  it('says which derived fact was null and why: a division by zero, or an unknown input', () => {
    const zero = evaluateTick(set, tick(position({ credit: 0, pnl: -10 }))).traces.get('p1')!;
    expect(zero.entries.find((e) => e.rule === 'share-exit')).toEqual({ rule: 'share-exit', priority: 60, matched: false, outcome: 'no-match', reason: 'retainedShare is null: credit is 0 (a division by zero)' });
    const unknown = evaluateTick(set, tick(position({ credit: 100 }))).traces.get('p1')!;
    expect(unknown.entries.find((e) => e.rule === 'share-exit')!.reason).toBe('retainedShare is null: pnl is unknown');
    expect(evaluateTick(set, tick(position({ credit: 100, pnl: 0 }))).traces.get('p1')!.entries.some((e) => e.reason !== undefined)).toBe(false);
  });
});
