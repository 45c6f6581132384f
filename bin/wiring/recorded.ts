/**
 * The wiring dry-run and backtest share: the paper broker with a recorded-data fill model (docs/replay.md § Fill
 * model), and a kernel on an in-memory store with a manual clock and grouped commits (in-process adapters only).
 */
import { createPaperBroker, type FillPriceSpec, type FillTiming, type PaperBroker } from '../../adapters/sim/index.ts';
import { Kernel, type KernelLogger } from '../../engine/kernel/index.ts';
import { ManualClock, type Broker, type MarketFeed } from '../../engine/ports/index.ts';
import type { ResolvedConfig } from '../../engine/config/index.ts';
import type { Store } from '../../engine/store/index.ts';

export interface PaperFill {
  price: FillPriceSpec;
  timing: FillTiming;
  commissionPerContract: number;
}

/** The paper broker a replay or scenario runs against: orders reach it at once (latency 0). */
export function paperBrokerFor(startingEquity: number, fill: PaperFill): PaperBroker {
  return createPaperBroker({
    startingCashCents: Math.round(startingEquity * 100), latencyTicks: 0,
    fillPrice: fill.price, fillTiming: fill.timing, commissionPerContract: fill.commissionPerContract,
  });
}

/** A kernel for an in-memory store and in-process adapters: grouped commits (KernelDeps.commitEvery), same result, much faster. */
export function inMemoryKernel(d: { config: ResolvedConfig; store: Store; feed: MarketFeed; broker: Broker; log?: KernelLogger }): Kernel {
  return new Kernel({ config: d.config, store: d.store, feed: d.feed, broker: d.broker, clock: new ManualClock(0), commitEvery: 100, ...(d.log ? { log: d.log } : {}) });
}
