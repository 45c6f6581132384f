/**
 * pnlPct is measured on the current leg set, so its peak is too: once a roll completes, the peak the old legs reached
 * no longer applies (it would arm the trailing stop against the new legs at once). Real actor, real book row.
 */
import { describe, expect, it } from 'vitest';
import { openPosition } from '../../engine/lifecycle/index.ts';
import { positionRow, type BookEntry } from '../../engine/kernel/book.ts';
import { MARKS, T0, decision, fillOf, input } from '../lifecycle/fixtures.ts';

describe('the pnlPct peak across a roll', () => {
  it('keeps the peak while the leg set is held and starts without one once the roll has filled', () => {
    const { actor } = openPosition(input(), T0, MARKS);
    actor.send(fillOf(actor, 2));
    const e: BookEntry = { actor, hold: false, pinnedVersion: null, peakPnlPct: 0.6, dirty: true };
    expect(positionRow(e).peakPnlPct).toBe(0.6);
    actor.send(decision('roll'));
    actor.send(fillOf(actor, 2));
    expect(positionRow(e).peakPnlPct).toBe(0.6); // the new legs are still being opened: rollCount unchanged
    actor.send(fillOf(actor, 2));
    expect(actor.context().lineage.rollCount).toBe(1);
    expect(positionRow(e).peakPnlPct).toBeNull();
    e.peakPnlPct = 0.1; // the facts' next peak belongs to the new legs and stays
    expect(positionRow(e).peakPnlPct).toBe(0.1);
  });
});
