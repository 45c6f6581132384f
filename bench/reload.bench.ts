// Hot reload latency: from a write to strategies.yaml to the new config version being used, with the kernel running
// ticks back to back (simulated market at full speed, paper broker, in-memory DuckDB, positions open) and the
// reloader watching the folder (fs.watch, 25 ms debounce: the default `tickwise start` uses).
//
//   reload.latency.pending  write → the reloader has validated, diffed and shadow-evaluated the new version and
//                           handed it to the kernel (pending, or queued for the end of the tick in flight)
//   reload.latency          write → the first tick evaluated under the new version has committed (its `tick` event)
//
// With a paced feed (live data, a sped-up sim), "active" also waits for the next tick to arrive; that wait belongs to
// the feed, not to reload.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPaperBroker, createSimMarket } from '../adapters/sim/index.ts';
import { loadConfigDir } from '../engine/config/index.ts';
import { Kernel } from '../engine/kernel/index.ts';
import { ManualClock } from '../engine/ports/index.ts';
import { openStore } from '../engine/store/index.ts';
import { createReloader, type ReloadResult } from '../bin/wiring/reload.ts';
import { median, type Benchmark, type BenchEntry } from './types.ts';

const WRITES = 9;
const root = new URL('..', import.meta.url).pathname;

const bench: Benchmark = {
  name: 'reload',
  async run(): Promise<BenchEntry[]> {
    const dir = copyConfig();
    const { config } = await loadConfigDir(dir);
    if (!config) throw new Error('the shipped config does not validate');
    const store = await openStore(':memory:');
    const feed = createSimMarket({ seed: 7, rate: config.settings.riskFreeRate });
    const broker = createPaperBroker({ startingCashCents: config.settings.startingEquity * 100 });
    const kernel = new Kernel({ config, store, feed, broker, clock: new ManualClock(0) });
    await kernel.start();
    await kernel.run({ maxTicks: 20 }); // positions open: the shadow evaluation has work to do

    const results: ((r: ReloadResult) => void)[] = [];
    const reloader = createReloader({ kernel, configDir: dir, log: silent, debounceMs: 25, onEvent: (e) => e.type === 'result' && results.shift()?.(e.result) });
    const ticks: ((version: string) => void)[] = [];
    kernel.subscribe((e) => e.type === 'tick' && ticks.forEach((f) => f(e.summary.configVersion)));
    const stop = new AbortController();
    const running = kernel.run({ signal: stop.signal });

    const pendingMs: number[] = [];
    const activeMs: number[] = [];
    const tickMs: number[] = [];
    let text = readFileSync(join(dir, 'strategies.yaml'), 'utf8');
    try {
      for (let i = 0; i < WRITES; i++) {
        text = text.replace(/maxOpenPositions: \d+/, `maxOpenPositions: ${20 + i}`);
        const accepted = new Promise<ReloadResult>((resolve) => results.push(resolve));
        let active!: (v: string) => void;
        const t0 = performance.now();
        writeFileSync(join(dir, 'strategies.yaml'), text);
        const r = await accepted;
        pendingMs.push(performance.now() - t0);
        if (!r.ok || !r.version) throw new Error(`reload ${i} was not accepted: ${JSON.stringify(r.errors ?? r.refused)}`);
        await new Promise<void>((resolve) => {
          active = (v) => v === r.version && resolve();
          ticks.push(active);
        });
        activeMs.push(performance.now() - t0);
        ticks.splice(ticks.indexOf(active), 1);
        // One tick's duration, for reference.
        const t1 = performance.now();
        await new Promise<void>((resolve) => {
          const once = () => resolve();
          ticks.push(once);
        });
        ticks.pop();
        tickMs.push(performance.now() - t1);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      stop.abort();
      await running;
      reloader.close();
      await kernel.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return [
      { name: 'reload.latency', value: median(activeMs), unit: 'ms', note: `p50 over ${WRITES} writes: write → first tick under the new version committed (target ≤ 200; max ${Math.round(Math.max(...activeMs))})` },
      { name: 'reload.latency.pending', value: median(pendingMs), unit: 'ms', note: 'p50: write → validated, diffed, shadow-evaluated and handed to the kernel (incl. the 25 ms debounce)' },
      { name: 'reload.tick', value: median(tickMs), unit: 'ms', note: 'p50 duration of one tick meanwhile (the part of the latency that waits for the tick in flight)' },
    ];
  },
};
export default bench;

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function copyConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickwise-reload-bench-'));
  copyFileSync(join(root, 'strategies.yaml'), join(dir, 'strategies.yaml'));
  copyFileSync(join(root, 'facts.yaml'), join(dir, 'facts.yaml'));
  mkdirSync(join(dir, 'rules'));
  for (const f of readdirSync(join(root, 'rules')).filter((n) => /\.ya?ml$/.test(n))) copyFileSync(join(root, 'rules', f), join(dir, 'rules', f));
  return dir;
}
