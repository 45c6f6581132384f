import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { AnyMachineSnapshot } from 'xstate';
import { dottedState, openPosition, positionMachine, restorePosition } from '../../engine/lifecycle/index.ts';
import type { Intent, PositionActor, PositionEvent } from '../../engine/lifecycle/index.ts';
import { MARKS, T0, broker, decision, fillOf, input, tick } from './fixtures.ts';
import { exploreModel } from './model.ts';

function step(snapshot: unknown, event: unknown): { value: string; context: unknown; intents: Intent[] } {
  const actor = createActor(positionMachine, { snapshot: snapshot as never, input: undefined as never });
  const intents: Intent[] = [];
  actor.on('intent', (e) => intents.push(e.intent));
  actor.start();
  actor.send(event as never);
  const s = actor.getSnapshot();
  actor.stop();
  return { value: dottedState(s.value), context: s.context, intents };
}

describe('snapshot and restore', () => {
  it('resumes identically from a JSON snapshot in every reachable state, for every event', () => {
    let checked = 0;
    for (const mode of ['cancel', 'marketable'] as const) {
      for (const { state, transitions } of Object.values(exploreModel(mode))) {
        const persisted = positionMachine.getPersistedSnapshot(state as AnyMachineSnapshot as never);
        const stored = JSON.parse(JSON.stringify(persisted));
        for (const { event, state: next } of Object.values(transitions)) {
          if (next === state) continue; // no transition enabled: nothing to resume
          expect(step(stored, event)).toEqual(step(persisted, event));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  }, 120_000);

  /** Runs `script` on one actor, and at every step also on a copy restored from the JSON snapshot taken just before. */
  function replayWithRestores(actor: PositionActor, script: Array<(a: PositionActor) => PositionEvent>, now: number) {
    const states: string[] = [actor.state()];
    for (const make of script) {
      const event = make(actor);
      const restored = restorePosition(JSON.parse(JSON.stringify(actor.snapshot())), MARKS, now);
      expect(restored.state()).toBe(actor.state());
      const a = actor.send(event);
      const b = restored.send(event);
      expect(b).toEqual(a);
      expect(restored.context()).toEqual(actor.context());
      restored.stop();
      if (event.type === 'TICK') now = event.now;
      states.push(a.to);
    }
    return states;
  }

  it('gives the same behaviour after a restore at every step of an entry, a roll and a close', () => {
    const { actor } = openPosition(input({ quantity: 3 }), T0, MARKS);
    const states = replayWithRestores(actor, [
      (a) => broker(a, 'accepted'), () => tick(30), (a) => fillOf(a, 1, { fillId: 'e1' }), () => tick(60), () => tick(90), () => tick(120),
      (a) => broker(a, 'cancelled'),
      () => decision('roll'), (a) => fillOf(a, 1, { fillId: 'r1' }), () => tick(200), (a) => fillOf(a, 1, { fillId: 'r2' }),
      () => decision('reduce'), (a) => fillOf(a, 1, { fillId: 'x1' }),
    ], T0);
    expect(states).toEqual([
      'entry.submitting', 'entry.working', 'entry.repricing', 'entry.repricing', 'entry.repricing', 'entry.repricing', 'entry.cancelling',
      'managed', 'rolling.closeOld.submitting', 'rolling.openNew.submitting', 'rolling.openNew.repricing', 'managed', 'closing.submitting', 'closed',
    ]);
  });

  it('gives the same behaviour after a restore through a kill with flatten', () => {
    const { actor } = openPosition(input({ id: 'p7' }), T0, MARKS);
    const states = replayWithRestores(actor, [
      (a) => fillOf(a, 1, { fillId: 'k1' }), () => ({ type: 'KILL', flatten: true }), (a) => broker(a, 'cancelled'), (a) => fillOf(a, 1, { fillId: 'k2' }),
    ], T0);
    expect(states.at(-1)).toBe('closed');
    expect(actor.context().outcome).toBe('killed');
  });

  it('restores a closed position as closed', () => {
    const { actor } = openPosition(input(), T0, MARKS);
    actor.send(broker(actor, 'rejected'));
    const restored = restorePosition(JSON.parse(JSON.stringify(actor.snapshot())));
    expect(restored.phase()).toBe('closed');
    expect(restored.send(tick(10)).intents).toEqual([]);
  });

  it('refuses a snapshot that was not written by a position actor', () => {
    expect(() => restorePosition({ value: 'managed' })).toThrow(/no position context/);
    expect(() => restorePosition(null)).toThrow(/not an object/);
  });
});
