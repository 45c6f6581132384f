/**
 * Bad input to `tickwise backtest`: each is a coded error on stderr with its hint, exit 2, and never a stack trace.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, SPX_10, SPX_56, SPX_CONFIG, SPY_2021, tempDir } from './helpers.ts';

async function refused(code: string, ...args: string[]) {
  const r = await cli('backtest', '--out', tempDir('bad'), ...args);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(code);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(r.stderr).not.toContain('internal error');
  return r.stderr;
}

describe('tickwise backtest refuses bad input with a coded error and no stack trace', () => {
  it('refuses a missing data file', async () => {
    const err = await refused('TW_REPLAY_FILE_NOT_FOUND', '--data', 'no/such/chains.csv', '--config', SPX_CONFIG);
    expect(err).toContain('no/such/chains.csv');
  });

  it('refuses a run without --data', async () => {
    await refused('TW_CLI_MISSING_OPTION', '--config', SPX_CONFIG);
  });

  it('refuses an unreadable gzip (the real file cut in half)', async () => {
    const dir = tempDir('gz');
    const cut = join(dir, 'cut.csv.gz');
    const bytes = readFileSync(SPX_56);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await refused('TW_REPLAY_CORRUPT_GZIP', '--data', cut, '--config', SPX_CONFIG);
  });

  it('refuses an unknown vendor layout, naming what the header lacks', async () => {
    const dir = tempDir('layout');
    const file = join(dir, 'vendor.csv');
    writeFileSync(file, 'Trade Date,Sym,Px,Strike,CP,Bid,Ask\n2019-04-25,SPX,2900,2800,P,1.0,1.2\n');
    const err = await refused('TW_REPLAY_MISSING_COLUMNS', '--data', file, '--config', SPX_CONFIG);
    expect(err).toMatch(/--columns|column mapping/);
  });

  it('refuses dates outside the file', async () => {
    const err = await refused('TW_BACKTEST_DATES_OUTSIDE', '--data', SPX_10, '--from', '2020-01-02', '--to', '2020-02-28', '--config', SPX_CONFIG);
    expect(err).toContain('2020-01-02 to 2020-02-28');
  });

  it('refuses a file whose underlying no strategy trades', async () => {
    const err = await refused('TW_BACKTEST_NO_STRATEGY', '--data', SPY_2021, '--config', SPX_CONFIG);
    expect(err).toMatch(/no strategy of config cfg-\w+ trades SPY/);
  });

  it('refuses an empty result, naming the expiries the chain lacked', async () => {
    const config = tempDir('config');
    cpSync(SPX_CONFIG, config, { recursive: true });
    const path = join(config, 'strategies.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('dte: { min: 25, max: 45, target: 35 }', 'dte: { min: 100, max: 120, target: 110 }'));
    const err = await refused('TW_BACKTEST_NO_ENTRIES', '--data', SPX_10, '--config', config);
    expect(err).toContain('no entries were possible: the chain has no SPX expiries between 100 and 120 DTE on any day');
  }, 30_000);

  it('refuses --data files that overlap in time, before replaying any', async () => {
    const err = await refused('TW_BACKTEST_FILES_OVERLAP', '--data', SPX_10, '--data', SPX_10, '--config', SPX_CONFIG);
    expect(err).not.toContain('day 1/');
  });

  it('refuses an invalid config with its findings at file:line:col', async () => {
    const config = tempDir('badconfig');
    cpSync(SPX_CONFIG, config, { recursive: true });
    const path = join(config, 'strategies.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('maxOpen: 1', 'maxOpen: many'));
    const err = await refused('TW_BACKTEST_BAD_CONFIG', '--data', SPX_10, '--config', config);
    expect(err).toMatch(/strategies\.yaml:\d+:\d+/);
  });

  it('refuses a --fail-if that names no metric', async () => {
    const err = await refused('TW_BACKTEST_BAD_FAIL_IF', '--data', SPX_10, '--config', SPX_CONFIG, '--fail-if', 'sharp<0.5');
    expect(err).toContain('names no metric "sharp"');
  });
});
