import { describe, expect, it } from 'vitest';
import { dryRun, findScenarios } from '../../bin/dryrun/index.ts';
import { repoRoot } from '../kernel/helpers.ts';

describe('the shipped scenarios', () => {
  it('every scenario under scenarios/ passes against the shipped config', async () => {
    const files = await findScenarios(['scenarios'], repoRoot);
    expect(files.length).toBeGreaterThanOrEqual(29);
    const result = await dryRun({ paths: ['scenarios'], cwd: repoRoot, minCoverage: 1 });
    expect(result.output).toContain(`${files.length} scenarios: ${files.length} passed, 0 failed, 0 invalid`);
    expect(result.exitCode).toBe(0);
    // Every shipped rule fires, and every leaf condition of rules/ is true in one scenario and false in another.
    const c = result.coverage!;
    expect(c.gated).toBe('.');
    expect(c.disagreements).toEqual([]);
    const unmet = c.rules.filter((r) => r.config === '.' && r.met < r.goals).map((r) => r.rule);
    expect(unmet).toEqual([]);
    expect([c.met, c.ratio]).toEqual([c.goals, 1]);
  }, 240_000);
});
