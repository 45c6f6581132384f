import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createReplayFeed, type ReplayOptions } from '../../../adapters/replay/index.ts';
import type { MarketTick } from '../../../engine/domain/index.ts';
import { readRows, SPX_10_DAYS, tempDir, toCsv, type Row } from './support/files.ts';
import { firstDifference } from './support/same-ticks.ts';

// Two real SPX days (near expiries, strikes near the money), damaged at random: blanks, text, NaN, ±Infinity, zeros,
// negatives, crossed quotes, unknown rights, and now and then a whole day without a usable underlying price (parity,
// or no underlying at all). The cached path must give exactly the ticks of the row-by-row path.
// Left out on purpose: damage that makes two rows of one snapshot tie on (root, expiry, strike, right) while still
// reaching parity (a NaN strike twice): the row-by-row path sorts ties in no defined order (docs/replay.md).
const DAYS = ['2019-04-25', '2019-04-26'];
const { header, rows } = readRows(SPX_10_DAYS, (r) => DAYS.includes(r.quotedate) && r.expiration <= '2019-05-17' && +r.strike >= 2850 && +r.strike <= 2990);

const DAMAGE: Record<string, string[]> = {
  bid: ['', 'NaN', 'inf', '-1', '0', 'abc', 'crossed'],
  ask: ['', 'NaN', '-inf', '0'],
  impliedvol: ['', '0', 'NaN', '-0.2', 'inf'],
  delta: ['', 'NaN', 'inf'],
  gamma: ['', 'NaN'],
  underlying_last: ['', 'NaN', '-5', '0', 'inf'],
  strike: ['', 'abc', '-1', '0', 'inf'],
  type: ['unknown'],
};
const FIELDS = Object.keys(DAMAGE);

const edit = fc.record({ row: fc.nat({ max: rows.length - 1 }), field: fc.constantFrom(...FIELDS), pick: fc.nat({ max: 6 }) });

/** `wipe`: a day whose rows all lose their underlying price; with `alone`, its puts go too (so parity cannot help). */
function damaged(edits: { row: number; field: string; pick: number }[], wipe: { day: string; alone: boolean } | null): Row[] {
  let out = rows.map((r) => ({ ...r }));
  for (const { row, field, pick } of edits) {
    const r = out[row];
    const value = DAMAGE[field][pick % DAMAGE[field].length];
    if (value === 'crossed') [r.bid, r.ask] = [String(+r.ask + 0.1), r.bid];
    else r[field] = field === 'type' ? `${value}${row}` : value;
  }
  if (wipe) for (const r of out) if (r.quotedate === wipe.day) r.underlying_last = 'NaN';
  if (wipe?.alone) out = out.filter((r) => r.quotedate !== wipe.day || r.type !== 'put');
  return out;
}

async function ticksOf(options: ReplayOptions): Promise<MarketTick[]> {
  const feed = await createReplayFeed(options);
  const ticks: MarketTick[] = [];
  for (let t = await feed.next(); t; t = await feed.next()) ticks.push(t);
  const { cache: _c, ...report } = feed.report();
  await feed.close();
  return [...ticks, report as unknown as MarketTick];
}

describe('the columnar cache on damaged files', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());
  let n = 0;

  it('gives exactly the ticks and report of the row-by-row path, whatever the damage (seeded)', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 40 }), fc.option(fc.record({ day: fc.constantFrom(...DAYS), alone: fc.boolean() })), async (edits, wipe) => {
        const path = tmp.write(`damaged-${++n}.csv`, toCsv(header, damaged(edits, wipe)));
        const options: ReplayOptions = { source: 'cboe', optionsPath: path };
        const reference = await ticksOf({ ...options, cacheDir: false });
        const cached = await ticksOf({ ...options, cacheDir: join(tmp.dir, 'cache') });
        expect(firstDifference(cached, reference)).toBeUndefined();
      }),
      { numRuns: 12, seed: 1414, interruptAfterTimeLimit: 20_000 },
    );
  });
});
