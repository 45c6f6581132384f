import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFromFiles, type ResolvedConfig } from '../../engine/config/index.ts';
import { fromExchangeTime } from '../../engine/domain/index.ts';
import { Kernel, type KernelEvent } from '../../engine/kernel/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore } from '../../engine/store/index.ts';
import { createPaperBroker, createSimMarket } from '../../adapters/sim/index.ts';
import { condorRequest, repoRoot } from './helpers.ts';

const START = fromExchangeTime('2026-01-05', 10 * 60);
const EXEC = '{ startPrice: mid, repriceStep: 0.05, repriceIntervalSeconds: 300, maxReprices: 6, onTimeout: cancel }';

function configOf(strategiesYaml: string): ResolvedConfig {
  const files = [{ path: 'strategies.yaml', text: strategiesYaml }];
  for (const f of readdirSync(join(repoRoot, 'rules')).filter((n) => /\.ya?ml$/.test(n)).sort()) files.push({ path: `rules/${f}`, text: readFileSync(join(repoRoot, 'rules', f), 'utf8') });
  const { config, findings } = loadConfigFromFiles(files);
  if (!config) throw new Error(findings.map((x) => `${x.file}:${x.line} ${x.code} ${x.message}`).join('; '));
  return config;
}

const twoDue = (maxOpenPositions: number) => `
settings:
  params: { maxOpenPositions: ${maxOpenPositions}, maxPositionsPerUnderlying: 100, maxNetDelta: 100000 }
strategies:
  - name: book
    enabled: false
    underlying: SPY
    structure: iron-condor
    legs: { targetDelta: 0.16, wingWidth: 5, dte: { min: 30, max: 50, target: 45 } }
    entry: { maxOpen: 50 }
    sizing: { contracts: 1 }
    manage: {}
    execution: ${EXEC}
  - name: spy-a
    underlying: SPY
    structure: iron-condor
    legs: { targetDelta: 0.16, wingWidth: 5, dte: { min: 30, max: 50, target: 45 } }
    entry: { maxOpen: 3 }
    sizing: { contracts: 1 }
    manage: {}
    execution: ${EXEC}
  - name: qqq-b
    underlying: QQQ
    structure: put-credit-spread
    legs: { targetDelta: 0.25, wingWidth: 5, dte: { min: 30, max: 45, target: 35 } }
    entry: { maxOpen: 3 }
    sizing: { contracts: 1 }
    manage: {}
    execution: ${EXEC}
`;

let open: Kernel | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

async function kernelWith(config: ResolvedConfig, seed = 7) {
  const store = await openStore(':memory:');
  const market = { seed, start: START, rate: config.settings.riskFreeRate };
  const kernel = new Kernel({ config, store, feed: createSimMarket(market), broker: createPaperBroker({ startingCashCents: config.settings.startingEquity * 100 }), clock: new ManualClock(0) });
  const events: KernelEvent[] = [];
  kernel.subscribe((e) => events.push(e));
  await kernel.start();
  open = kernel;
  return { kernel, store, events, firstTick: createSimMarket(market).step()! };
}

describe('entry limits hold per entry, not per tick', () => {
  it('opens exactly one of two due entries when 11 positions are open and maxOpenPositions is 12 (13 were opened before)', async () => {
    const { kernel, firstTick } = await kernelWith(configOf(twoDue(12)));
    kernel.adopt(Array.from({ length: 11 }, (_, i) => ({ ...condorRequest(firstTick, { strategy: 'book', delta: 0.08 + i * 0.005 }), id: `b${i}` })));
    const summary = await kernel.step();
    expect(summary!.entered).toBe(1);
    expect(kernel.status().openPositions).toBe(12);
  });
});
