// json-rules-engine's own test suite as a peer: cases modelled on its test files (./peer-cases.ts), with outcomes
// worked out by hand, run through both tickwise paths (the compiled predicate and the json-rules-engine reference).
// The one documented difference, `allowUndefinedFacts: true`, is a named exception checked for what it is.
import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import type { ConditionTree } from '../../engine/config/types.ts';
import { isTickwiseError } from '../../engine/errors/index.ts';
import { compileCondition, compileRuleSet, evaluateTick, evaluateWithJsonRulesEngine, type Facts, type TickInput } from '../../engine/evaluate/index.ts';
import { jreRule, newReferenceEngine, runtimeFacts } from '../../engine/evaluate/reference.ts';
import { config, rule, strategy } from './fixtures.ts';
import { PEER_CASES, REFUSED, type PeerCase } from './peer-cases.ts';

const EMPTY: Facts = Object.freeze({});

async function reference(c: PeerCase, asPortfolio: boolean): Promise<boolean> {
  const { crossingFacts } = compileCondition(c.when, c.name);
  const engine = newReferenceEngine();
  engine.addRule(jreRule(c.name, c.when));
  const f = c.facts as Facts;
  const prev = c.prev as Facts | undefined;
  const facts = asPortfolio ? runtimeFacts(EMPTY, f, undefined, prev, crossingFacts) : runtimeFacts(f, EMPTY, prev, undefined, crossingFacts);
  const res = await engine.run(facts);
  return res.results.some((r) => r.name === c.name);
}

function compiled(c: PeerCase, asPortfolio: boolean): boolean {
  const { predicate } = compileCondition(c.when, c.name);
  const f = c.facts as Facts;
  const prev = c.prev as Facts | undefined;
  return asPortfolio ? predicate(EMPTY, f, undefined, prev) : predicate(f, EMPTY, prev, undefined);
}

describe('json-rules-engine peer cases', () => {
  it('are at least a hundred, each with a unique name', () => {
    expect(PEER_CASES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(PEER_CASES.map((c) => c.name)).size).toBe(PEER_CASES.length);
  });

  for (const c of PEER_CASES) {
    it(`${c.name} is ${c.expect ? 'matched' : 'not matched'} on both paths (${c.from})`, async () => {
      for (const asPortfolio of [false, true]) {
        expect(compiled(c, asPortfolio), `compiled, as ${asPortfolio ? 'portfolio' : 'position'} facts`).toBe(c.expect);
        expect(await reference(c, asPortfolio), `reference, as ${asPortfolio ? 'portfolio' : 'position'} facts`).toBe(c.expect);
      }
    });
  }
});

describe('the documented exception: allowUndefinedFacts', () => {
  const exceptions = PEER_CASES.filter((c) => c.undefinedFact);

  it('covers cases on every kind of node (a leaf, a { fact } value, not, any, all)', () => {
    expect(exceptions.length).toBeGreaterThanOrEqual(10);
  });

  it('is the only difference: json-rules-engine\'s default engine throws "Undefined fact" exactly on those cases', async () => {
    for (const c of PEER_CASES) {
      if (c.when && JSON.stringify(c.when).match(/between|outside|absGreater|crosses/)) continue; // tickwise's own operators: not in a stock Engine
      const stock = new Engine([jreRule(c.name, c.when)]);
      const outcome = await stock.run({ ...c.facts }).then(() => 'ran', (e: Error) => (/Undefined fact/.test(e.message) ? 'undefined fact' : `error: ${e.message}`));
      expect(outcome, c.name).toBe(c.undefinedFact ? 'undefined fact' : 'ran');
    }
  });
});

describe('json-rules-engine features tickwise does not evaluate', () => {
  const codeOf = (f: () => unknown): string => { try { f(); return 'no error'; } catch (e) { return isTickwiseError(e) ? e.code : `uncoded ${String(e)}`; } };
  for (const r of REFUSED) {
    it(`${r.name} is refused by both paths with ${r.code} (${r.from})`, () => {
      const tree = r.when as ConditionTree;
      expect(codeOf(() => compileCondition(tree, r.name)), 'compiled').toBe(r.code);
      expect(codeOf(() => jreRule(r.name, tree)), 'reference').toBe(r.code);
    });
  }
});

// engine-rule-priority.test.js: rules run highest priority first. In tickwise the first matching exclusive rule of a
// position wins, every later matching exclusive rule is pre-empted, and alerts never pre-empt.
describe('priorities, as tickwise orders rules (modelled on engine-rule-priority.test.js)', () => {
  const hot = { all: [{ fact: 'pnlPct', operator: 'greaterThanInclusive', value: 0.5 }] } as ConditionTree;
  const late = { all: [{ fact: 'dte', operator: 'lessThanInclusive', value: 21 }] } as ConditionTree;
  const never = { all: [{ fact: 'dte', operator: 'lessThan', value: 0 }] } as ConditionTree;
  const rules = [
    rule('take-profit', 50, hot, { action: 'close' }),
    rule('dte-exit', 40, late, { action: 'close' }),
    rule('profit-alert', 60, hot, { action: 'alert' }),
    rule('roll-late', 45, late, { action: 'roll', targetDte: 45 }),
    rule('expired', 100, never, { action: 'close' }),
  ];
  const set = compileRuleSet(config(rules, [strategy('s', rules)]));
  const tick = (facts: Facts): TickInput => ({ portfolio: {}, positions: [{ id: 'p1', strategy: 's', phase: 'managed', hold: false, facts }] });
  const cases: Array<{ name: string; facts: Facts; decided: string | null; preempted: string[]; alerts: string[] }> = [
    { name: 'the highest-priority matching exclusive rule wins; lower ones are pre-empted', facts: { pnlPct: 0.6, dte: 10 }, decided: 'take-profit', preempted: ['roll-late', 'dte-exit'], alerts: ['profit-alert'] },
    { name: 'a rule of higher priority that does not match takes nothing', facts: { pnlPct: 0.1, dte: 10 }, decided: 'roll-late', preempted: ['dte-exit'], alerts: [] },
    { name: 'an alert of the highest priority pre-empts nothing', facts: { pnlPct: 0.7, dte: 30 }, decided: 'take-profit', preempted: [], alerts: ['profit-alert'] },
    { name: 'no match, no decision', facts: { pnlPct: 0.1, dte: 30 }, decided: null, preempted: [], alerts: [] },
  ];
  for (const c of cases) {
    it(`${c.name}, on both paths`, async () => {
      for (const ev of [evaluateTick(set, tick(c.facts)), await evaluateWithJsonRulesEngine(set, tick(c.facts))]) {
        const d = ev.positionDecisions.get('p1');
        expect(d?.rule ?? null).toBe(c.decided);
        expect(d?.preempted ?? []).toEqual(c.preempted);
        expect(ev.alerts.map((a) => a.rule)).toEqual(c.alerts);
      }
    });
  }
});
