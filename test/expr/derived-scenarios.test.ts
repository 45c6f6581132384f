import { describe, expect, it } from 'vitest';
import { dryRun } from '../../bin/dryrun/index.ts';
import { repoRoot } from '../kernel/helpers.ts';

describe('the derived-facts scenarios (scenarios/derived-facts)', () => {
  it('close the spread on a rule over derived facts, fill the order, and cover every leaf both ways', async () => {
    const result = await dryRun({ paths: ['scenarios/derived-facts'], cwd: repoRoot, coverage: true });
    expect(result.output).toContain('2 scenarios: 2 passed, 0 failed, 0 invalid');
    expect(result.exitCode).toBe(0);
    const c = result.coverage!;
    expect(c.disagreements).toEqual([]);
    const rule = c.rules.find((r) => r.rule === 'premium-left-exit')!;
    expect(rule.config).toBe('scenarios/derived-facts/config');
    expect([rule.met, rule.goals]).toEqual([5, 5]);
  }, 120_000);
});
