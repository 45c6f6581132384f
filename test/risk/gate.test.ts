import { describe, expect, it } from 'vitest';
import { compileRuleSet, evaluateTick, type PositionInput } from '../../engine/evaluate/index.ts';
import { gateDecision, gateEntry, gateOrder, gateTick, haltCancels, killSwitchPlan, nextTradingState, type EntryCheck } from '../../engine/risk/index.ts';
import { calmPortfolio, calmPosition, config, strategy, twelveRules } from '../evaluate/fixtures.ts';

const rules = twelveRules();
const set = compileRuleSet(config(rules, [strategy('spy-ic', rules)]));
const pos = (id: string, facts: Record<string, number>, phase: PositionInput['phase'] = 'managed'): PositionInput => ({ id, strategy: 'spy-ic', phase, hold: false, facts: calmPosition(facts) });

const entry = (e: Partial<EntryCheck> = {}): EntryCheck => ({
  strategy: 'spy-ic', strategyOpen: 1, maxOpen: 3, maxRiskCents: 150_000, equityCents: 10_000_000, maxRiskFraction: 0.02, allowUndefinedRisk: false, ...e,
});

describe('nextTradingState', () => {
  const decisionsOf = (portfolio: Record<string, number>) => evaluateTick(set, { portfolio: calmPortfolio(portfolio), positions: [] }).portfolioDecisions;

  it('latches HALTED on halt but leaves the state alone on halt-entries, which blocks entries only while it matches', () => {
    expect(nextTradingState('ACTIVE', decisionsOf({ dailyPnlPct: -0.04 }))).toMatchObject({ from: 'ACTIVE', to: 'ACTIVE', changed: false, cause: null });
    expect(nextTradingState('ACTIVE', decisionsOf({ dailyPnlPct: -0.04, drawdownPct: -0.2 }))).toMatchObject({ to: 'HALTED', cause: { rule: 'drawdown-halt' } });
    expect(nextTradingState('REDUCING', decisionsOf({ drawdownPct: -0.2 })).to).toBe('HALTED');
  });

  it('never loosens the state by itself', () => {
    expect(nextTradingState('HALTED', decisionsOf({ dailyPnlPct: -0.04 }))).toMatchObject({ to: 'HALTED', changed: false, cause: null });
    expect(nextTradingState('REDUCING', [])).toMatchObject({ to: 'REDUCING', changed: false });
    expect(nextTradingState('HALTED', []).to).toBe('HALTED');
  });
});

describe('gating decisions by trading state', () => {
  const closeWith = (facts: Record<string, number>) => evaluateTick(set, { portfolio: calmPortfolio(), positions: [pos('p', facts)] }).positionDecisions.get('p')!;
  const takeProfit = closeWith({ pnlPct: 0.6 });
  const catastrophe = closeWith({ lossMultipleOfCredit: 4 });
  const roll = closeWith({ shortStrikeDelta: 0.4 });
  const reduce = closeWith({ pnlPct: 0.4, peakPnlPct: 0.4 });

  it('lets everything through when ACTIVE', () => {
    for (const d of [takeProfit, catastrophe, roll, reduce]) expect(gateDecision('ACTIVE', d)).toEqual({ allowed: true });
  });

  it('lets exits and rolls run when REDUCING', () => {
    for (const d of [takeProfit, catastrophe, roll, reduce]) expect(gateDecision('REDUCING', d).allowed).toBe(true);
  });

  it('blocks ordinary exits and rolls when HALTED but lets escalation rules through', () => {
    expect(gateDecision('HALTED', takeProfit)).toMatchObject({ allowed: false, reason: 'trading-state' });
    expect(gateDecision('HALTED', reduce)).toMatchObject({ allowed: false, reason: 'trading-state' });
    expect(gateDecision('HALTED', roll)).toMatchObject({ allowed: false, reason: 'trading-state' });
    expect(catastrophe.escalation).toBe(true);
    expect(gateDecision('HALTED', catastrophe)).toEqual({ allowed: true });
  });

  it('applies a halt that fires this tick to this tick\'s position decisions, and records why each was blocked', () => {
    const ev = evaluateTick(set, { portfolio: calmPortfolio({ drawdownPct: -0.2 }), positions: [pos('tp', { pnlPct: 0.6 }), pos('cat', { lossMultipleOfCredit: 4 })] });
    const g = gateTick('ACTIVE', ev);
    expect(g.state).toMatchObject({ from: 'ACTIVE', to: 'HALTED', changed: true });
    expect(g.positionDecisions.get('tp')).toMatchObject({ outcome: 'blocked', reason: 'trading-state' });
    expect(g.positionDecisions.get('tp')!.message).toMatch(/HALTED/);
    expect(g.positionDecisions.get('cat')).toMatchObject({ outcome: 'allowed', reason: null });
    expect(g.portfolioDecisions.map((d) => d.outcome)).toEqual(['allowed']);
    expect(g.entries).toMatchObject({ allowed: false, reason: 'trading-state' });
    expect(g.haltedBy).toEqual(['drawdown-halt']);
  });

  it('keeps entries open on a calm tick', () => {
    const g = gateTick('ACTIVE', evaluateTick(set, { portfolio: calmPortfolio(), positions: [] }));
    expect(g.state.changed).toBe(false);
    expect(g.entries).toEqual({ allowed: true });
  });
});

describe('gating orders', () => {
  it('never lets an entry order out unless ACTIVE', () => {
    expect(gateOrder('ACTIVE', { purpose: 'open', forced: false }).allowed).toBe(true);
    expect(gateOrder('REDUCING', { purpose: 'open', forced: false }).allowed).toBe(false);
    expect(gateOrder('HALTED', { purpose: 'open', forced: true }).allowed).toBe(false);
  });

  it('lets only forced exits out when HALTED, and no roll opening legs', () => {
    expect(gateOrder('HALTED', { purpose: 'close', forced: false }).allowed).toBe(false);
    expect(gateOrder('HALTED', { purpose: 'close', forced: true }).allowed).toBe(true);
    expect(gateOrder('HALTED', { purpose: 'roll-close', forced: true }).allowed).toBe(true);
    expect(gateOrder('HALTED', { purpose: 'roll-open', forced: true }).allowed).toBe(false);
    expect(gateOrder('REDUCING', { purpose: 'roll-open', forced: false }).allowed).toBe(true);
  });

  it('cancels working entry and roll-opening orders on halt, and everything on the kill switch', () => {
    const working = [
      { clientOrderId: 'o1', positionId: 'a', purpose: 'open' as const },
      { clientOrderId: 'o2', positionId: 'b', purpose: 'close' as const },
      { clientOrderId: 'o3', positionId: 'c', purpose: 'roll-open' as const },
    ];
    expect(haltCancels(working).map((o) => o.clientOrderId)).toEqual(['o1', 'o3']);
    expect(killSwitchPlan(working, ['a', 'b', 'c', 'd'], true)).toEqual({ state: 'HALTED', cancel: working, flatten: ['a', 'b', 'c', 'd'] });
    expect(killSwitchPlan(working, ['a'], false).flatten).toEqual([]);
  });
});

describe('gating entries', () => {
  it('allows an entry within every limit', () => {
    expect(gateEntry('ACTIVE', entry())).toEqual({ allowed: true });
  });

  it('blocks entries when REDUCING or HALTED, or when a halt-entries rule fired this tick', () => {
    expect(gateEntry('REDUCING', entry())).toMatchObject({ allowed: false, reason: 'trading-state' });
    expect(gateEntry('HALTED', entry())).toMatchObject({ allowed: false, reason: 'trading-state' });
    expect(gateEntry('ACTIVE', entry(), ['portfolio-limits'])).toMatchObject({ allowed: false, reason: 'entries-halted', message: 'entries halted this tick by portfolio-limits' });
  });

  it('blocks an entry at the strategy\'s maxOpen', () => {
    expect(gateEntry('ACTIVE', entry({ strategyOpen: 3 }))).toMatchObject({ allowed: false, reason: 'max-open' });
  });

  it('blocks an entry whose max risk exceeds its fraction of equity, at the exact boundary allowing it', () => {
    expect(gateEntry('ACTIVE', entry({ maxRiskCents: 200_000 }))).toEqual({ allowed: true });
    expect(gateEntry('ACTIVE', entry({ maxRiskCents: 200_001 }))).toMatchObject({ allowed: false, reason: 'max-risk' });
    expect(gateEntry('ACTIVE', entry({ maxRiskCents: 10_000_000, maxRiskFraction: null }))).toEqual({ allowed: true });
  });

  it('blocks undefined risk unless the strategy allows it, and any entry without positive equity', () => {
    expect(gateEntry('ACTIVE', entry({ maxRiskCents: null }))).toMatchObject({ allowed: false, reason: 'max-risk' });
    expect(gateEntry('ACTIVE', entry({ maxRiskCents: null, allowUndefinedRisk: true }))).toEqual({ allowed: true });
    expect(gateEntry('ACTIVE', entry({ equityCents: 0 }))).toMatchObject({ allowed: false, reason: 'no-equity' });
  });
});
