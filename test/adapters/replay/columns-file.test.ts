import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { CBOE_COLUMNS, columnsSchema, createReplayFeed, parseColumnsText, readColumnsFile, resolveColumns, type ColumnsConfig } from '../../../adapters/replay/index.ts';
import { formatFinding } from '../../../engine/config/index.ts';
import { failure, readRows, replayAll, SPX_10_DAYS, SPY_2021, tempDir, toCsv, type Row } from './support/files.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('a column mapping file with mistakes', () => {
  it('reports each one at file:line:col with a code, like the configuration', () => {
    const text = ['layout: long', 'dates: MM-DD-YYYY', 'units:', '  theta: per-week', 'columns:', '  quoteDate: d', '  underlyingPrice: s', '  expiry: e', '  strike: k', '  bid: b', '  ask: a', '  rihgt: r', ''].join('\n');
    const { columns, findings } = parseColumnsText('vendor.yaml', text);
    expect(columns).toBeNull();
    expect(findings.map(formatFinding)).toEqual([
      expect.stringMatching(/^vendor\.yaml:2:8: error TW_CONFIG_BAD_VALUE .*"MM-DD-YYYY".*ISO, MM\/DD\/YYYY/),
      expect.stringMatching(/^vendor\.yaml:4:10: error TW_CONFIG_BAD_VALUE .*"per-week".*per-day, per-year/),
      expect.stringMatching(/^vendor\.yaml:6:3: error TW_CONFIG_MISSING_KEY columns \(a long layout needs the column saying call or put\) is missing required key "right"/),
      expect.stringMatching(/^vendor\.yaml:12:3: error TW_CONFIG_UNKNOWN_KEY .*rihgt.*did you mean "right"/),
    ]);
  });

  it('asks a wide layout for its leg prefixes and refuses a quote time that is not HH:MM', () => {
    const { findings } = parseColumnsText('wide.yaml', 'layout: wide\nquoteTime: "3:45pm"\ncolumns: { quoteDate: d, underlyingPrice: s, expiry: e, strike: k, bid: "{leg}b", ask: "{leg}a" }\n');
    expect(findings.map((f) => `${f.line}:${f.col} ${f.code}`)).toEqual(['1:1 TW_CONFIG_MISSING_KEY', '2:12 TW_CONFIG_BAD_VALUE']);
  });

  it('is refused by the replay with TW_REPLAY_BAD_COLUMNS listing the positions', async () => {
    const path = tmp.write('bad.yaml', 'columns:\n  quoteDate: d\n');
    const f = await failure(createReplayFeed({ columns: path, optionsPath: SPX_10_DAYS }));
    expect(f.code).toBe('TW_REPLAY_BAD_COLUMNS');
    expect(f.message).toContain(`${path}:2:3: error TW_CONFIG_MISSING_KEY`);
    expect(() => readColumnsFile(`${tmp.dir}/none.yaml`)).toThrow(/does not exist/);
  });
});

describe('the built-in Cboe mapping written as a YAML file', () => {
  it('reads back as the same mapping and replays the same ticks', async () => {
    const path = tmp.write('cboe.columns.yaml', stringify(CBOE_COLUMNS));
    expect(readColumnsFile(path)).toEqual(resolveColumns(CBOE_COLUMNS));
    // The SPY file has every column the mapping names (theta and vega too); a user's mapping names only what its file has.
    const spy = readRows(SPY_2021, (r) => r.quotedate <= '2021-01-06');
    const csv = tmp.write('spy-3-days.csv', toCsv(spy.header, spy.rows));
    const builtIn = await replayAll(await createReplayFeed({ source: 'cboe', optionsPath: csv }));
    const mapped = await replayAll(await createReplayFeed({ columns: path, optionsPath: csv }));
    expect(builtIn).toHaveLength(3);
    expect(mapped).toEqual(builtIn);
  });
});

const cut = ({ header, rows }: { header: string[]; rows: Row[] }): [string[], Row[]] => [header, rows.filter((r) => +r.strike % 25 === 0)];

describe('any renaming of the columns, described by a mapping', () => {
  // A small real slice: one day, one expiry, strikes every 25 points (about 60 rows).
  const [header, rows] = cut(readRows(SPX_10_DAYS, (r) => r.quotedate === '2019-04-25' && r.expiration === '2019-05-03'));
  const used = Object.values(CBOE_COLUMNS.columns) as string[];
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_ ]{0,11}[A-Za-z0-9_]$/);

  it('replays the same ticks as the original names (property, 6 seeded runs)', { timeout: 20_000 }, async () => {
    const original = await replayAll(await createReplayFeed({ source: 'cboe', optionsPath: tmp.write('orig.csv', toCsv(header, rows)) }));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(name, { minLength: header.length, maxLength: header.length, selector: (s) => s.toUpperCase() }), fc.boolean(), async (names, pad) => {
        const rename = new Map(header.map((h, i) => [h, names[i]]));
        const shown = (h: string) => (pad ? ` ${rename.get(h)!} ` : rename.get(h)!);
        const renamedRows = rows.map((r) => Object.fromEntries(header.map((h) => [shown(h), r[h]])));
        const text = toCsv(header.map(shown), renamedRows);
        const config: ColumnsConfig = { layout: 'long', columns: Object.fromEntries(Object.entries(CBOE_COLUMNS.columns).filter(([, c]) => header.includes(c!)).map(([f, c]) => [f, rename.get(c!)!.toLowerCase()])) };
        const csv = tmp.write('renamed.csv', text);
        const map = tmp.write('renamed.yaml', stringify(config));
        const ticks = await replayAll(await createReplayFeed({ columns: map, optionsPath: csv }));
        expect(ticks).toEqual(original);
      }),
      { numRuns: 6, seed: 20190425, interruptAfterTimeLimit: 12_000 },
    );
    expect(used.length).toBeGreaterThan(10);
  });
});

describe('the column mapping schema', () => {
  it('closes every object and describes every property, like the configuration schemas', () => {
    const problems: string[] = [];
    const walk = (s: Record<string, unknown>, path: string) => {
      const props = s.properties as Record<string, Record<string, unknown>> | undefined;
      if (!props) return;
      if (s.additionalProperties !== false) problems.push(`${path}: additionalProperties is not false`);
      for (const [k, p] of Object.entries(props)) {
        if (typeof p.description !== 'string' || p.description.length < 5) problems.push(`${path}/${k}: no description`);
        walk(p, `${path}/${k}`);
      }
    };
    walk(columnsSchema(), '#');
    expect(problems).toEqual([]);
    expect(columnsSchema().$id).toBe('https://tickwise.dev/schemas/replay-columns.schema.json');
  });
});
