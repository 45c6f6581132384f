/**
 * The rule lint: interval analysis of the rules' conditions, per strategy after its parameter overrides, reported as
 * warnings by the one validation path (`validateConfigDir`). See docs/lint.md.
 */
import type { Finding, ResolvedConfig } from '../types.ts';
import type { LoadResult } from '../load.ts';
import { sortFindings } from '../finding.ts';
import { lintResults } from './analyze.ts';
import { lintFindings } from './report.ts';

export { canHandDown, lintResults, type LintResults } from './analyze.ts';
export { BOTTOM } from './sets.ts';
export { toBoxes, MAX_BOXES } from './dnf.ts';
export { covered, type Box } from './box.ts';

/** Every lint warning of a resolved config (never an error: the lint never blocks start or a reload). */
export function lintConfig(config: ResolvedConfig): Finding[] {
  return lintFindings(config, lintResults(config));
}

/** A load result with the lint's warnings added (a config with errors is not linted: it has no resolved rules). */
export function withLint(result: LoadResult): LoadResult {
  if (!result.config) return result;
  const warnings = lintConfig(result.config);
  return warnings.length === 0 ? result : { ...result, findings: sortFindings([...result.findings, ...warnings]) };
}
