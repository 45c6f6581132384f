import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, { optionalDependencies?: Record<string, string> }> };

describe('package-lock.json', () => {
  // Regression: the registry this project installs from carries only the linux-x64 DuckDB binding, so npm wrote no
  // entries for the other platforms' optional bindings and `npm ci` (CI's install) refused the lock as out of sync.
  // Each missing entry is recorded by hand as an optional package for its os/cpu, which npm never fetches elsewhere.
  it('has an entry for every optional dependency it lists, so `npm ci` accepts it', () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
        const nested = `${path}/node_modules/${dep}`;
        if (!lock.packages[nested] && !lock.packages[`node_modules/${dep}`]) missing.push(`${path || '(root)'} → ${dep}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
