import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    // The replay's columnar cache (docs/replay.md) goes to a temp folder, never the user's ~/.cache.
    env: { TICKWISE_CACHE_DIR: join(tmpdir(), 'tickwise-test-cache') },
  },
});
