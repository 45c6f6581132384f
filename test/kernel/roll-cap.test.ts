/**
 * The shipped rolling rules (delta-risk, dte-roll) roll a chain at most maxRolls (2) times: the stops read the legs held
 * now against their own credit, so without a cap a losing position could be rolled (and its stop reset) for ever.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet, evaluateTick } from '../../engine/evaluate/index.ts';
import { shippedConfig } from './helpers.ts';

const set = compileRuleSet(await shippedConfig());

function decide(strategy: string, facts: Record<string, number | boolean | string | null>) {
  const ev = evaluateTick(set, { portfolio: { vix: 18, vixChangePct: 0 }, positions: [{ id: 'p', strategy, phase: 'managed', hold: false, facts }] });
  return ev.positionDecisions.get('p') ?? null;
}

// A condor whose short put is tested (delta 0.35) but not yet losing much.
const tested = { shortStrikeDelta: 0.35, delta: 20, lossMultipleOfCredit: 0.8, pnlPct: -0.3, isCredit: true, underlyingDistanceToShortStrikePct: 0.01, dte: 30, gamma: -1, peakPnlPct: 0.1, drawdownFromPeakPct: 0.4, ivChangePct: 0 };
// A put spread 7 days out, out of the money, short of its target.
const nearExpiry = { dte: 7, itm: false, pnlPct: 0.2, shortStrikeDelta: 0.1, delta: 3, lossMultipleOfCredit: 0, isCredit: true, underlyingDistanceToShortStrikePct: 0.05, gamma: -1, peakPnlPct: 0.2, drawdownFromPeakPct: 0, ivChangePct: 0 };

describe('the roll cap of the shipped rules', () => {
  it('lets delta-risk roll a tested condor on its first and second roll, not its third', () => {
    expect(decide('spy-iron-condor', { ...tested, rollCount: 0 })).toMatchObject({ rule: 'delta-risk', action: 'roll' });
    expect(decide('spy-iron-condor', { ...tested, rollCount: 1 })).toMatchObject({ rule: 'delta-risk', action: 'roll' });
    expect(decide('spy-iron-condor', { ...tested, rollCount: 2 })?.action).not.toBe('roll');
  });

  it('lets dte-roll roll a put spread near expiry twice, then leaves it to the other rules', () => {
    expect(decide('qqq-put-credit-spread', { ...nearExpiry, rollCount: 1 })).toMatchObject({ rule: 'dte-roll', action: 'roll' });
    expect(decide('qqq-put-credit-spread', { ...nearExpiry, rollCount: 2 })?.action).not.toBe('roll');
  });
});
