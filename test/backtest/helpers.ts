/** Shared pieces of the backtest tests: the real data files, the shipped SPX config, and the CLI with captured output. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../bin/cli.ts';

export const root = new URL('../..', import.meta.url).pathname;
export const DATA = join(root, '..', 'shared', 'data');
export const SPX_10 = join(DATA, 'spx_options_cboe_20190425_20190508.csv');
export const SPX_56 = join(DATA, 'spx_options_cboe_20190425_20190722.csv.gz');
export const SPY_2021 = join(DATA, 'spy_options_2021_sparse.csv');
export const VIX = join(DATA, 'vix_daily_cboe.csv');
export const SPX_CONFIG = join(root, 'examples', 'backtest-spx');

export const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `tw-bt-${name}-`));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tickwise ...args` in-process through the CLI's single error handler, with stdout and stderr captured. */
export async function cli(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const sink = (push: (s: string) => void) => new Writable({ write(chunk, _enc, cb) { push(String(chunk)); cb(); } });
  const code = await main(args, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), cwd: root, env: {} });
  return { code, stdout, stderr };
}
