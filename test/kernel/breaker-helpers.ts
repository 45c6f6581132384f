/**
 * The shipped rules and strategies with the circuit breaker tripped from the first tick (`maxDrawdownPct: 0`: equity
 * at or below its peak, which it always is on the tick that sets the peak), on the simulated market.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigDir } from '../../engine/config/index.ts';
import { Kernel, type KernelEvent } from '../../engine/kernel/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore } from '../../engine/store/index.ts';
import { createPaperBroker, createSimMarket } from '../../adapters/sim/index.ts';
import type { MarketTick } from '../../engine/domain/index.ts';
import { editedFeed } from './degraded-helpers.ts';
import { repoRoot } from './helpers.ts';

export async function breakerConfig() {
  const dir = mkdtempSync(join(tmpdir(), 'tickwise-breaker-'));
  cpSync(join(repoRoot, 'rules'), join(dir, 'rules'), { recursive: true });
  cpSync(join(repoRoot, 'facts.yaml'), join(dir, 'facts.yaml'));
  const yaml = readFileSync(join(repoRoot, 'strategies.yaml'), 'utf8').replace(/maxDrawdownPct: -0\.07/, 'maxDrawdownPct: 0');
  if (!yaml.includes('maxDrawdownPct: 0 ')) throw new Error('strategies.yaml no longer sets maxDrawdownPct');
  writeFileSync(join(dir, 'strategies.yaml'), yaml);
  const { config, findings } = await loadConfigDir(dir);
  if (!config) throw new Error(`breaker config invalid: ${JSON.stringify(findings)}`);
  return config;
}

/** A kernel on the breaker config; `db` a file path to restart on (the sim market resumes from its checkpoint); `edit` edits the market's ticks. */
export async function breakerKernel(db = ':memory:', edit?: (t: MarketTick, n: number) => MarketTick) {
  const config = await breakerConfig();
  const store = await openStore(db);
  const sim = createSimMarket({ seed: 7, rate: config.settings.riskFreeRate });
  const feed = edit ? editedFeed(sim, edit) : sim;
  const broker = createPaperBroker({ startingCashCents: config.settings.startingEquity * 100 });
  const kernel = new Kernel({ config, store, feed, broker, clock: new ManualClock(0) });
  const events: KernelEvent[] = [];
  kernel.subscribe((e) => events.push(e));
  return { kernel, store, events };
}
