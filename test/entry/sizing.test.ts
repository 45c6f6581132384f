import { describe, expect, it } from 'vitest';
import { isRejected, nakedMarginCents, selectLegs, sizePosition, type LegSelection } from '../../engine/entry/index.ts';
import { spxChain } from './spx-fixture.ts';
import { strategy } from './strategy-fixture.ts';

const day = spxChain('2019-04-25');
const EQUITY = 100_000_00; // $100,000 in cents

function select(s: ReturnType<typeof strategy>): LegSelection {
  const r = selectLegs(s, day.quotes, day.underlyingPrice, day.now);
  if (isRejected(r)) throw new Error(r.rejected.message);
  return r;
}

describe('sizePosition', () => {
  const condor = select(strategy('iron-condor', { legs: { targetDelta: 0.16, wingWidth: 10, dte: { min: 30, max: 45, target: 35 } } }));

  it('risks at most 2% of $100,000 on max loss', () => {
    const s = strategy('iron-condor', { sizing: { maxRiskFraction: 0.02 } });
    const r = sizePosition(condor, s, EQUITY);
    const perUnit = condor.perUnit.maxLossCents as number;
    expect(r.contracts).toBe(Math.floor(2_000_00 / perUnit));
    expect(r.contracts * perUnit).toBeLessThanOrEqual(2_000_00);
    expect((r.contracts + 1) * perUnit).toBeGreaterThan(2_000_00);
    expect(r.riskPerUnitCents).toBe(perUnit);
    expect(r.reason).toContain('$2,000.00');
  });

  it('takes the smallest of contracts, the risk budget and maxContracts', () => {
    expect(sizePosition(condor, strategy('iron-condor', { sizing: { contracts: 1, maxRiskFraction: 0.02 } }), EQUITY).contracts).toBe(1);
    expect(sizePosition(condor, strategy('iron-condor', { sizing: { maxRiskFraction: 0.5, maxContracts: 4 } }), EQUITY).contracts).toBe(4);
    expect(sizePosition(condor, strategy('iron-condor', { sizing: { contracts: 7 } }), EQUITY).contracts).toBe(7);
  });

  it('sizes nothing, with a reason, when one contract risks more than the budget', () => {
    const wide = select(strategy('put-credit-spread', { legs: { targetDelta: 0.16, wingWidth: 50, dte: { min: 30, max: 45, target: 35 } } }));
    const r = sizePosition(wide, strategy('put-credit-spread', { sizing: { maxRiskFraction: 0.02 } }), EQUITY);
    expect(r.contracts).toBe(0);
    expect(r.skipped?.code).toBe('TW_ENTRY_TOO_SMALL');
  });

  it('sizes nothing when sizing names neither contracts nor a risk fraction', () => {
    const r = sizePosition(condor, strategy('iron-condor', { sizing: { maxContracts: 3 } }), EQUITY);
    expect(r.contracts).toBe(0);
    expect(r.skipped?.code).toBe('TW_ENTRY_NO_SIZING');
  });

  it('sizes a short strangle by the naked-margin proxy, not by an unbounded max loss', () => {
    const sel = select(strategy('short-strangle'));
    const margin = nakedMarginCents(sel);
    // Larger side: call 3005 (OTM 85.96): 20% × 2919.04 − 85.96 = 497.848 + premium 7.15; plus the put's premium 12.85.
    expect(margin).toBe(Math.round((0.2 * 2919.04 - (3005 - 2919.04) + 7.15 + 12.85) * 100 * 100));
    const r = sizePosition(sel, strategy('short-strangle', { sizing: { maxRiskFraction: 0.5 } }), 1_000_000_00);
    expect(r.contracts).toBe(Math.floor(500_000_00 / margin));
    expect(r.reason).toContain('margin proxy');
  });
});
