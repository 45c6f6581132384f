/**
 * Cancels and replaces are broker calls made after the tick that decided them is committed. A process killed between
 * the commit and the call leaves the broker with the order as it was: still working where the position's machine waits
 * for its cancellation, or at an older limit (or still a limit) where the machine repriced it or made it marketable.
 * On restart, for every order the broker still works, the call its machine is waiting on is made again: a cancel for
 * a machine in `…cancelling`, a replace for a machine in `…marketable` or when the store's limit differs from the
 * broker's. Both are idempotent at the broker (a second cancel or an identical replace changes nothing).
 */
import type { BrokerOpenOrder } from '../domain/index.ts';
import type { KernelState } from './state.ts';
import type { BrokerCall } from './tick-work.ts';

export function resumeCalls(k: KernelState, open: readonly BrokerOpenOrder[]): BrokerCall[] {
  const calls: BrokerCall[] = [];
  for (const b of open) {
    const id = b.clientOrderId;
    const row = id ? k.orders.get(id) : undefined;
    const owner = id ? k.book.orderOwner.get(id) : undefined;
    const entry = owner ? k.book.get(owner) : undefined;
    if (!id || !row || !entry || entry.actor.context().workingOrder?.clientOrderId !== id) continue;
    const state = entry.actor.state();
    if (state.endsWith('.cancelling')) calls.push({ type: 'cancel', clientOrderId: id });
    else if (state.endsWith('.marketable') || row.limitPrice !== b.limitPrice) {
      calls.push({ type: 'replace', clientOrderId: id, limitPrice: row.limitPrice, style: row.style as 'limit' | 'marketable' });
    }
  }
  return calls;
}
