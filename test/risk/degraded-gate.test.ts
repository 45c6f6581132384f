import { describe, expect, it } from 'vitest';
import type { Decision, Evaluation } from '../../engine/evaluate/index.ts';
import { gateOrder, gatePositionDecision, gateState, gateTick, type DataHealth } from '../../engine/risk/index.ts';

function decision(over: Partial<Decision>): Decision {
  return { rule: 'take-profit', action: 'close', priority: 50, severity: 'info', escalation: false, positionId: 'p1', params: {}, facts: {}, preempted: [], ...over } as Decision;
}

function evaluation(positionDecisions: [string, Decision][], portfolioDecisions: Decision[] = []): Evaluation {
  return { portfolioDecisions, positionDecisions: new Map(positionDecisions), alerts: [], traces: new Map() } as unknown as Evaluation;
}

const degraded: DataHealth = { degraded: true, why: '2 of 6 held legs have bad or stale marks', badMarks: new Map() };

describe('the risk gate under DEGRADED', () => {
  it('applies DEGRADED only over ACTIVE: REDUCING and HALTED are stricter and stay', () => {
    expect(gateState('ACTIVE', degraded)).toBe('DEGRADED');
    expect(gateState('REDUCING', degraded)).toBe('REDUCING');
    expect(gateState('HALTED', degraded)).toBe('HALTED');
    expect(gateState('ACTIVE', { ...degraded, degraded: false })).toBe('ACTIVE');
  });

  it('blocks entries and rolls, and lets closes, reduces and roll-closes through', () => {
    expect(gateOrder('DEGRADED', { purpose: 'open', forced: false })).toMatchObject({ allowed: false, reason: 'trading-state' });
    expect(gateOrder('DEGRADED', { purpose: 'roll-open', forced: false })).toMatchObject({ allowed: false, reason: 'trading-state' });
    for (const purpose of ['close', 'reduce', 'roll-close'] as const) expect(gateOrder('DEGRADED', { purpose, forced: false })).toEqual({ allowed: true });
    const g = gateTick('ACTIVE', evaluation([['p1', decision({})], ['p2', decision({ positionId: 'p2', rule: 'dte-roll', action: 'roll' })]]), degraded);
    expect(g.applied).toBe('DEGRADED');
    expect(g.state.to).toBe('ACTIVE');
    expect(g.entries).toMatchObject({ allowed: false, reason: 'trading-state', message: 'trading state is DEGRADED (2 of 6 held legs have bad or stale marks): no new entries' });
    expect(g.positionDecisions.get('p1')?.outcome).toBe('allowed');
    expect(g.positionDecisions.get('p2')).toMatchObject({ outcome: 'blocked', reason: 'trading-state' });
  });

  it('blocks a non-forced exit of a position with bad marks, whatever the state, but never an escalation', () => {
    const data: DataHealth = { degraded: false, why: '', badMarks: new Map([['p1', 'marks of p1 are bad: K missing']]) };
    const g = gateTick('ACTIVE', evaluation([['p1', decision({})]]), data);
    expect(g.applied).toBe('ACTIVE');
    expect(g.positionDecisions.get('p1')).toMatchObject({ outcome: 'blocked', reason: 'stale-marks', message: 'marks of p1 are bad: K missing: price-based rules do not act on a frozen mark' });
    const e = gateTick('ACTIVE', evaluation([['p1', decision({ rule: 'catastrophe-stop', escalation: true, severity: 'critical' })]]), data);
    expect(e.positionDecisions.get('p1')?.outcome).toBe('allowed');
    expect(g.entries).toEqual({ allowed: true });
  });

  it('leaves the gate as it was without data health (what every caller before DEGRADED passed)', () => {
    const g = gateTick('ACTIVE', evaluation([['p1', decision({})]]));
    expect(g.applied).toBe('ACTIVE');
    expect(g.entries).toEqual({ allowed: true });
  });

  it('gates a ladder step like a rule decision: a reduce on a position with a frozen mark is blocked, and DEGRADED blocks no exit', () => {
    const step = decision({ rule: 'ladder:debit', action: 'reduce' });
    expect(gatePositionDecision('DEGRADED', step, undefined)).toMatchObject({ outcome: 'allowed' });
    expect(gatePositionDecision('ACTIVE', step, 'marks of p1 are bad: K missing')).toMatchObject({ outcome: 'blocked', reason: 'stale-marks' });
    expect(gatePositionDecision('HALTED', step, undefined)).toMatchObject({ outcome: 'blocked', reason: 'trading-state' });
  });
});
