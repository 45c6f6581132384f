import { loadConfigDir } from '../../engine/config/index.ts';
import { Kernel, type KernelEvent } from '../../engine/kernel/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore } from '../../engine/store/index.ts';
import { createPaperBroker, createSimMarket, type SimMarketOptions } from '../../adapters/sim/index.ts';

export const repoRoot = new URL('../..', import.meta.url).pathname;

export async function shippedConfig() {
  const { config, findings } = await loadConfigDir(repoRoot);
  if (!config) throw new Error(`shipped config invalid: ${JSON.stringify(findings)}`);
  return config;
}

/** A kernel on the shipped config, the simulated market and the paper broker, with a real DuckDB (memory or file). */
export async function simKernel(opts: { db?: string; seed?: number; market?: SimMarketOptions; halt?: boolean } = {}) {
  const config = await shippedConfig();
  const store = await openStore(opts.db ?? ':memory:');
  const feed = createSimMarket({ seed: opts.seed ?? 7, rate: config.settings.riskFreeRate, ...opts.market });
  const broker = createPaperBroker({ startingCashCents: config.settings.startingEquity * 100 });
  const kernel = new Kernel({ config, store, feed, broker, clock: new ManualClock(0), halt: opts.halt });
  const events: KernelEvent[] = [];
  kernel.subscribe((e) => events.push(e));
  return { kernel, store, feed, broker, config, events };
}
