import { describe, expect, it } from 'vitest';
import { compileRuleSet, evaluateTick, evaluateWithJsonRulesEngine, type PositionInput } from '../../engine/evaluate/index.ts';
import { calmPortfolio, calmPosition, config, rule, strategy, twelveRules } from './fixtures.ts';

const rules = twelveRules();
const set = compileRuleSet(config(rules, [strategy('spy-ic', rules, { 'take-profit': { target: 0.6 } })]));
const pos = (id: string, facts: Record<string, unknown>, extra: Partial<PositionInput> = {}): PositionInput =>
  ({ id, strategy: 'spy-ic', phase: 'managed', hold: false, facts: calmPosition(facts as Record<string, number>), ...extra });

describe('evaluateTick', () => {
  it('makes no decision for a calm position and traces every rule as not matched', () => {
    const ev = evaluateTick(set, { portfolio: calmPortfolio(), positions: [pos('p1', {})] });
    expect(ev.positionDecisions.size).toBe(0);
    expect(ev.alerts).toEqual([]);
    const t = ev.traces.get('p1')!;
    expect(t.entries.map((e) => e.rule)).toEqual(['catastrophe-stop', 'stop-loss', 'short-strike-tested', 'take-profit', 'trailing-profit', 'scale-out', 'dte-exit', 'iv-crush', 'delta-drift']);
    expect(t.entries.every((e) => !e.matched && e.outcome === 'no-match')).toBe(true);
  });

  it('lets the highest-priority exclusive match win and records later matches as pre-empted', () => {
    const ev = evaluateTick(set, { portfolio: calmPortfolio(), positions: [pos('p1', { lossMultipleOfCredit: 2.5, dte: 10, underlyingDistanceToShortStrikePct: -0.01 })] });
    const d = ev.positionDecisions.get('p1')!;
    expect(d.rule).toBe('stop-loss');
    expect(d.action).toBe('close');
    expect(d.preempted).toEqual(['short-strike-tested', 'dte-exit']);
    expect(d.facts).toEqual({ lossMultipleOfCredit: 2.5 });
    expect(d.positionId).toBe('p1');
    expect(ev.traces.get('p1')!.entries.filter((e) => e.matched).map((e) => [e.rule, e.outcome])).toEqual([
      ['stop-loss', 'decided'], ['short-strike-tested', 'preempted'], ['dte-exit', 'preempted'],
    ]);
  });

  it('reports alerts without letting them pre-empt', () => {
    const ev = evaluateTick(set, { portfolio: calmPortfolio(), positions: [pos('p1', { delta: -55, dte: 7 })] });
    expect(ev.positionDecisions.get('p1')!.rule).toBe('dte-exit');
    expect(ev.positionDecisions.get('p1')!.preempted).toEqual([]);
    expect(ev.alerts.map((a) => [a.rule, a.positionId, a.params.message])).toEqual([['delta-drift', 'p1', 'position delta drifted']]);
  });

  it('binds each strategy\'s parameter overrides into its rules', () => {
    const two = compileRuleSet(config(rules, [strategy('spy-ic', rules, { 'take-profit': { target: 0.6 } }), strategy('qqq-ic', rules)]));
    const facts = { pnlPct: 0.55, peakPnlPct: 0.55 };
    const ev = evaluateTick(two, { portfolio: calmPortfolio(), positions: [pos('overridden', facts), pos('default', facts, { strategy: 'qqq-ic' })] });
    expect(ev.positionDecisions.has('overridden')).toBe(false);
    expect(ev.positionDecisions.get('default')?.rule).toBe('take-profit');
  });

  it('resolves action parameters: reduce fraction from a param, roll target DTE from the strategy', () => {
    const reduce = evaluateTick(set, { portfolio: calmPortfolio(), positions: [pos('p1', { pnlPct: 0.4, peakPnlPct: 0.4 })] });
    expect(reduce.positionDecisions.get('p1')).toMatchObject({ rule: 'scale-out', action: 'reduce', params: { fraction: 0.5, orderStyle: 'limit' } });
    const roll = evaluateTick(set, { portfolio: calmPortfolio(), positions: [pos('p1', { shortStrikeDelta: 0.4 })] });
    expect(roll.positionDecisions.get('p1')).toMatchObject({ rule: 'short-strike-tested', action: 'roll', params: { targetDte: 45, rollSide: 'tested' } });
  });

  it('acts only on managed positions, and on closing ones only through escalation rules', () => {
    const bad = { lossMultipleOfCredit: 3.5 };
    const ev = evaluateTick(set, {
      portfolio: calmPortfolio(),
      positions: [pos('m', bad), pos('c', bad, { phase: 'closing' }), pos('r', bad, { phase: 'rolling' }), pos('e', bad, { phase: 'entry' })],
    });
    expect(ev.positionDecisions.get('m')).toMatchObject({ rule: 'catastrophe-stop', preempted: ['stop-loss'] });
    expect(ev.positionDecisions.get('c')).toMatchObject({ rule: 'catastrophe-stop', escalation: true, params: { orderStyle: 'marketable' }, preempted: [] });
    expect(ev.traces.get('c')!.entries.map((e) => e.rule)).toEqual(['catastrophe-stop']);
    expect(ev.positionDecisions.has('r')).toBe(false);
    expect(ev.traces.get('r')).toMatchObject({ skipped: 'phase', entries: [] });
    expect(ev.traces.get('e')!.skipped).toBe('phase');
  });

  it('gives a position on manual hold no decision and no alert, but traces what matched', () => {
    const ev = evaluateTick(set, { portfolio: calmPortfolio(), positions: [pos('h', { lossMultipleOfCredit: 3.5, delta: 80 }, { hold: true })] });
    expect(ev.positionDecisions.size).toBe(0);
    expect(ev.alerts).toEqual([]);
    const t = ev.traces.get('h')!;
    expect(t.hold).toBe(true);
    expect(t.decided).toBeNull();
    expect(t.entries.filter((e) => e.matched).map((e) => e.outcome)).toEqual(['held', 'held', 'held']);
  });

  it('evaluates portfolio rules first, in priority order, with crossings against the previous tick', () => {
    const ev = evaluateTick(set, {
      portfolio: calmPortfolio({ dailyPnlPct: -0.04, drawdownPct: -0.12, vix: 31 }),
      prevPortfolio: calmPortfolio({ vix: 28 }),
      positions: [],
    });
    expect(ev.portfolioDecisions.map((d) => [d.rule, d.action])).toEqual([['drawdown-halt', 'halt'], ['daily-loss-halt', 'halt-entries']]);
    expect(ev.alerts.map((a) => a.rule)).toEqual(['vix-spike']);
    expect(ev.alerts[0].facts).toEqual({ vix: 31, 'prev:vix': 28 });
    expect(ev.portfolioTrace.entries.map((e) => e.rule)).toEqual(['drawdown-halt', 'daily-loss-halt', 'vix-spike']);
    const still = evaluateTick(set, { portfolio: calmPortfolio({ vix: 32 }), prevPortfolio: calmPortfolio({ vix: 31 }), positions: [] });
    expect(still.alerts).toEqual([]);
    const noPrev = evaluateTick(set, { portfolio: calmPortfolio({ vix: 32 }), positions: [] });
    expect(noPrev.alerts).toEqual([]);
  });

  it('lets position rules read portfolio facts, position facts taking precedence', () => {
    const r = rule('vix-and-loss', 10, { all: [{ fact: 'vix', operator: 'greaterThan', value: 25 }, { fact: 'pnl', operator: 'lessThan', value: 0 }] }, { action: 'close' });
    const s = compileRuleSet(config([r], [strategy('spy-ic', [r])]));
    const ev = evaluateTick(s, { portfolio: calmPortfolio({ vix: 30 }), positions: [pos('a', { pnl: -1 }), pos('b', { pnl: 5 })] });
    expect([...ev.positionDecisions.keys()]).toEqual(['a']);
    expect(ev.positionDecisions.get('a')!.facts).toEqual({ vix: 30, pnl: -1 });
  });

  it('agrees with the json-rules-engine reference on the same tick', async () => {
    const input = {
      portfolio: calmPortfolio({ dailyPnlPct: -0.05, vix: 33 }), prevPortfolio: calmPortfolio({ vix: 29 }),
      positions: [pos('a', { lossMultipleOfCredit: 2.2, dte: 5 }), pos('b', { pnlPct: 0.7 }), pos('c', { delta: 90 }, { hold: true }), pos('d', { lossMultipleOfCredit: 4 }, { phase: 'closing' }), pos('e', {})],
    };
    const fast = evaluateTick(set, input);
    const ref = await evaluateWithJsonRulesEngine(set, input);
    expect(ref).toEqual(fast);
  });

  it('traces strategies with more rules than fit in a bitmask', () => {
    const many = Array.from({ length: 40 }, (_, i) => rule(`r${i}`, 100 - i, { all: [{ fact: 'dte', operator: 'equal', value: i }] }, { action: i % 2 ? 'alert' : 'close' }));
    const s = compileRuleSet(config(many, [strategy('spy-ic', many)]));
    const ev = evaluateTick(s, { portfolio: calmPortfolio(), positions: [pos('p', { dte: 36 })] });
    expect(ev.positionDecisions.get('p')?.rule).toBe('r36');
    const matched = ev.traces.get('p')!.entries.filter((e) => e.matched);
    expect(matched).toEqual([{ rule: 'r36', priority: 64, matched: true, outcome: 'decided' }]);
    expect(ev.traces.get('p')!.entries).toHaveLength(40);
  });

  it('serialises traces in full (the store writes them as JSON)', () => {
    const ev = evaluateTick(set, { portfolio: calmPortfolio(), positions: [pos('p1', { dte: 7 })] });
    const json = JSON.parse(JSON.stringify(ev.traces.get('p1')));
    expect(json).toMatchObject({ positionId: 'p1', strategy: 'spy-ic', phase: 'managed', hold: false, skipped: null, decided: 'dte-exit' });
    expect(json.entries).toHaveLength(9);
    expect(json.entries.find((e: { rule: string }) => e.rule === 'dte-exit')).toEqual({ rule: 'dte-exit', priority: 500, matched: true, outcome: 'decided' });
  });

  it('refuses a position whose strategy the rule set does not know', () => {
    expect(() => evaluateTick(set, { portfolio: calmPortfolio(), positions: [{ ...pos('x', {}), strategy: 'gone' }] })).toThrow(/TW_EVALUATE_UNKNOWN_STRATEGY|does not define/);
  });
});
