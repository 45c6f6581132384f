import type { ErrorSpec } from './define.ts';
import { cliErrors } from './codes/cli.ts';
import { configErrors } from './codes/config.ts';
import { pricingErrors } from './codes/pricing.ts';
import { simErrors } from './codes/sim.ts';
import { replayErrors } from './codes/replay.ts';
import { lifecycleErrors } from './codes/lifecycle.ts';
import { storeErrors } from './codes/store.ts';
import { evaluateErrors } from './codes/evaluate.ts';
import { entryErrors } from './codes/entry.ts';
import { kernelErrors } from './codes/kernel.ts';
import { dryrunErrors } from './codes/dryrun.ts';
import { reloadErrors } from './codes/reload.ts';
import { httpErrors } from './codes/http.ts';
import { ibErrors } from './codes/ib.ts';
import { backtestErrors } from './codes/backtest.ts';
import { lintErrors } from './codes/lint.ts';
import { factsErrors } from './codes/facts.ts';

const areas = [cliErrors, configErrors, pricingErrors, simErrors, replayErrors, lifecycleErrors, storeErrors, evaluateErrors, entryErrors, kernelErrors, dryrunErrors, reloadErrors, httpErrors, ibErrors, backtestErrors, lintErrors, factsErrors];

function merge(): Record<string, ErrorSpec> {
  const all: Record<string, ErrorSpec> = {};
  for (const area of areas) {
    for (const [code, spec] of Object.entries(area as Record<string, ErrorSpec>)) {
      if (code in all) throw new Error(`error code ${code} is defined twice`);
      all[code] = spec;
    }
  }
  return all;
}

/** Every error code tickwise can report, merged from the per-area files under `codes/`. */
export const registry = merge() as Record<ErrorCode, ErrorSpec>;

export type ErrorCode =
  | keyof typeof cliErrors
  | keyof typeof configErrors
  | keyof typeof pricingErrors
  | keyof typeof simErrors
  | keyof typeof replayErrors
  | keyof typeof lifecycleErrors
  | keyof typeof storeErrors
  | keyof typeof evaluateErrors
  | keyof typeof entryErrors
  | keyof typeof kernelErrors
  | keyof typeof dryrunErrors
  | keyof typeof reloadErrors
  | keyof typeof httpErrors
  | keyof typeof ibErrors
  | keyof typeof backtestErrors
  | keyof typeof lintErrors
  | keyof typeof factsErrors;
