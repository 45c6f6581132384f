/**
 * Price protection through the paper broker. A SPY call spread 600/625 (25 wide) is deep in trouble: catastrophe-stop
 * closes it marketable, while the quotes say buying it back costs 32.80 — more than the spread can ever be worth. The
 * close is a limit at its cap (25.00, the width): it waits, alerts, and fills only when the market comes back inside
 * the cap. Real kernel, real paper broker, in-memory DuckDB (the dry-run path).
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../../adapters/scenario/index.ts';
import { bindScenario, runScenario, type ScenarioRun } from '../../../bin/dryrun/index.ts';
import { loadConfigDir } from '../../../engine/config/index.ts';
import { repoRoot } from '../../kernel/helpers.ts';

const WIDE = [
  '      - { expiry: 2026-04-17, right: call, strike: 600, bid: 58.00, ask: 60.00 }',
  '      - { expiry: 2026-04-17, right: call, strike: 625, bid: 27.20, ask: 29.00 }',
].join('\n');
const SANE = [
  '      - { expiry: 2026-04-17, right: call, strike: 600, bid: 60.00, ask: 60.50 }',
  '      - { expiry: 2026-04-17, right: call, strike: 625, bid: 35.70, ask: 36.20 }',
].join('\n');

const tickOf = (at: string, quotes: string) => `  - at: "${at}"\n    prices: { SPY: 660 }\n    vix: 30\n    quotes:\n${quotes}\n`;

const SCENARIO = `description: a marketable close of a 25-wide call spread quoted at 32.80 waits at 25.00
start: 2026-03-02 10:00
positions:
  - id: ccs1
    strategy: spy-call-credit-spread
    openedAt: -5d
    legs:
      - { expiry: 2026-04-17, right: call, strike: 600, quantity: -1, entryPrice: 4.00 }
      - { expiry: 2026-04-17, right: call, strike: 625, quantity: 1, entryPrice: 1.50 }
ticks:
${tickOf('2026-03-02 10:00', WIDE)}${tickOf('+5m', WIDE)}${tickOf('+5m', WIDE)}${tickOf('+5m', SANE)}${tickOf('+5m', SANE)}`;

async function run(text: string): Promise<ScenarioRun> {
  const abs = `${repoRoot}scenarios/(test)/price-cap.yaml`;
  const loaded = loadScenarioText(abs, abs, text);
  expect(loaded.findings.filter((f) => f.severity === 'error')).toEqual([]);
  const { config } = await loadConfigDir(repoRoot);
  const bound = bindScenario(loaded as typeof loaded & { scenario: NonNullable<typeof loaded.scenario> }, config!);
  return runScenario(bound.scenario, config!);
}

describe('a marketable close against the paper broker', () => {
  it('never fills a 25-wide vertical above 25.00 even when the quotes say 32.80, and alerts while it waits', async () => {
    const r = await run(SCENARIO);
    expect(r.decisions.filter((d) => d.positionId === 'ccs1').map((d) => [d.tickSeq, d.rule, d.action, d.outcome])[0]).toEqual([1, 'catastrophe-stop', 'close', 'applied']);
    const close = r.orders.find((o) => o.positionId === 'ccs1' && o.purpose === 'close')!;
    expect(close).toMatchObject({ style: 'marketable', limitPrice: 25 });
    const fills = r.brokerEvents.filter((e) => e.type === 'fill');
    expect(fills.length).toBeGreaterThan(0);
    for (const f of fills) expect(f.type === 'fill' && f.netPrice).toBeLessThanOrEqual(25);
    // It waited through the 32.80 ticks and filled only once the market was back inside the cap.
    expect(close.filledTick).toBeGreaterThanOrEqual(4);
    const waits = r.alerts.filter((a) => a.positionId === 'ccs1' && /waits at its price cap 25\.00: the market asks 32\.80/.test(a.message));
    expect(waits).toHaveLength(1);
    expect(r.positions.find((p) => p.id === 'ccs1')).toMatchObject({ state: 'closed', closeRule: 'catastrophe-stop' });
  });

  it('keeps waiting, without paying, while the market never comes back inside the cap', async () => {
    const r = await run(SCENARIO.replaceAll(SANE, WIDE));
    expect(r.brokerEvents.filter((e) => e.type === 'fill')).toEqual([]);
    expect(r.positions.find((p) => p.id === 'ccs1')?.state).toBe('closing');
    expect(r.orders.find((o) => o.positionId === 'ccs1')).toMatchObject({ style: 'marketable', limitPrice: 25, filled: 0 });
  });
});
