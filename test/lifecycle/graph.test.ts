import { describe, expect, it } from 'vitest';
import { machineGraph } from '../../engine/lifecycle/index.ts';

describe('machineGraph', () => {
  it('lists every state and names every guard and action, for the visualizer', () => {
    const g = machineGraph();
    const ids = g.states.map((s) => s.id);
    expect(ids).toContain('entry.submitting');
    expect(ids).toContain('rolling.openNew.cancelling');
    expect(g.states.find((s) => s.id === 'closed')?.type).toBe('final');
    expect(g.states.find((s) => s.id === 'rolling')).toMatchObject({ type: 'compound', initial: 'rolling.closeOld' });
    const roll = g.transitions.find((t) => t.from === 'managed' && t.event === 'DECISION' && t.guard === 'isRollDecision');
    expect(roll).toEqual({ from: 'managed', to: 'rolling.closeOld.submitting', event: 'DECISION', guard: 'isRollDecision', actions: ['placeRollClose'] });
    expect(g.transitions.every((t) => t.actions.every((a) => a !== 'inline'))).toBe(true);
    expect(g.transitions.find((t) => t.from === '*' && t.guard === 'isSettlementFlattening')?.to).toBe('closed');
  });
});
