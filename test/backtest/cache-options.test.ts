/**
 * `--cache-dir` puts the data files' columnar cache (docs/replay.md) where the user says, and `--no-cache` reads the
 * files directly and writes no cache; both give the same metrics.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, SPX_10, SPX_CONFIG, tempDir, VIX } from './helpers.ts';

describe('the backtest\'s data cache options', () => {
  it('writes the cache into --cache-dir, writes none with --no-cache, and the metrics are the same', async () => {
    const explicit = tempDir('cache');
    const byDefault = tempDir('default-cache');
    const a = tempDir('cached');
    const b = tempDir('uncached');
    const saved = process.env.TICKWISE_CACHE_DIR;
    process.env.TICKWISE_CACHE_DIR = byDefault;
    try {
      const uncached = await cli('backtest', '--data', SPX_10, '--vix', VIX, '--config', SPX_CONFIG, '--out', b, '--no-cache');
      expect(uncached.code).toBe(0);
      expect(readdirSync(byDefault)).toEqual([]);
      const cached = await cli('backtest', '--data', SPX_10, '--vix', VIX, '--config', SPX_CONFIG, '--out', a, '--cache-dir', explicit);
      expect(cached.code).toBe(0);
      expect(readdirSync(explicit).some((f) => f.endsWith('.parquet'))).toBe(true);
      expect(readdirSync(byDefault)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TICKWISE_CACHE_DIR;
      else process.env.TICKWISE_CACHE_DIR = saved;
    }
    expect(existsSync(join(b, 'metrics.json'))).toBe(true);
    expect(readFileSync(join(b, 'metrics.json'), 'utf8')).toBe(readFileSync(join(a, 'metrics.json'), 'utf8'));
  }, 90_000);
});
