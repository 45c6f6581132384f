import { describe, expect, it } from 'vitest';
import { diffConfigs, formatDiff } from '../../engine/reload/index.ts';
import { replaceOnce, shippedWith } from './helpers.ts';

const base = shippedWith();

describe('the semantic diff between two config versions', () => {
  it('reports nothing when only comments and formatting changed, though the version (content hash) differs', () => {
    const next = shippedWith({ 'strategies.yaml': (t) => `# a new comment\n${t.replace('startingEquity: 100000       # dollars', 'startingEquity:   100000')}` });
    const d = diffConfigs(base, next);
    expect(next.version).not.toBe(base.version);
    expect(d.empty).toBe(true);
    expect(formatDiff(d)).toEqual(['no change the engine reads (comments, formatting or key order only)']);
  });

  it('reports a strategy override change as a threshold of every rule sharing the parameter, with old and new values', () => {
    const next = shippedWith({ 'strategies.yaml': (t) => replaceOnce(t, 'takeProfitPct: 0.25', 'takeProfitPct: 0.3') });
    const d = diffConfigs(base, next);
    expect(d.thresholds).toEqual([
      { scope: 'strategy', strategy: 'spy-iron-butterfly', rule: 'take-profit', param: 'takeProfitPct', from: 0.25, to: 0.3 },
      { scope: 'strategy', strategy: 'spy-iron-butterfly', rule: 'dte-roll', param: 'takeProfitPct', from: 0.25, to: 0.3 },
    ]);
    expect(d.strategies.changed).toEqual([{ strategy: 'spy-iron-butterfly', changes: [{ path: 'manage.params.takeProfitPct', from: 0.25, to: 0.3 }], rulesAdded: [], rulesRemoved: [] }]);
    expect(d.rules).toEqual({ added: [], removed: [], changed: [] });
    expect(d.empty).toBe(false);
    expect(formatDiff(d)).toContain('threshold take-profit.takeProfitPct for spy-iron-butterfly: 0.25 → 0.3');
  });

  it('reports a rule default change on the rule and as a threshold for every strategy that does not override it', () => {
    const next = shippedWith({ 'rules/exits.yaml': (t) => replaceOnce(t, 'default: 21', 'default: 14') });
    const d = diffConfigs(base, next);
    expect(d.rules.changed).toEqual([{ rule: 'time-exit', changes: [{ path: 'params.timeExitDte', from: 21, to: 14 }] }]);
    const managedBy = base.strategies.filter((s) => s.rules.includes('time-exit')).map((s) => s.name);
    expect(managedBy.length).toBeGreaterThan(0);
    expect(d.thresholds.map((t) => t.strategy)).toEqual(managedBy);
    expect(d.thresholds.every((t) => t.rule === 'time-exit' && t.from === 21 && t.to === 14)).toBe(true);
  });

  it('names the fact of a changed literal in a condition', () => {
    const next = shippedWith({ 'strategies.yaml': (t) => replaceOnce(t, '{ fact: atmIv, operator: greaterThan, value: 0.1 }', '{ fact: atmIv, operator: greaterThan, value: 0.12 }') });
    const d = diffConfigs(base, next);
    expect(d.strategies.changed[0].strategy).toBe('spy-short-strangle');
    expect(d.strategies.changed[0].changes).toEqual([{ path: 'entry.when.all[1].value', from: 0.1, to: 0.12, fact: 'atmIv' }]);
  });

  it('reports portfolio parameter overrides as portfolio thresholds', () => {
    const next = shippedWith({ 'strategies.yaml': (t) => replaceOnce(t, 'maxOpenPositions: 12', 'maxOpenPositions: 10') });
    const d = diffConfigs(base, next);
    expect(d.thresholds).toEqual([{ scope: 'portfolio', strategy: null, rule: 'portfolio-limits', param: 'maxOpenPositions', from: 12, to: 10 }]);
  });

  it('reports strategies and rules added and removed, and the rules that stop managing a strategy', () => {
    const removeStrategy = (t: string) => t.slice(0, t.indexOf('  # Debit strategy on QQQ'));
    const renameRule = (t: string) => replaceOnce(t, '- name: time-exit', '- name: expiry-exit');
    const next = shippedWith({
      'strategies.yaml': (t) => replaceOnce(removeStrategy(t), 'rules: [catastrophe-stop, vix-exit, stop-loss, delta-risk, gamma-risk, take-profit, dte-roll]', 'rules: [catastrophe-stop, vix-exit, stop-loss, delta-risk, take-profit, dte-roll]'),
      'rules/exits.yaml': renameRule,
    });
    const d = diffConfigs(base, next);
    expect(d.strategies.removed).toEqual(['qqq-long-call-vertical']);
    expect(d.rules.added).toEqual(['expiry-exit']);
    expect(d.rules.removed).toEqual(['time-exit']);
    const strangle = d.strategies.changed.find((c) => c.strategy === 'spy-short-strangle')!;
    expect(strangle.rulesRemoved).toEqual(['gamma-risk']);
    expect(formatDiff(d)).toContain(`strategy removed: qqq-long-call-vertical (stops entering; its open positions stay on ${base.version} until they close)`);
  });

  it('reports the reload limit among the settings', () => {
    const next = shippedWith({ 'strategies.yaml': (t) => replaceOnce(t, 'maxClosesWithoutForce: 3', 'maxClosesWithoutForce: 5') });
    expect(diffConfigs(base, next).settings).toEqual([{ path: 'reload.maxClosesWithoutForce', from: 3, to: 5 }]);
  });
});
