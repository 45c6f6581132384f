import { premiumCents } from '../../engine/domain/index.ts';
import type { BrokerEvent, EpochMs } from '../../engine/domain/index.ts';
import { expiryClose } from './calendar.ts';
import type { PaperState } from './paper-state.ts';

/**
 * Settles every position whose expiry closed at or before `now`, at the settlement price `priceOf(symbol, close)`:
 * out-of-the-money (or at-the-money) options expire worthless; in-the-money cash-settled options pay their intrinsic
 * value × multiplier (long receives, short pays); in-the-money physical options are exercised (long) or assigned
 * (short) into shares at the strike. Returns the settlement events; mutates positions, shares and cash.
 */
export function settleExpired(state: PaperState, now: EpochMs, priceOf: (symbol: string, close: EpochMs) => number | undefined): BrokerEvent[] {
  const events: BrokerEvent[] = [];
  for (const [key, pos] of Object.entries(state.positions)) {
    const close = expiryClose(pos.contract.expiry);
    if (close > now) continue;
    const { contract, quantity } = pos;
    const spot = priceOf(contract.underlying, close);
    if (spot === undefined) continue;
    const intrinsic = contract.right === 'call' ? spot - contract.strike : contract.strike - spot;
    delete state.positions[key];
    if (!(intrinsic >= 0.005)) {
      events.push({ type: 'settlement', key, quantity, outcome: 'expired-worthless', amount: 0, time: now });
      continue;
    }
    if (contract.settlement === 'cash') {
      const amount = premiumCents(intrinsic, quantity, contract.multiplier);
      state.cashCents += amount;
      events.push({ type: 'settlement', key, quantity, outcome: 'cash-settled', amount, time: now });
      continue;
    }
    // Physical: a call delivers shares to its holder, a put takes them; the holder exercises, the writer is assigned.
    const sharesToHolder = (contract.right === 'call' ? 1 : -1) * quantity * contract.multiplier;
    const amount = -premiumCents(contract.strike, sharesToHolder / contract.multiplier, contract.multiplier);
    state.shares[contract.underlying] = (state.shares[contract.underlying] ?? 0) + sharesToHolder;
    if (state.shares[contract.underlying] === 0) delete state.shares[contract.underlying];
    state.cashCents += amount;
    events.push({ type: 'settlement', key, quantity, outcome: quantity > 0 ? 'exercised' : 'assigned', amount, shares: sharesToHolder, time: now });
  }
  return events;
}
