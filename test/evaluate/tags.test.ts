// The `tags` list fact: bound from the strategy's config when its rules compile, tested with contains /
// doesNotContain, and the only kind of fact those operators (and only those) accept in config.
import { describe, expect, it } from 'vitest';
import { loadConfigFromFiles } from '../../engine/config/index.ts';
import type { ConditionTree } from '../../engine/config/types.ts';
import { compileRuleSet, conditionOutcomes, evaluateTick, evaluateWithJsonRulesEngine, explain, type TickInput } from '../../engine/evaluate/index.ts';
import { baseFiles, setLine, withFile } from '../config/helpers.ts';
import { config, rule, strategy } from './fixtures.ts';

const E = 'rules/exits.yaml';
/** The base config with take-profit's only condition (rules/exits.yaml lines 10-12) replaced by `leaf`. */
function withLeaf(leaf: string) {
  return loadConfigFromFiles(withFile(baseFiles(), E, (t) => setLine(12, '')(setLine(11, '')(setLine(10, `        - ${leaf}`)(t)))));
}
const codes = (leaf: string) => withLeaf(leaf).findings.filter((f) => f.severity === 'error').map((f) => `${f.line}:${f.col} ${f.code}`);

describe('tags in config', () => {
  it('accepts contains and doesNotContain on tags', () => {
    expect(codes('{ fact: tags, operator: contains, value: credit }')).toEqual([]);
    expect(codes('{ fact: tags, operator: doesNotContain, value: short-vol }')).toEqual([]);
  });

  it('refuses every other operator on tags, naming the list operators', () => {
    for (const op of ['equal', 'in', 'greaterThan', 'between']) {
      const value = op === 'in' ? '[credit]' : op === 'between' ? '[1, 2]' : op === 'equal' ? 'credit' : '1';
      const r = withLeaf(`{ fact: tags, operator: ${op}, value: ${value} }`);
      const f = r.findings.find((x) => x.code === 'TW_CONFIG_FACT_TYPE');
      expect(f, op).toBeDefined();
      expect(`${f!.line}:${f!.col}`).toBe('10:35');
      expect(f!.hint).toMatch(/contains, doesNotContain/);
    }
  });

  it('refuses contains on a fact that is not a list, naming the list facts', () => {
    const r = withLeaf('{ fact: strategy, operator: contains, value: ic }');
    const f = r.findings.find((x) => x.code === 'TW_CONFIG_FACT_TYPE');
    expect(f?.message).toMatch(/not a list/);
    expect(f?.hint).toMatch(/tags/);
  });

  it('refuses a tag that is not text', () => {
    expect(codes('{ fact: tags, operator: contains, value: 5 }')).toEqual(['10:52 TW_CONFIG_OPERATOR_VALUE']);
  });
});

describe('tags in the evaluator', () => {
  const when = { all: [{ fact: 'tags', operator: 'contains', value: 'credit' }, { fact: 'dte', operator: 'lessThanInclusive', value: 21 }] } as ConditionTree;
  const exit = rule('credit-dte-exit', 50, when, { action: 'close' });
  const set = compileRuleSet(config([exit], [{ ...strategy('credit-ic', [exit]), tags: ['credit', 'short-vol'] }, { ...strategy('debit-vert', [exit]), tags: ['debit'] }]));
  const input: TickInput = {
    portfolio: {},
    positions: [
      { id: 'c1', strategy: 'credit-ic', phase: 'managed', hold: false, facts: { dte: 14 } },
      { id: 'd1', strategy: 'debit-vert', phase: 'managed', hold: false, facts: { dte: 14 } },
      { id: 'c2', strategy: 'credit-ic', phase: 'managed', hold: false, facts: { dte: 30 } },
    ],
  };

  it('reads each position\'s tags from its strategy, not from the tick\'s facts', () => {
    const ev = evaluateTick(set, input);
    expect([...ev.positionDecisions.keys()]).toEqual(['c1']);
  });

  it('gives the strategy\'s tags precedence over a `tags` key in the facts', () => {
    const forged: TickInput = { ...input, positions: [{ ...input.positions[1], facts: { dte: 14, tags: 'credit' } }] };
    expect(evaluateTick(set, forged).positionDecisions.size).toBe(0);
  });

  it('agrees with the json-rules-engine reference', async () => {
    expect(await evaluateWithJsonRulesEngine(set, input)).toEqual(evaluateTick(set, input));
  });

  it('is shown in explanations and condition coverage with the strategy\'s value', async () => {
    const ex = await explain(set, 'credit-dte-exit', 'credit-ic', { dte: 14 });
    expect(ex.matched).toBe(true);
    expect(ex.conditions.kind === 'all' && ex.conditions.children[0]).toMatchObject({ kind: 'leaf', fact: 'tags', factValue: ['credit', 'short-vol'], result: true });
    const compiled = set.positionRules.get('debit-vert')![0];
    const cov = conditionOutcomes(compiled, { dte: 14 }, {}, undefined, undefined);
    expect(cov.leaves.map((l) => [l.fact, l.result])).toEqual([['tags', false], ['dte', true]]);
  });
});
