import { afterAll, describe, expect, it } from 'vitest';
import { dryRun } from '../../../bin/dryrun/index.ts';
import { readRows, SPX_10_DAYS, tempDir, toCsv } from './support/files.ts';
import { VENDOR_A_MAPPING, vendorA } from './support/vendors.ts';

const CONFIG = new URL('../../../scenarios/replay/spx-config', import.meta.url).pathname;
const tmp = tempDir();
afterAll(() => tmp.remove());

// The shipped SPX put-spread scenario's market (real quotes, 25 April – 8 May 2019), cut to the strikes around its legs.
const { header, rows } = readRows(SPX_10_DAYS, (r) => r.expiration <= '2019-05-31' && +r.strike >= 2700 && +r.strike <= 2950);

const scenario = (replay: string) => `description: the SPX put spread replayed from one file layout
config: ${CONFIG}
replay:
${replay}
  underlying: SPX
positions:
  - id: spx1
    strategy: spx-put-credit-spread
    openedAt: 2019-04-25 15:45
    legs:
      - { root: SPXW, expiry: 2019-05-31, right: put, strike: 2800, quantity: -1, entryPrice: 9.50 }
      - { root: SPXW, expiry: 2019-05-31, right: put, strike: 2775, quantity: 1, entryPrice: 7.00 }
`;

describe('a dry-run scenario whose replay names a column mapping', () => {
  it('makes the same decisions from a vendor file as from the Cboe file it was re-shaped from', { timeout: 60_000 }, async () => {
    tmp.write('spx.csv', toCsv(header, rows));
    tmp.write('vendor-a.csv', vendorA(rows));
    tmp.write('vendor-a.columns.yaml', VENDOR_A_MAPPING);
    const cboe = tmp.write('cboe.yaml', scenario('  path: spx.csv\n  source: cboe'));
    const vendor = tmp.write('vendor.yaml', scenario('  path: vendor-a.csv\n  columns: vendor-a.columns.yaml'));
    const [a, b] = [await dryRun({ paths: [cboe], cwd: tmp.dir }), await dryRun({ paths: [vendor], cwd: tmp.dir })];
    expect(a.reports[0].error).toBeNull();
    expect(b.reports[0].error).toBeNull();
    expect(b.reports[0].findings).toEqual([]);
    expect(a.reports[0].ticks).toBe(10);
    expect(b.reports[0].ticks).toBe(10);
    expect(a.reports[0].decisions.length).toBeGreaterThan(0);
    expect(b.reports[0].decisions).toEqual(a.reports[0].decisions);
  });

  it('reports a mistake in the mapping file at its file:line:col', async () => {
    tmp.write('broken.columns.yaml', VENDOR_A_MAPPING.replace('  right: CP\n', '  rigth: CP\n'));
    const path = tmp.write('broken.yaml', scenario('  path: vendor-a.csv\n  columns: broken.columns.yaml'));
    const r = await dryRun({ paths: [path], cwd: tmp.dir });
    expect(r.reports[0].error).toMatch(/broken\.columns\.yaml:\d+:3: error TW_CONFIG_UNKNOWN_KEY unknown key "rigth"/);
  });
});
