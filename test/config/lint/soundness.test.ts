/**
 * Soundness of the lint, by brute force: random small rule sets (fast-check), and for every claim the lint makes,
 * the real compiled predicates (engine/evaluate) evaluated over the leaves' boundary points must agree. "Never true":
 * no sample point matches. "Always pre-empted": every point that matches the rule matches its shadow. "Overlap": the
 * example matches both. And, for conditions without opaque parts, the boxes are exactly the predicate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConditionNode, ConditionTree, ParamValue, ResolvedConfig, ResolvedRule } from '../../../engine/config/index.ts';
import { BOTTOM, canHandDown, lintResults, toBoxes, type Box } from '../../../engine/config/lint/index.ts';
import { bindCondition } from '../../../engine/evaluate/bind.ts';
import { compileCondition } from '../../../engine/evaluate/compile.ts';
import type { Facts } from '../../../engine/evaluate/types.ts';

type Point = { pnlPct?: number | null; dte?: number | null; itm?: boolean | null; structure?: string | null; prevPnlPct?: number | null };

const NUMS = [-Infinity, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, Infinity, null, Number.NaN];
const POINTS: Point[] = [];
for (const pnlPct of NUMS) for (const prevPnlPct of [-0.5, 0.5, 1, 1.5, 2.5, null]) for (const dte of [-0.5, 0, 1, 1.5, 2, 2.5, null]) {
  for (const itm of [true, false, null]) for (const structure of ['iron-condor', 'calendar', null]) POINTS.push({ pnlPct, prevPnlPct, dte, itm, structure });
}

/** The real compiled predicate of `when` bound to `params`, over a sample point. */
const compiled = (when: ConditionNode, params: Readonly<Record<string, ParamValue>>) => {
  const { predicate } = compileCondition(bindCondition(when as ConditionTree, params), 'prop');
  return (x: Point) => { const { prevPnlPct, ...now } = x; return predicate(now as Facts, {}, { pnlPct: prevPnlPct } as Facts, undefined); };
};
const holds = (when: ConditionTree, params: Readonly<Record<string, ParamValue>>, x: Point) => compiled(when, params)(x);

// ------------------------------------------------------------------------------------------- generators
const lit = fc.constantFrom(0, 1, 2);
const num = fc.oneof(lit, fc.constant({ param: 'p' }));
const numericLeaf = fc.oneof(
  fc.record({ fact: fc.constantFrom('pnlPct', 'dte'), operator: fc.constantFrom('lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'equal', 'notEqual', 'absGreaterThanInclusive'), value: num }),
  fc.record({ fact: fc.constantFrom('pnlPct', 'dte'), operator: fc.constantFrom('between', 'outside'), value: fc.tuple(num, lit) }),
  fc.record({ fact: fc.constantFrom('pnlPct', 'dte'), operator: fc.constantFrom('in', 'notIn'), value: fc.array(lit, { minLength: 1, maxLength: 2 }) }),
  fc.record({ fact: fc.constant('pnlPct'), operator: fc.constantFrom('crossesAbove', 'crossesBelow'), value: num }),
);
const otherLeaf = fc.oneof(
  fc.record({ fact: fc.constant('itm'), operator: fc.constantFrom('equal', 'notEqual'), value: fc.boolean() }),
  fc.record({ fact: fc.constant('structure'), operator: fc.constantFrom('equal', 'notEqual'), value: fc.constantFrom('iron-condor', 'calendar') }),
  fc.record({ fact: fc.constant('structure'), operator: fc.constantFrom('in', 'notIn'), value: fc.constant(['iron-condor']) }),
  fc.record({ fact: fc.constant('pnlPct'), operator: fc.constantFrom('greaterThan', 'lessThanInclusive'), value: fc.constant({ fact: 'dte' }) }),
);
const { tree } = fc.letrec<{ tree: ConditionNode; node: ConditionNode }>((t) => ({
  tree: fc.oneof(fc.record({ all: fc.array(t('node'), { minLength: 1, maxLength: 3 }) }), fc.record({ any: fc.array(t('node'), { minLength: 1, maxLength: 3 }) })) as fc.Arbitrary<ConditionNode>,
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, numericLeaf, numericLeaf, otherLeaf, t('tree'), fc.record({ not: t('node') })) as fc.Arbitrary<ConditionNode>,
}));

const ruleArb = fc.record({
  when: tree,
  priority: fc.constantFrom(10, 20, 30, 40),
  action: fc.constantFrom('close', 'reduce', 'roll', 'alert'),
  fallback: fc.constantFrom(undefined, 'next', 'close', 'none'),
  severity: fc.constantFrom('info', 'warning', 'critical'),
  escalation: fc.boolean(),
  p: lit,
});
const configArb = fc.record({
  rules: fc.array(ruleArb, { minLength: 2, maxLength: 4 }),
  overrides: fc.tuple(fc.option(lit), fc.option(lit)),
  leaveOut: fc.tuple(fc.nat(5), fc.nat(5)),
});

type Generated = typeof configArb extends fc.Arbitrary<infer T> ? T : never;

function buildConfig(g: Generated): ResolvedConfig {
  const rules = g.rules.map((r, i) => ({
    name: `r${i}`, description: '', priority: r.priority, scope: 'position', severity: r.severity, escalation: r.escalation,
    exclusive: r.action !== 'alert', appliesTo: null, when: r.when as ConditionTree,
    then: { action: r.action, ...(r.action === 'reduce' ? { fraction: 0.5 } : {}), ...(r.fallback && r.action !== 'alert' ? { fallback: r.fallback } : {}) },
    params: { p: r.p }, source: { file: 'rules/x.yaml', line: i + 1, col: 1, pointer: `/rules/${i}` },
  })) as unknown as ResolvedRule[];
  const ordered = [...rules].sort((a, b) => b.priority - a.priority);
  const strategies = ['s0', 's1'].map((name, k) => {
    const mine = ordered.filter((_, i) => i !== g.leaveOut[k]);
    const o = g.overrides[k];
    return {
      name, enabled: true, tags: [], manage: {}, rules: mine.map((r) => r.name),
      ruleParams: Object.fromEntries(mine.map((r) => [r.name, { p: o ?? r.params.p }])),
    };
  });
  return { version: 'cfg-test', rules: ordered, strategies, settings: {}, portfolioRuleParams: {}, files: [] } as unknown as ResolvedConfig;
}

function member(b: Box, x: Point): boolean {
  const value = (d: string): unknown => (d === 'prev:pnlPct' ? x.prevPnlPct : (x as Record<string, unknown>)[d]);
  for (const [d, s] of b.dims) {
    const v = value(d);
    if (s.kind === 'num') {
      if (typeof v !== 'number' || Number.isNaN(v)) { if (!s.bottom) return false; continue; }
      if (v < s.lo || v > s.hi || (v === s.lo && s.loOpen) || (v === s.hi && s.hiOpen)) return false;
    } else {
      const key = v === null || v === undefined ? BOTTOM : JSON.stringify(v);
      if (s.atoms.has(key) !== (s.mode === 'in')) return false;
    }
  }
  return b.opaque.size === 0;
}

const claims = { neverTrue: 0, shadowed: 0, overlaps: 0 };

describe('the lint is sound on random rule sets', () => {
  it('never calls a condition never true, or a rule always pre-empted, when a sample point says otherwise', () => {
    fc.assert(fc.property(configArb, (g) => {
      const config = buildConfig(g);
      const rules = new Map(config.rules.map((r) => [r.name, r]));
      const strategy = (n: string) => config.strategies.find((s) => s.name === n)!;
      const res = lintResults(config);
      for (const n of res.neverTrue) {
        for (const s of n.strategies ?? []) {
          const node = n.part.node.split('/').slice(2).reduce<unknown>((acc, k) => (acc as Record<string, unknown>)[k], n.rule.when) as ConditionNode;
          const p = compiled(node, strategy(s).ruleParams[n.rule.name]);
          expect(POINTS.find(p), `${n.rule.name}${n.part.node} for ${s}`).toBeUndefined();
          claims.neverTrue++;
        }
      }
      for (const sh of res.shadowed) {
        expect(sh.shadow.priority).toBeGreaterThan(sh.rule.priority);
        expect(sh.shadow.exclusive && sh.rule.exclusive && !canHandDown(sh.shadow)).toBe(true);
        if (sh.rule.escalation) expect(sh.shadow.escalation).toBe(true);
        for (const s of sh.strategies) {
          const st = strategy(s);
          expect(st.rules).toContain(sh.shadow.name);
          const b = rules.get(sh.rule.name)!;
          const [mine, theirs] = [compiled(b.when, st.ruleParams[b.name]), compiled(sh.shadow.when, st.ruleParams[sh.shadow.name])];
          const counter = POINTS.find((x) => mine(x) && !theirs(x));
          expect(counter, `${sh.rule.name} shadowed by ${sh.shadow.name} for ${s}`).toBeUndefined();
          claims.shadowed++;
        }
      }
      for (const o of res.overlaps) {
        const x: Point = {};
        for (const [k, v] of Object.entries(o.example)) (x as Record<string, unknown>)[k === 'prev:pnlPct' ? 'prevPnlPct' : k] = v;
        for (const s of o.strategies) {
          const st = strategy(s);
          expect(holds(o.rule.when, st.ruleParams[o.rule.name], x) && holds(o.winner.when, st.ruleParams[o.winner.name], x), JSON.stringify({ example: o.example, rule: o.rule.when, winner: o.winner.when, params: [st.ruleParams[o.rule.name], st.ruleParams[o.winner.name]] })).toBe(true);
          claims.overlaps++;
        }
      }
    }), { numRuns: 300 });
    // The property is not vacuous: the generator makes the lint claim each kind of thing.
    expect(claims.neverTrue).toBeGreaterThan(0);
    expect(claims.shadowed).toBeGreaterThan(0);
    expect(claims.overlaps).toBeGreaterThan(0);
  }, 120_000);

  it('turns a condition without opaque parts into boxes that hold exactly where the compiled predicate does', () => {
    fc.assert(fc.property(tree, lit, (when, p) => {
      let boxes: Box[];
      try { boxes = toBoxes(when, { p }); } catch { return; }
      if (boxes.some((b) => b.opaque.size > 0)) return;
      const pred = compiled(when, { p });
      for (const x of POINTS) expect(boxes.some((b) => member(b, x)), JSON.stringify({ when, x })).toBe(pred(x));
    }), { numRuns: 120 });
  }, 120_000);
});
