import { describe, expect, it } from 'vitest';
import { dryRun, findScenarios } from '../../bin/dryrun/index.ts';
import { repoRoot } from '../kernel/helpers.ts';

describe('the shipped scenarios', () => {
  it('every scenario under scenarios/ passes against the shipped config', async () => {
    const files = await findScenarios(['scenarios'], repoRoot);
    expect(files.length).toBeGreaterThanOrEqual(29);
    const result = await dryRun({ paths: ['scenarios'], cwd: repoRoot });
    expect(result.output).toContain(`${files.length} scenarios: ${files.length} passed, 0 failed, 0 invalid`);
    expect(result.exitCode).toBe(0);
  }, 240_000);
});
