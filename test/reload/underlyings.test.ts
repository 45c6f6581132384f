import { afterEach, describe, expect, it } from 'vitest';
import { createSimMarket } from '../../adapters/sim/index.ts';
import { harness, nextResult, read, writeInPlace, type Harness } from './helpers.ts';

let open: Harness | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

describe('the simulated market lists its underlyings', () => {
  it('names the symbols it does not list, in the order given', async () => {
    const feed = createSimMarket({ seed: 1 });
    expect(await feed.unknownUnderlyings!(['SPY', 'SPYY', 'QQQ', 'IWM'])).toEqual(['SPYY', 'IWM']);
    expect(await feed.unknownUnderlyings!(['SPY', 'QQQ'])).toEqual([]);
  });
});

describe('hot reload and unknown underlyings', () => {
  it('refuses a version whose strategy trades an underlying the feed does not list, and keeps the running one', async () => {
    const h = (open = await harness({ watch: false }));
    await h.kernel.run({ maxTicks: 2 });
    const v1 = h.kernel.config.version;
    const text = read(h.dir, 'strategies.yaml');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l === '    underlying: QQQ');
    lines[at] = '    underlying: SPYY';
    writeInPlace(h.dir, 'strategies.yaml', lines.join('\n'));
    const pending = nextResult(h);
    const r = await h.reloader.reloadNow({ reason: 'test' });
    expect(await pending).toBe(r);
    expect(r.ok).toBe(false);
    expect(r.errors!.map((f) => `${f.file}:${f.line}:${f.col} ${f.code}`)).toEqual([`strategies.yaml:${at + 1}:17 TW_CONFIG_UNKNOWN_UNDERLYING`]);
    expect(r.errors![0].message).toBe('strategy "qqq-put-credit-spread" trades underlying "SPYY", which the market feed (sim) does not list');
    await h.kernel.run({ maxTicks: 1 });
    expect(h.kernel.config.version).toBe(v1);
    expect(h.reloader.status().lastFailedReload?.errors[0].code).toBe('TW_CONFIG_UNKNOWN_UNDERLYING');
    const rows = await h.kernel.store.db.all<{ ok: boolean; errors: string }>('SELECT ok, errors FROM reloads');
    expect(rows).toHaveLength(1);
    expect(rows[0].ok).toBe(false);
    expect(JSON.parse(rows[0].errors)[0].code).toBe('TW_CONFIG_UNKNOWN_UNDERLYING');
  }, 60_000);
});
