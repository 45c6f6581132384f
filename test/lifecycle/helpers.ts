import { openPosition } from '../../engine/lifecycle/index.ts';
import type { PositionActor } from '../../engine/lifecycle/index.ts';
import { MARKS, T0, fillOf, input } from './fixtures.ts';
import type { PositionInput } from '../../engine/lifecycle/index.ts';

/** A position whose entry filled completely: in `managed`, holding `quantity` units. */
export function managedPosition(over: Partial<PositionInput> = {}): PositionActor {
  const { actor } = openPosition(input(over), T0, MARKS);
  actor.send(fillOf(actor, actor.context().targetQuantity, { commission: 130 * actor.context().targetQuantity }));
  if (actor.state() !== 'managed') throw new Error(`expected managed, got ${actor.state()}`);
  return actor;
}
