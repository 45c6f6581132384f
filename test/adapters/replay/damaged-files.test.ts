import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createReplayFeed } from '../../../adapters/replay/index.ts';
import { failure, readRows, replayAll, SPX_10_DAYS, tempDir, toCsv } from './support/files.ts';

// Real rows: one 2019 SPX day, near expiries and strikes (a few hundred rows).
const { header, rows } = readRows(SPX_10_DAYS, (r) => r.quotedate === '2019-04-25' && r.expiration <= '2019-05-17' && +r.strike >= 2800 && +r.strike <= 3000);
const csv = toCsv(header, rows);
const tmp = tempDir();
afterAll(() => tmp.remove());

/** The file's text with the rows at `indexes` (0-based data rows) cut to their first five fields. */
function withShortRows(indexes: number[]): string {
  const lines = csv.trimEnd().split('\n');
  for (const i of indexes) lines[i + 1] = lines[i + 1].split(',').slice(0, 5).join(',');
  return `${lines.join('\n')}\n`;
}

describe('a gzipped file cut short', () => {
  const gz = gzipSync(Buffer.from(csv));
  it('replays the whole file when the gzip stream is intact', async () => {
    const feed = await createReplayFeed({ source: 'cboe', optionsPath: tmp.write('whole.csv.gz', gz) });
    await replayAll(feed);
    expect(feed.report().rowsRead).toBe(rows.length);
  });

  it('is refused with TW_REPLAY_CORRUPT_GZIP and the byte offset, instead of replaying the part before the cut', async () => {
    const cut = Math.floor(gz.length * 0.6);
    const path = tmp.write('cut.csv.gz', gz.subarray(0, cut));
    const f = await failure(createReplayFeed({ source: 'cboe', optionsPath: path }));
    expect(f.code).toBe('TW_REPLAY_CORRUPT_GZIP');
    expect(f.message).toContain(`the gzip stream is truncated or corrupt at byte ${cut} of ${cut}`);
    expect(f.message).toContain(path);
  });

  it('is refused when a byte in the middle is corrupted', async () => {
    const bad = Buffer.from(gz);
    for (let i = 200; i < 240; i++) bad[i] ^= 0xff;
    const f = await failure(createReplayFeed({ source: 'cboe', optionsPath: tmp.write('flipped.csv.gz', bad) }));
    expect(f.code).toBe('TW_REPLAY_CORRUPT_GZIP');
    expect(f.message).toMatch(/at byte \d+ of \d+/);
  });
});

describe('rows with fewer fields than the header', () => {
  it('drops a few and counts them with their line numbers', async () => {
    const feed = await createReplayFeed({ source: 'cboe', optionsPath: tmp.write('two-short.csv', withShortRows([10, 40])) });
    await replayAll(feed);
    const report = feed.report();
    expect(report.malformed).toEqual({
      rows: 2,
      first: [{ line: 12, problem: 'has 5 fields, the header has 17' }, { line: 42, problem: 'has 5 fields, the header has 17' }],
    });
    expect(report.rowsRead).toBe(rows.length - 2);
  });

  it('refuses a file with more than 1% (and more than 5) of them, naming the first row and its field count', async () => {
    const many = Array.from({ length: 20 }, (_, i) => 3 + i * 7);
    const f = await failure(createReplayFeed({ source: 'cboe', optionsPath: tmp.write('many-short.csv', withShortRows(many)) }));
    expect(f.code).toBe('TW_REPLAY_MALFORMED_ROWS');
    expect(f.message).toContain(`20 of ${rows.length} rows are malformed`);
    expect(f.message).toContain('first: row 5 has 5 fields, the header has 17');
  });
});

describe('a header that lacks a column', () => {
  it('names exactly the missing columns and shows the header it found', async () => {
    const without = header.filter((h) => h !== 'impliedvol' && h !== 'delta');
    const f = await failure(createReplayFeed({ source: 'cboe', optionsPath: tmp.write('no-iv.csv', toCsv(without, rows)) }));
    expect(f.code).toBe('TW_REPLAY_MISSING_COLUMNS');
    expect(f.message).toContain('the header lacks the columns impliedvol, delta; it has underlying, underlying_last');
  });

  it('says which known layout a file of neither kind is closest to when no layout is given', async () => {
    const f = await failure(createReplayFeed({ optionsPath: tmp.write('odd.csv', 'when,what\n2019-04-25,x\n') }));
    expect(f.code).toBe('TW_REPLAY_MISSING_COLUMNS');
    expect(f.message).toContain('neither cboe nor optionsdx');
    expect(f.message).toContain('it has when, what');
  });
});

describe('a file that is not a quote file at all', () => {
  it('is refused with the missing columns and a short, printable account of what its first line holds', async () => {
    const junk = Buffer.concat([Buffer.from('\u0007\u0001'), Buffer.alloc(5000, 0x41), Buffer.from('\n\u0000\u0002,,\n')]);
    const f = await failure(createReplayFeed({ optionsPath: tmp.write('junk.bin', junk) }));
    expect(f.code).toBe('TW_REPLAY_MISSING_COLUMNS');
    expect(f.message).toContain('it has \\u0007\\u0001AAAA');
    expect(f.message.length).toBeLessThan(800);
  });
});
