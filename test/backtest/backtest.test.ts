/**
 * `tickwise backtest` end to end on the real 10-day 2019 SPX file with the shipped SPX config (examples/backtest-spx):
 * the strategy enters on its own, the paper broker fills on the recorded snapshots, and every output is written. The
 * money is checked independently from the fills in the run's own backtest.duckdb.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { cli, SPX_10, SPX_CONFIG, tempDir, VIX, type CliRun } from './helpers.ts';

describe('tickwise backtest over the real 10-day SPX file', () => {
  let out: string;
  let run: CliRun;

  beforeAll(async () => {
    out = tempDir('run');
    run = await cli('backtest', '--data', SPX_10, '--vix', VIX, '--config', SPX_CONFIG, '--out', out);
  }, 60_000);

  it('exits 0 and writes every output into --out', () => {
    expect(run.stderr).not.toMatch(/error|at .*\.ts:\d+/);
    expect(run.code).toBe(0);
    for (const f of ['report.html', 'metrics.json', 'trades.csv', 'decisions.csv', 'equity.csv', 'backtest.duckdb']) expect(existsSync(join(out, f)), f).toBe(true);
  });

  it('ends its text output with the metrics table', () => {
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.at(-24)).toMatch(/^metric\s+value$/);
    expect(lines.at(-1)).toMatch(/^unfilledOrders\s+0$/);
    expect(run.stdout).toMatch(/^totalPnl\s+-307\.60$/m);
  });

  it('fills the orders, closes the position by vix-exit and the money adds up from the fills', async () => {
    const db = await DuckDBInstance.create(join(out, 'backtest.duckdb'));
    const conn = await db.connect();
    const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    const orders = await rows(`SELECT position_id, purpose, status FROM orders ORDER BY created_at`);
    expect(orders).toEqual([
      { position_id: 'spx-put-credit-spread-1', purpose: 'open', status: 'filled' },
      { position_id: 'spx-put-credit-spread-1', purpose: 'close', status: 'filled' },
      // Placed on the last snapshot: the data ends before the kernel can book its fill (docs/replay.md § Fill model).
      { position_id: 'spx-put-credit-spread-2', purpose: 'open', status: 'pending' },
    ]);
    const [pos] = await rows(`SELECT state, close_rule, CAST(realized_pnl_cents AS INTEGER) AS pnl FROM positions WHERE id = 'spx-put-credit-spread-1'`);
    expect(pos).toEqual({ state: 'closed', close_rule: 'vix-exit', pnl: -30760 });
    // Independently: Σ over the fills' legs of ±price × quantity × 100 (sell receives, buy pays) less commissions.
    const fills = await rows(`SELECT CAST(legs AS VARCHAR) AS legs, CAST(commission_cents AS INTEGER) AS c FROM fills WHERE position_id = 'spx-put-credit-spread-1'`);
    let cents = 0;
    for (const f of fills) {
      for (const l of JSON.parse(f.legs as string) as { side: string; quantity: number; price: number }[]) cents += (l.side === 'sell' ? 1 : -1) * Math.round(l.price * l.quantity * 100 * 100);
      cents -= f.c as number;
    }
    expect(Math.round(cents)).toBe(-30760);
    conn.closeSync();
    db.closeSync();
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.overall).toMatchObject({ trades: 1, losses: 1, totalPnl: -307.6, commissions: 2.6, openAtEnd: 1 });
    expect(metrics.byExitRule['vix-exit']).toMatchObject({ closes: 1, pnl: -307.6, lost: 1 });
  });

  it('writes one trades.csv row per closed position with its times, legs, fills, P&L, rule, days held and rolls', () => {
    const [header, row, ...rest] = readFileSync(join(out, 'trades.csv'), 'utf8').trimEnd().split('\n');
    expect(header).toBe('id,strategy,entry_time,exit_time,days_held,legs,entry_price,exit_price,fills,pnl,commissions,closing_rule,roll_count');
    expect(rest).toEqual([]);
    expect(row).toMatch(/^spx-put-credit-spread-1,spx-put-credit-spread,2019-04-25 15:45,2019-05-07 15:45,12,buy 1 SPXW:2019-05-31:P:2785 @ 13\.3; sell 1 SPXW:2019-05-31:P:2810 @ 15\.95,-2\.65,5\.7,.*,-307\.60,2\.60,vix-exit,0$/);
  });

  it('writes the decisions (entries included) and one equity row per trading day', () => {
    const decisions = readFileSync(join(out, 'decisions.csv'), 'utf8').trimEnd().split('\n');
    expect(decisions[0]).toBe('time,position,rule,action,outcome,reason,preempted,facts,trace');
    expect(decisions.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      '2019-04-25 15:45,spx-put-credit-spread-1,entry:spx-put-credit-spread,open',
      '2019-05-07 15:45,spx-put-credit-spread-1,vix-exit,close',
      '2019-05-08 15:45,spx-put-credit-spread-2,entry:spx-put-credit-spread,open',
    ]);
    const equity = readFileSync(join(out, 'equity.csv'), 'utf8').trimEnd().split('\n');
    expect(equity).toHaveLength(11);
    expect(equity[1]).toBe('2019-04-25,2019-04-25 15:45,100000.00,0');
  });

  it('gives a byte-identical metrics.json for the same data, config and options', async () => {
    const again = tempDir('again');
    const second = await cli('backtest', '--data', SPX_10, '--vix', VIX, '--config', SPX_CONFIG, '--out', again, '--format', 'json');
    expect(second.code).toBe(0);
    const first = readFileSync(join(out, 'metrics.json'), 'utf8');
    expect(readFileSync(join(again, 'metrics.json'), 'utf8')).toBe(first);
    // --format json prints metrics.json itself.
    expect(second.stdout).toBe(first);
  }, 60_000);

  it('exits 1 when a --fail-if threshold is breached, 0 when none is', async () => {
    const breached = await cli('backtest', '--data', SPX_10, '--vix', VIX, '--config', SPX_CONFIG, '--out', tempDir('gate'), '--fail-if', 'totalPnl<0', '--fail-if', 'maxDrawdown>0.5');
    expect(breached.code).toBe(1);
    expect(breached.stdout).toMatch(/--fail-if totalPnl<0: totalPnl = -307\.60 → BREACHED/);
    expect(breached.stdout).toMatch(/--fail-if maxDrawdown>0\.5: .* → ok/);
    const passed = await cli('backtest', '--data', SPX_10, '--vix', VIX, '--config', SPX_CONFIG, '--out', tempDir('gate-ok'), '--fail-if', 'maxDrawdown>0.5');
    expect(passed.code).toBe(0);
  }, 60_000);
});
