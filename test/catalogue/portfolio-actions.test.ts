// The kernel carries out the portfolio actions the catalogue says place orders (engine/kernel/portfolio-actions.ts),
// and the latch the catalogue gives them: a close-all rule on the shipped config closes the book marketable, forced,
// and leaves the trading state HALTED.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPaperBroker, createSimMarket } from '../../adapters/sim/index.ts';
import { actionSpec } from '../../engine/catalogue/index.ts';
import { loadConfigDir } from '../../engine/config/index.ts';
import { Kernel } from '../../engine/kernel/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore } from '../../engine/store/index.ts';
import { atPnlPct, condorRequest, firstSimTick, repoRoot } from '../kernel/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'tw-close-all-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BOOK_STOP = `rules:
  - name: book-stop
    description: Close the book once two positions are open (test).
    priority: 120
    scope: portfolio
    when:
      all:
        - fact: openPositions
          operator: greaterThanInclusive
          value: 2
    then: { action: close-all }
    severity: critical
`;

describe('a portfolio action that places orders', () => {
  it('closes every open position marketable under close-all and latches the state its catalogue entry names', async () => {
    cpSync(join(repoRoot, 'rules'), join(dir, 'rules'), { recursive: true });
    cpSync(join(repoRoot, 'facts.yaml'), join(dir, 'facts.yaml'));
    cpSync(join(repoRoot, 'strategies.yaml'), join(dir, 'strategies.yaml'));
    writeFileSync(join(dir, 'rules', 'zz-book-stop.yaml'), BOOK_STOP);
    const { config, findings } = await loadConfigDir(dir);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    const store = await openStore(':memory:');
    const kernel = new Kernel({ config: config!, store, feed: createSimMarket({ seed: 7, rate: config!.settings.riskFreeRate }), broker: createPaperBroker({ startingCashCents: config!.settings.startingEquity * 100 }), clock: new ManualClock(0) });
    try {
      await kernel.start();
      const t0 = firstSimTick();
      kernel.control({ type: 'set-trading-state', state: 'REDUCING', reason: 'test: no entries of its own' });
      kernel.adopt([{ ...atPnlPct(condorRequest(t0, { delta: 0.1 }), t0, 0.1), id: 'held-1' }, { ...atPnlPct(condorRequest(t0, { delta: 0.12 }), t0, 0.1), id: 'held-2' }]);
      for (let i = 0; i < 3; i++) await kernel.step();
      expect(kernel.status().tradingState).toBe(actionSpec('close-all').latches);
      const decided = await store.db.all<{ action: string; outcome: string }>(`SELECT action, outcome FROM decisions WHERE rule = 'book-stop'`);
      expect(decided).toEqual([{ action: 'close-all', outcome: 'applied' }]);
      const closes = await store.db.all<{ position: string; style: string }>(`SELECT position_id AS position, style FROM orders WHERE purpose = 'close' ORDER BY position_id`);
      expect(closes).toEqual([{ position: 'held-1', style: 'marketable' }, { position: 'held-2', style: 'marketable' }]);
    } finally {
      await kernel.close();
    }
  });
});
