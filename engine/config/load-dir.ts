import { twError } from '../errors/index.ts';
import type { LoadResult } from './load.ts';
import { folderProblem, NODE_FS, readConfigDir, type ConfigFs } from './read-dir.ts';
import { checkUnderlyings, type UnderlyingCheck } from './underlyings.ts';
import { withLint } from './lint/index.ts';

export interface LoadDirOptions {
  /**
   * Check the strategies' underlyings against a market feed (`start`, hot reload) or warn that nobody could
   * (`validate`: `{ feed: 'none', lookup: null }`). Omitted: not checked (programmatic use, tests, dry-run).
   */
  underlyings?: UnderlyingCheck;
  /** The file system (tests inject failures). */
  fs?: ConfigFs;
}

/**
 * The one validation path: read the folder (`readConfigDir`: parse → schema → semantic checks → resolve), the rule
 * lint (warnings only, on a valid config: docs/lint.md), then the underlying check. `validate`, `start`, `dry-run` and hot reload (the file watcher, SIGHUP and the API) all call
 * this, so they can never disagree on whether a configuration is valid. Never throws for a user mistake.
 */
export async function validateConfigDir(dir: string, opts: LoadDirOptions = {}): Promise<LoadResult> {
  const result = withLint(readConfigDir(dir, opts.fs ?? NODE_FS));
  return opts.underlyings ? checkUnderlyings(result, opts.underlyings) : result;
}

/**
 * `validateConfigDir` for commands: a folder that is missing or unusable is a TickwiseError (exit 2) with its real
 * cause (TW_CONFIG_DIR_NOT_FOUND, TW_CONFIG_DIR_UNREADABLE); everything else is a finding.
 */
export async function loadConfigDir(dir: string, opts: LoadDirOptions = {}): Promise<LoadResult> {
  const problem = folderProblem(dir, opts.fs ?? NODE_FS);
  if (problem) throw twError(problem.code, problem.params);
  return validateConfigDir(dir, opts);
}
