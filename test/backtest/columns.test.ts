/**
 * `--columns`: a user's own vendor layout. The real 10-day SPX file is re-shaped into another vendor's layout
 * (renamed and reordered headers, MM/DD/YYYY dates, C/P rights, IV in percent) and backtested through a column
 * mapping: the metrics are the ones of the original file read through the built-in Cboe layout.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, SPX_10, SPX_CONFIG, tempDir, VIX } from './helpers.ts';

const mdy = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

function reshape(dir: string): { data: string; columns: string } {
  const [header, ...rows] = readFileSync(SPX_10, 'utf8').trimEnd().split('\n');
  const at = Object.fromEntries(header.split(',').map((h, i) => [h, i]));
  const out = ['Trade Date,Class,CP,Exp,Strike,Bid,Ask,Spot Px,Sym,IV%,Delta,Gamma'];
  for (const line of rows) {
    const f = line.split(',');
    const iv = Number(f[at.impliedvol]);
    out.push([mdy(f[at.quotedate]), f[at.optionroot], f[at.type] === 'call' ? 'C' : 'P', mdy(f[at.expiration]), f[at.strike], f[at.bid], f[at.ask], f[at.underlying_last], f[at.underlying], iv === 0 ? '0' : String(Math.round(iv * 1e6) / 1e4), f[at.delta], f[at.gamma]].join(','));
  }
  const data = join(dir, 'vendor-x.csv');
  writeFileSync(data, out.join('\r\n') + '\r\n');
  const columns = join(dir, 'vendor-x.columns.yaml');
  writeFileSync(columns, [
    'dates: MM/DD/YYYY',
    'rights: { call: [C], put: [P] }',
    'units: { iv: percent }',
    'columns:',
    '  quoteDate: Trade Date', '  underlying: Sym', '  underlyingPrice: Spot Px', '  root: Class', '  right: CP', '  expiry: Exp',
    '  strike: Strike', '  bid: Bid', '  ask: Ask', '  iv: IV%', '  delta: Delta', '  gamma: Gamma', '',
  ].join('\n'));
  return { data, columns };
}

describe('tickwise backtest --columns', () => {
  it('backtests a vendor file through a column mapping to the same trades as the original layout', async () => {
    const dir = tempDir('columns');
    const { data, columns } = reshape(dir);
    const viaMap = await cli('backtest', '--data', data, '--columns', columns, '--vix', VIX, '--config', SPX_CONFIG, '--out', join(dir, 'a'), '--format', 'json');
    expect(viaMap.stderr).not.toContain('error');
    expect(viaMap.code).toBe(0);
    const builtIn = await cli('backtest', '--data', SPX_10, '--vix', VIX, '--config', SPX_CONFIG, '--out', join(dir, 'b'), '--format', 'json');
    const a = JSON.parse(viaMap.stdout);
    const b = JSON.parse(builtIn.stdout);
    expect(a.overall).toMatchObject({ trades: 1, totalPnl: -307.6 });
    expect(a.overall).toEqual(b.overall);
    expect(a.byExitRule).toEqual(b.byExitRule);
    const trades = (d: string) => readFileSync(join(dir, d, 'trades.csv'), 'utf8');
    expect(trades('a')).toBe(trades('b'));
  }, 60_000);
});
