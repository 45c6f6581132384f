import { describe, expect, it } from 'vitest';
import { checkUnderlyings, feedUnderlyingCheck, loadConfigFromFiles, NO_FEED } from '../../engine/config/index.ts';
import { shippedFiles } from './helpers.ts';

const loaded = () => loadConfigFromFiles(shippedFiles());
const codes = (r: { findings: { code: string; line: number; col: number }[] }) => r.findings.map((f) => `${f.line}:${f.col} ${f.code}`);

describe('checking the strategies\' underlyings against a market feed', () => {
  it('refuses the config, at each strategy\'s underlying, when the feed does not list it', async () => {
    const r = await checkUnderlyings(loaded(), { feed: 'test', lookup: async (s) => s.filter((x) => x === 'QQQ') });
    expect(r.config).toBeNull();
    expect(codes(r)).toEqual(['49:17 TW_CONFIG_UNKNOWN_UNDERLYING', '152:17 TW_CONFIG_UNKNOWN_UNDERLYING']);
  });

  it('asks once, with each symbol once', async () => {
    const asked: (readonly string[])[] = [];
    const r = await checkUnderlyings(loaded(), { feed: 'test', lookup: async (s) => (asked.push(s), []) });
    expect(asked).toEqual([['SPY', 'QQQ']]);
    expect(r.config).not.toBeNull();
    expect(r.findings).toEqual([]);
  });

  it('warns, naming the symbols, when there is no feed, the feed cannot tell, or the feed fails to answer', async () => {
    const none = await checkUnderlyings(loaded(), NO_FEED);
    const silent = await checkUnderlyings(loaded(), feedUnderlyingCheck({ name: 'replay' }));
    const failing = await checkUnderlyings(loaded(), { feed: 'ib', lookup: async () => { throw new Error('not connected'); } });
    for (const r of [none, silent, failing]) {
      expect(r.config).not.toBeNull();
      expect(r.findings).toMatchObject([{ severity: 'warning', code: 'TW_CONFIG_UNDERLYINGS_UNCHECKED', line: 26, col: 17 }]);
    }
    expect(none.findings[0].message).toBe('could not check that the underlyings exist (SPY, QQQ): no market feed is connected');
    expect(silent.findings[0].message).toContain('the market feed (replay) cannot tell which underlyings it lists');
    expect(failing.findings[0].message).toContain('the market feed (ib) could not answer: not connected');
  });
});
