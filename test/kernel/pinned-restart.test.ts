import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigFromFiles, type ResolvedConfig } from '../../engine/config/index.ts';
import { Kernel, type KernelEvent } from '../../engine/kernel/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore } from '../../engine/store/index.ts';
import { createPaperBroker, createSimMarket } from '../../adapters/sim/index.ts';
import { repoRoot } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'tickwise-pinned-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function shipped(edit: (strategies: string) => string = (s) => s): ResolvedConfig {
  const files = [{ path: 'strategies.yaml', text: edit(readFileSync(join(repoRoot, 'strategies.yaml'), 'utf8')) }, { path: 'facts.yaml', text: readFileSync(join(repoRoot, 'facts.yaml'), 'utf8') }];
  for (const f of readdirSync(join(repoRoot, 'rules')).filter((x) => x.endsWith('.yaml'))) files.push({ path: `rules/${f}`, text: readFileSync(join(repoRoot, 'rules', f), 'utf8') });
  const { config, findings } = loadConfigFromFiles(files);
  if (!config) throw new Error(JSON.stringify(findings.filter((x) => x.severity === 'error')));
  return config;
}

/** The shipped config without the spy-iron-condor strategy. */
const withoutCondor = (s: string) => s.replace(/\n  # Neutral premium selling on SPY[\s\S]*?(?=\n  # Bullish)/, '\n');

async function kernelOn(db: string, config: ResolvedConfig) {
  const store = await openStore(db);
  const kernel = new Kernel({ config, store, feed: createSimMarket({ seed: 7 }), broker: createPaperBroker({ startingCashCents: 10_000_000 }), clock: new ManualClock(0) });
  const events: KernelEvent[] = [];
  kernel.subscribe((e) => events.push(e));
  return { kernel, events };
}

describe('positions pinned to an older config version', () => {
  // Regression: pinned versions lived only in memory; after a restart the positions of a removed strategy followed
  // the current rules (or, their strategy being gone, made every tick fail).
  it('keep their version across a restart: it is rebuilt from the file texts stored with it', async () => {
    const db = join(dir, 'pinned.duckdb');
    const full = shipped();
    const reduced = shipped(withoutCondor);
    expect(reduced.strategies.some((s) => s.name === 'spy-iron-condor')).toBe(false);

    const first = await kernelOn(db, full);
    await first.kernel.start();
    for (let i = 0; i < 40 && !first.kernel.positions().some((p) => p.context.strategy === 'spy-iron-condor' && p.phase === 'managed'); i++) await first.kernel.step();
    const condor = first.kernel.positions().find((p) => p.context.strategy === 'spy-iron-condor' && p.phase === 'managed');
    expect(condor).toBeDefined();
    first.kernel.reload(reduced);
    await first.kernel.run({ maxTicks: 3 });
    expect(first.kernel.positions().find((p) => p.id === condor!.id)?.pinnedVersion).toBe(full.version);
    const before = first.kernel.status().seq;
    await first.kernel.close();

    const second = await kernelOn(db, reduced);
    const report = await second.kernel.start();
    expect(report.alerts.filter((a) => a.severity === 'critical')).toEqual([]);
    expect(second.kernel.positions().find((p) => p.id === condor!.id)?.pinnedVersion).toBe(full.version);
    await second.kernel.run({ maxTicks: 5 });
    const rows = await second.kernel.store.db.all<{ n: number; versions: number }>(`SELECT count(*)::INT AS n, count(DISTINCT config_version)::INT AS versions FROM ticks`);
    expect(rows[0]).toEqual({ n: before + 5, versions: 2 });
    await second.kernel.close();
  }, 180_000);
});
