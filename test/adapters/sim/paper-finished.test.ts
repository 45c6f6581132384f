import { describe, expect, it } from 'vitest';
import { createPaperBroker } from '../../../adapters/sim/index.ts';
import { MAX_FINISHED } from '../../../adapters/sim/paper-broker.ts';
import { contract, leg, order } from './helpers.ts';

describe('the paper broker remembers finished orders within a bound', () => {
  // Its checkpoint is committed with every tick; remembering every order ever placed made it grow for the life of a run.
  it('keeps the most recent finished client order ids (still rejecting their duplicates) and forgets the oldest', async () => {
    const broker = createPaperBroker();
    const bad = (id: string) => order(id, [leg(contract('call', 450), 'buy', 1)], 1, { quantity: 0 });
    for (let i = 0; i < MAX_FINISHED + 10; i++) await broker.place(bad(`o${i}`));
    broker.drainEvents();
    const state = broker.checkpoint!() as { finished: Record<string, string> };
    expect(Object.keys(state.finished)).toHaveLength(MAX_FINISHED);
    expect(state.finished.o0).toBeUndefined();
    expect(state.finished[`o${MAX_FINISHED + 9}`]).toBe('rejected');
    await broker.place(bad(`o${MAX_FINISHED + 9}`));
    expect(broker.drainEvents()).toMatchObject([{ type: 'rejected', code: 'TW_SIM_ORDER_DUPLICATE_ID' }]);
  });
});
