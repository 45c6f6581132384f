/**
 * The kernel on the shipped config and the simulated market, with the market's ticks edited on their way to the
 * kernel (contracts dropped from the chain, an underlying made NaN, ticks emptied): a real feed with a real fault.
 */
import type { MarketTick } from '../../engine/domain/index.ts';
import { Kernel, type KernelEvent } from '../../engine/kernel/index.ts';
import { ManualClock, type MarketFeed } from '../../engine/ports/index.ts';
import { openStore } from '../../engine/store/index.ts';
import { createPaperBroker, createSimMarket, type SimMarket } from '../../adapters/sim/index.ts';
import { shippedConfig } from './helpers.ts';

/** `edit(tick, n)` sees the n-th tick (from 1) and returns what the kernel gets. */
export function editedFeed(inner: SimMarket, edit: (t: MarketTick, n: number) => MarketTick): MarketFeed {
  let n = 0;
  return {
    name: inner.name,
    subscribe: (s) => inner.subscribe(s),
    chain: (u) => inner.chain(u),
    async next() {
      const t = await inner.next();
      n += 1;
      return t && edit(t, n);
    },
    close: () => inner.close(),
    unknownUnderlyings: (s) => inner.unknownUnderlyings!(s),
  };
}

export async function editedSimKernel(edit: (t: MarketTick, n: number) => MarketTick, settings: Record<string, unknown> = {}) {
  const shipped = await shippedConfig();
  const config = { ...shipped, settings: { ...shipped.settings, degraded: { ...shipped.settings.degraded!, ...settings } } };
  const store = await openStore(':memory:');
  const feed = editedFeed(createSimMarket({ seed: 7, rate: config.settings.riskFreeRate }), edit);
  const broker = createPaperBroker({ startingCashCents: config.settings.startingEquity * 100 });
  const kernel = new Kernel({ config, store, feed, broker, clock: new ManualClock(0) });
  const events: KernelEvent[] = [];
  kernel.subscribe((e) => events.push(e));
  return { kernel, store, events };
}

export const alertsOf = (events: KernelEvent[]) => events.flatMap((e) => (e.type === 'alert' ? [e.alert] : []));
