import { describe, expect, it } from 'vitest';
import { ladderDecision } from '../../engine/kernel/ladder.ts';
import type { BookEntry } from '../../engine/kernel/book.ts';
import type { ResolvedStrategy } from '../../engine/config/types.ts';

const strategy = { name: 'qqq-lcv', manage: { ladder: [{ pnlPct: 0.5, fraction: 0.3 }, { pnlPct: 1, fraction: 0.5 }, { pnlPct: 2, fraction: 0.2 }] } } as unknown as ResolvedStrategy;
const entry = (held: number, original = 5, phase = 'managed'): BookEntry => ({
  actor: { id: 'p1', phase: () => phase, context: () => ({ targetQuantity: original, openQuantity: held }) } as never,
  hold: false, pinnedVersion: null, peakPnlPct: null, dirty: false,
});

describe('the take-profit ladder', () => {
  it('does nothing below the first level', () => {
    expect(ladderDecision(strategy, entry(5), { pnlPct: 0.49 })).toBeNull();
  });

  it('reduces 30% of the original five contracts (one) at +50%', () => {
    const d = ladderDecision(strategy, entry(5), { pnlPct: 0.55 })!;
    expect(d).toMatchObject({ rule: 'ladder:qqq-lcv', action: 'reduce', facts: { step: 1, contractsToClose: 1, contractsHeld: 5 } });
    expect(Math.floor(d.params.fraction! * 5)).toBe(1);
  });

  it('does not repeat a step already taken, and takes the next one when its level is reached', () => {
    expect(ladderDecision(strategy, entry(4), { pnlPct: 0.9 })).toBeNull();
    const d = ladderDecision(strategy, entry(4), { pnlPct: 1.1 })!;
    expect(d.facts).toMatchObject({ step: 2, contractsToClose: 3 });
    expect(Math.floor(d.params.fraction! * 4)).toBe(3);
  });

  it('closes what is left at the last step', () => {
    expect(ladderDecision(strategy, entry(1), { pnlPct: 2.5 })).toMatchObject({ action: 'close', facts: { step: 3 } });
  });

  it('acts only on managed positions with a known pnlPct', () => {
    expect(ladderDecision(strategy, entry(5, 5, 'closing'), { pnlPct: 3 })).toBeNull();
    expect(ladderDecision(strategy, entry(5), { pnlPct: null })).toBeNull();
  });
});
