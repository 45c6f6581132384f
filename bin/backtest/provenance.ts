/** Where a backtest's numbers came from: kept out of metrics.json (which must be byte-identical run to run). */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

export interface Provenance {
  tickwiseVersion: string;
  configVersion: string;
  compareConfigVersion: string | null;
  data: { file: string; sha256: string }[];
  vix: { file: string; sha256: string } | null;
  fill: { price: string; timing: 'snapshot'; commissionPerContract: number };
  startingEquity: number;
  commandLine: string;
  partial: boolean;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function tickwiseVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function fileEntry(path: string): Promise<{ file: string; sha256: string }> {
  return { file: basename(path), sha256: await sha256File(path) };
}

/** The command line as typed, with arguments holding spaces or quotes quoted for a POSIX shell. */
export function commandLine(argv: readonly string[]): string {
  return ['tickwise', 'backtest', ...argv].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(' ');
}
