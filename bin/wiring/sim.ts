import { createPaperBroker, createSimMarket } from '../../adapters/sim/index.ts';
import type { Broker, MarketFeed } from '../../engine/ports/index.ts';

export interface SimWiring {
  seed: number;
  /** Simulated seconds per real second (1 = real time; 0 = as fast as possible). */
  speed: number;
  tickMinutes?: number;
  days?: number;
  startingEquityCents: number;
  rate: number;
}

/** The embedded default: the simulated market and the paper broker. Their state is checkpointed by the kernel. */
export function simAdapters(w: SimWiring): { feed: MarketFeed; broker: Broker } {
  const tickMinutes = w.tickMinutes ?? 5;
  const realMsPerTick = w.speed > 0 ? Math.round((tickMinutes * 60_000) / w.speed) : 0;
  const feed = createSimMarket({ seed: w.seed, tickMinutes, speed: realMsPerTick, ...(w.days ? { days: w.days } : {}), rate: w.rate });
  const broker = createPaperBroker({ startingCashCents: w.startingEquityCents });
  return { feed, broker };
}
