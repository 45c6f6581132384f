import { describe, expect, it } from 'vitest';
import { loadConfigDir, loadConfigFromFiles, formatFinding } from '../../engine/config/index.ts';
import { REPO, shippedFiles, withFile } from './helpers.ts';
import { shippedRuleNames } from '../support/shipped-config.ts';

describe('the shipped configuration', () => {
  it('validates with no findings at all', async () => {
    const { config, findings } = await loadConfigDir(REPO);
    expect(findings.map(formatFinding)).toEqual([]);
    expect(config?.files).toEqual(['strategies.yaml', 'facts.yaml', 'rules/exits.yaml', 'rules/extrinsic-exit.yaml', 'rules/portfolio.yaml', 'rules/risk.yaml']);
  });

  it('loads every rule of rules/*.yaml, portfolio scope first, each scope by priority', () => {
    const config = loadConfigFromFiles(shippedFiles()).config!;
    expect(shippedRuleNames()).toEqual(expect.arrayContaining(['catastrophe-stop', 'portfolio-limits']));
    expect([...config.rules.map((r) => r.name)].sort()).toEqual(shippedRuleNames().sort());
    const scopes = config.rules.map((r) => r.scope);
    expect(scopes.lastIndexOf('portfolio')).toBeLessThan(scopes.indexOf('position'));
    for (const scope of ['portfolio', 'position']) {
      const priorities = config.rules.filter((r) => r.scope === scope).map((r) => r.priority);
      expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    }
    expect(config.rules.find((r) => r.name === 'catastrophe-stop')).toMatchObject({ escalation: true, exclusive: true, severity: 'critical', then: { action: 'close', orderStyle: 'marketable' } });
    expect(config.rules.find((r) => r.name === 'portfolio-limits')).toMatchObject({ exclusive: false, then: { action: 'halt-entries' } });
  });

  it('ships the required strategy structures on SPY and QQQ', () => {
    const config = loadConfigFromFiles(shippedFiles()).config!;
    const structures = config.strategies.map((s) => s.structure);
    expect(structures).toEqual(expect.arrayContaining(['iron-condor', 'put-credit-spread', 'call-credit-spread', 'iron-butterfly', 'short-strangle', 'long-call-vertical']));
    expect(new Set(config.strategies.map((s) => s.underlying))).toEqual(new Set(['SPY', 'QQQ']));
    expect(config.strategies.find((s) => s.structure === 'short-strangle')?.allowUndefinedRisk).toBe(true);
    for (const s of config.strategies) expect(s.rules.length).toBeGreaterThan(0);
  });

  it('binds strategy overrides into each managing rule and settings into portfolio rules', () => {
    const config = loadConfigFromFiles(shippedFiles()).config!;
    const ccs = config.strategies.find((s) => s.name === 'spy-call-credit-spread')!;
    expect(ccs.ruleParams['take-profit']).toEqual({ takeProfitPct: 0.4 });
    expect(ccs.ruleParams['dte-roll']).toEqual({ rollDte: 7, takeProfitPct: 0.4, maxRolls: 2 });
    const debit = config.strategies.find((s) => s.name === 'qqq-long-call-vertical')!;
    expect(debit.rules).toEqual(['catastrophe-stop', 'stop-loss', 'gamma-risk', 'time-exit']);
    expect(debit.ruleParams['stop-loss']).toEqual({ stopLossMultiple: 0.5 });
    expect(config.portfolioRuleParams['portfolio-circuit-breaker']).toEqual({ dailyLossLimitPct: -0.05, maxDrawdownPct: -0.07, maxConsecutiveLosses: 3 });
    expect(config.settings).toEqual({ params: expect.any(Object), startingEquity: 100000, riskFreeRate: 0.04, reload: { maxClosesWithoutForce: 3 }, degraded: { staleShare: 0.2, maxMarkAgeSec: 300, silentFeedSec: 600, recoverTicks: 3 } });
  });

  it('gives only vix-exit to short-vol strategies and keeps the debit vertical out of it', () => {
    const config = loadConfigFromFiles(shippedFiles()).config!;
    for (const s of config.strategies) expect(s.rules.includes('vix-exit')).toBe(s.tags.includes('short-vol'));
  });

  it('is deeply frozen', () => {
    const config = loadConfigFromFiles(shippedFiles()).config!;
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.rules[0].when)).toBe(true);
    expect(Object.isFrozen(config.strategies[0].ruleParams)).toBe(true);
    expect(() => { (config.strategies[0].legs as { targetDelta: number }).targetDelta = 1; }).toThrow();
  });

  it('has a stable content-hash version that changes when any file changes', () => {
    const a = loadConfigFromFiles(shippedFiles()).config!;
    const b = loadConfigFromFiles([...shippedFiles()].reverse()).config!;
    expect(a.version).toMatch(/^cfg-[0-9a-f]{12}$/);
    expect(b.version).toBe(a.version);
    const c = loadConfigFromFiles(withFile(shippedFiles(), 'rules/exits.yaml', (t) => `${t}\n# a comment\n`)).config!;
    expect(c.version).not.toBe(a.version);
  });

  it('drops disabled rules from the resolved list and from strategies', () => {
    const files = withFile(shippedFiles(), 'rules/exits.yaml', (t) => t.replace('    severity: info\n\n  # take-profit', '    severity: info\n    enabled: false\n\n  # take-profit'));
    const { config, findings } = loadConfigFromFiles(files);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(config!.rules.map((r) => r.name)).not.toContain('trailing-stop');
    for (const s of config!.strategies) expect(s.rules).not.toContain('trailing-stop');
  });

  it('begins every shipped file with a yaml-language-server schema line', () => {
    for (const f of shippedFiles()) {
      const schema = f.path === 'strategies.yaml' ? './schemas/strategies.schema.json' : f.path === 'facts.yaml' ? './schemas/facts.schema.json' : '../schemas/rules.schema.json';
      expect(f.text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${schema}`);
    }
  });
});
