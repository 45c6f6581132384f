import { createIbBroker, createIbConnection, type IbBroker, type IbConnection } from '../../../adapters/ib/index.ts';
import type { BrokerEvent, OptionContract, OrderRequest } from '../../../engine/domain/index.ts';
import { startFakeTws, type FakeTws } from '../../fake-tws/index.ts';

export async function setup(clientId = 7): Promise<{ fake: FakeTws; conn: IbConnection; broker: IbBroker }> {
  const fake = await startFakeTws();
  const conn = createIbConnection({ host: '127.0.0.1', port: fake.port, clientId, reconnectIntervalMs: 100, requestTimeoutMs: 3000, connectTimeoutMs: 3000 });
  const broker = createIbBroker(conn, { commissionGraceMs: 300 });
  return { fake, conn, broker };
}

/** Polls until `fn` returns a truthy value (no fixed sleeps). */
export async function until<T>(fn: () => T | undefined | null | false, what: string, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Collects drained events until `done` says so. */
export async function eventsUntil(broker: IbBroker, done: (all: BrokerEvent[]) => boolean, what: string, sink: BrokerEvent[] = []): Promise<BrokerEvent[]> {
  await until(() => {
    sink.push(...broker.drainEvents());
    return done(sink);
  }, what);
  return sink;
}

export function spy(fake: FakeTws, expiryIndex = 2): { expiry: string; leg: (right: 'call' | 'put', strike: number) => OptionContract } {
  const ib = fake.chain.underlyings.get('SPY')!.classes[0]!.expiries[expiryIndex]!;
  const expiry = `${ib.slice(0, 4)}-${ib.slice(4, 6)}-${ib.slice(6, 8)}`;
  return { expiry, leg: (right, strike) => ({ underlying: 'SPY', expiry, right, strike, multiplier: 100, settlement: 'physical' }) };
}

/** A short SPY iron condor for a net credit (negative limit). */
export function ironCondor(fake: FakeTws, clientOrderId: string, quantity = 1, limitPrice = -1.2): OrderRequest {
  const { leg } = spy(fake);
  return {
    clientOrderId, positionId: `pos-${clientOrderId}`, purpose: 'open', quantity, style: 'limit', limitPrice, timeInForce: 'day', configVersion: 'test',
    legs: [
      { contract: leg('put', 540), side: 'buy', ratio: 1 },
      { contract: leg('put', 560), side: 'sell', ratio: 1 },
      { contract: leg('call', 600), side: 'sell', ratio: 1 },
      { contract: leg('call', 620), side: 'buy', ratio: 1 },
    ],
  };
}
