/**
 * Test files built from real rows: reads the shared Cboe-layout files (plain CSV, no quoting) and writes re-shaped
 * copies (another vendor's headers, date format, units, BOM, quoting, line endings) into a temporary folder.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTickwiseError } from '../../../../engine/errors/index.ts';
import type { ReplayFeed } from '../../../../adapters/replay/index.ts';
import type { MarketTick } from '../../../../engine/domain/index.ts';

export const DATA = new URL('../../../../../shared/data/', import.meta.url).pathname;
export const SPX_10_DAYS = `${DATA}spx_options_cboe_20190425_20190508.csv`;
export const SPY_2021 = `${DATA}spy_options_2021_sparse.csv`;

export type Row = Record<string, string>;

/** The header and rows of a plain comma-separated file, optionally only the rows `keep` accepts. */
export function readRows(path: string, keep: (r: Row) => boolean = () => true): { header: string[]; rows: Row[] } {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
  const header = lines[0].split(',');
  const rows: Row[] = [];
  for (const line of lines.slice(1)) {
    const values = line.split(',');
    const r = Object.fromEntries(header.map((h, i) => [h, values[i]]));
    if (keep(r)) rows.push(r);
  }
  return { header, rows };
}

export function toCsv(header: string[], rows: Row[], eol = '\n'): string {
  return [header.join(','), ...rows.map((r) => header.map((h) => r[h]).join(','))].join(eol) + eol;
}

/** ISO → MM/DD/YYYY. */
export const usDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

export function tempDir(): { dir: string; write(name: string, text: string | Buffer): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tickwise-replay-'));
  return {
    dir,
    write(name, text) {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function replayAll(feed: ReplayFeed): Promise<MarketTick[]> {
  const ticks: MarketTick[] = [];
  for (let t = await feed.next(); t; t = await feed.next()) ticks.push(t);
  await feed.close();
  return ticks;
}

/** The thrown error's code and message, or a marker when nothing (or not a TickwiseError) was thrown. */
export async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; hint: string }> {
  try {
    await p;
  } catch (e) {
    return isTickwiseError(e) ? { code: e.code, message: e.message, hint: e.hint } : { code: 'not a TickwiseError', message: String(e), hint: '' };
  }
  return { code: 'nothing thrown', message: '', hint: '' };
}

/** Every number anywhere in a value (for "no NaN in any tick"). */
export function numbersIn(value: unknown, out: { path: string; value: number }[] = [], path = ''): { path: string; value: number }[] {
  if (typeof value === 'number') out.push({ path, value });
  else if (Array.isArray(value)) value.forEach((v, i) => numbersIn(v, out, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) numbersIn(v, out, `${path}.${k}`);
  return out;
}
