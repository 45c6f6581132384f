import { describe, expect, it } from 'vitest';
import { bindCondition, compileCondition, compileRuleSet, explain, explainEntry } from '../../engine/evaluate/index.ts';
import { isTickwiseError } from '../../engine/errors/index.ts';
import { calmPortfolio, calmPosition, config, rule, strategy, twelveRules } from './fixtures.ts';

const rules = twelveRules();
const entryWhen = { all: [{ fact: 'vix', operator: 'between', value: [12, 30] }, { fact: 'strategyOpenPositions', operator: 'lessThan', value: 3 }] };
const set = compileRuleSet(config(rules, [strategy('spy-ic', rules, { 'stop-loss': { multiple: 1.5 } }, entryWhen)], { 'vix-spike': { level: 25 } }));

function codeOf(f: () => unknown): string {
  try { f(); } catch (e) { return isTickwiseError(e) ? e.code : `not coded: ${String(e)}`; }
  return 'no error';
}

describe('bindCondition', () => {
  it('replaces { param } references, also inside lists, and leaves { fact } references alone', () => {
    const tree = { all: [{ fact: 'pnlPct', operator: 'between', value: [{ param: 'lo' }, 0.9] }, { not: { fact: 'dte', operator: 'lessThan', value: { param: 'd' } } }, { fact: 'pnl', operator: 'greaterThan', value: { fact: 'credit' } }] };
    expect(bindCondition(tree, { lo: 0.2, d: 7 })).toEqual({ all: [{ fact: 'pnlPct', operator: 'between', value: [0.2, 0.9] }, { not: { fact: 'dte', operator: 'lessThan', value: 7 } }, { fact: 'pnl', operator: 'greaterThan', value: { fact: 'credit' } }] });
  });

  it('refuses a reference to a parameter the rule does not define', () => {
    expect(codeOf(() => bindCondition({ all: [{ fact: 'dte', operator: 'lessThan', value: { param: 'nope' } }] }, {}, 'r'))).toBe('TW_EVALUATE_UNKNOWN_PARAM');
  });
});

describe('compiling conditions', () => {
  it('rejects unknown operators, malformed pairs, { fact } inside lists and malformed nodes with coded errors', () => {
    expect(codeOf(() => compileCondition({ all: [{ fact: 'dte', operator: 'near', value: 3 }] }, 'r'))).toBe('TW_EVALUATE_UNKNOWN_OPERATOR');
    expect(codeOf(() => compileCondition({ all: [{ fact: 'dte', operator: 'between', value: [3] }] }, 'r'))).toBe('TW_EVALUATE_BAD_VALUE');
    expect(codeOf(() => compileCondition({ all: [{ fact: 'dte', operator: 'in', value: [{ fact: 'x' }] }] }, 'r'))).toBe('TW_EVALUATE_BAD_VALUE');
    expect(codeOf(() => compileCondition({ all: [{ fact: 'dte', operator: 'in', value: { fact: 'x' } }] }, 'r'))).toBe('TW_EVALUATE_BAD_VALUE');
    expect(codeOf(() => compileCondition({ not: [] } as never, 'r'))).toBe('TW_EVALUATE_BAD_CONDITION');
    expect(codeOf(() => compileCondition({ all: [{ fact: 'dte', operator: 'equal' }] } as never, 'r'))).toBe('TW_EVALUATE_BAD_CONDITION');
  });

  it('treats null, missing and non-numeric facts as not matching numeric operators', () => {
    const { predicate } = compileCondition({ any: [{ fact: 'x', operator: 'lessThan', value: 1 }, { fact: 'x', operator: 'between', value: [-1, 1] }, { fact: 'x', operator: 'absGreaterThanInclusive', value: 0 }] }, 'r');
    for (const x of [null, undefined, true, 'abc', Number.NaN]) expect(predicate({ x }, {}, undefined, undefined)).toBe(false);
    expect(predicate({ x: 0 }, {}, undefined, undefined)).toBe(true);
  });

  it('refuses portfolio actions on position rules and a reduce without a fraction', () => {
    const halt = rule('bad', 1, { all: [] }, { action: 'halt' });
    expect(codeOf(() => compileRuleSet(config([halt], [strategy('s', [halt])])))).toBe('TW_EVALUATE_ACTION_SCOPE');
    const reduce = rule('bad', 1, { all: [] }, { action: 'reduce' });
    expect(codeOf(() => compileRuleSet(config([reduce], [strategy('s', [reduce])])))).toBe('TW_EVALUATE_MISSING_ACTION_PARAM');
  });
});

describe('entry conditions', () => {
  it('hold when every entry condition holds', () => {
    expect(set.entryHolds('spy-ic', { vix: 18, strategyOpenPositions: 1 })).toBe(true);
    expect(set.entryHolds('spy-ic', { vix: 35, strategyOpenPositions: 1 })).toBe(false);
    expect(set.entryHolds('spy-ic', { vix: 18, strategyOpenPositions: 3 })).toBe(false);
  });
});

describe('explain', () => {
  it('explains a position rule condition by condition with the strategy\'s parameters', async () => {
    const facts = { ...calmPortfolio(), ...calmPosition({ lossMultipleOfCredit: 1.6 }) };
    const ex = await explain(set, 'stop-loss', 'spy-ic', facts);
    expect(ex).toEqual({
      rule: 'stop-loss', strategy: 'spy-ic', matched: true, params: { multiple: 1.5 },
      conditions: { kind: 'all', result: true, children: [{ kind: 'leaf', fact: 'lossMultipleOfCredit', operator: 'greaterThanInclusive', value: 1.5, comparedWith: 1.5, factValue: 1.6, result: true }] },
    });
    const withDefaults = await explain(set, 'stop-loss', null, facts);
    expect(withDefaults.matched).toBe(false);
    expect(withDefaults.params).toEqual({ multiple: 2 });
  });

  it('shows the resolved value of a { fact } reference and each branch of any / not', async () => {
    const r = rule('cmp', 1, { any: [{ fact: 'pnl', operator: 'greaterThan', value: { fact: 'credit' } }, { not: { fact: 'itm', operator: 'equal', value: false } }] }, { action: 'close' });
    const s = compileRuleSet(config([r], [strategy('s', [r])]));
    const ex = await explain(s, 'cmp', 's', { pnl: 10, credit: 142, itm: false });
    expect(ex.matched).toBe(false);
    expect(ex.conditions).toEqual({
      kind: 'any', result: false, children: [
        { kind: 'leaf', fact: 'pnl', operator: 'greaterThan', value: { fact: 'credit' }, comparedWith: 142, factValue: 10, result: false },
        { kind: 'not', result: false, children: [{ kind: 'leaf', fact: 'itm', operator: 'equal', value: false, comparedWith: false, factValue: false, result: true }] },
      ],
    });
  });

  it('shows the previous value a crossing compared against, under the portfolio\'s parameters', async () => {
    const ex = await explain(set, 'vix-spike', null, calmPortfolio({ vix: 26 }), calmPortfolio({ vix: 24 }));
    expect(ex.matched).toBe(true);
    expect(ex.conditions.kind).toBe('all');
    expect(ex.conditions).toMatchObject({ children: [{ kind: 'leaf', fact: 'vix', operator: 'crossesAbove', comparedWith: 25, factValue: 26, previousValue: 24, result: true }] });
  });

  it('explains a strategy\'s entry condition', async () => {
    const ex = await explainEntry(set, 'spy-ic', { vix: 35, strategyOpenPositions: 0 });
    expect(ex?.matched).toBe(false);
    expect(ex?.conditions).toMatchObject({ kind: 'all', children: [{ fact: 'vix', comparedWith: [12, 30], factValue: 35, result: false }, { fact: 'strategyOpenPositions', result: true }] });
  });

  it('refuses an unknown rule with a coded error', async () => {
    await expect(explain(set, 'nope', null, {})).rejects.toMatchObject({ code: 'TW_EVALUATE_UNKNOWN_RULE' });
  });

  it('can run many explanations at once without losing rules (one Engine per call)', async () => {
    const facts = { ...calmPortfolio(), ...calmPosition({ lossMultipleOfCredit: 5 }) };
    const all = await Promise.all(Array.from({ length: 20 }, () => explain(set, 'catastrophe-stop', 'spy-ic', facts)));
    expect(all.every((e) => e.matched)).toBe(true);
  });
});
