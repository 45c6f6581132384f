/**
 * Migration 3 adds the P&L basis columns to positions: a file written before it opens with the current leg set's
 * cash backfilled (the position's cash minus what earlier leg sets banked) and the chain premium set to the credit,
 * and the facts query reads them. Real DuckDB file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openStore, type Store } from '../../engine/store/index.ts';
import { computeFacts } from '../../engine/facts/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'tw-basis-'));
const open: Store[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

describe('migration 3: the P&L basis columns', () => {
  it('backfills a rolled position written before it so its facts keep the chain and the current legs apart', async () => {
    const file = join(dir, 'v2.duckdb');
    const v2 = await openStore(file, { migrations: MIGRATIONS.filter((m) => m.version <= 2) });
    await v2.db.run(`INSERT INTO positions (id, strategy, structure, underlying, state, config_version, root_id, credit_cents, max_profit_cents, max_loss_cents, cash_flow_cents, cumulative_pnl_cents, roll_count)
      VALUES ('p1', 's', 'put-credit-spread', 'SPY', 'managed', 'v0', 'p1', 28000, 28000, 72000, -4000, -32000, 1)`);
    await v2.close();
    const store = await openStore(file);
    open.push(store);
    const [row] = await store.reads.positions();
    expect(row).toMatchObject({ id: 'p1', cashFlowCents: -4000, structureCashFlowCents: 28000, chainCreditCents: 28000 });
    const facts = await computeFacts(store, { now: Date.parse('2026-03-02T15:00:00Z'), tradingState: 'ACTIVE', startingEquityCents: 0, consecutiveLosses: 0 });
    // No legs held in this row: the mark is 0, so pnl is the current legs' cash and chainPnl adds the banked −320.
    expect(facts.positions.get('p1')).toMatchObject({ pnl: 280, chainPnl: -40, credit: 280, chainCredit: 280, rollCount: 1 });
  });
});
