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
import { notifyErrors } from './codes/notify.ts';

/** One entry per area file under `codes/`: a new area is its file, one import above and one entry here. */
const AREAS = {
  cliErrors, configErrors, pricingErrors, simErrors, replayErrors, lifecycleErrors, storeErrors, evaluateErrors,
  entryErrors, kernelErrors, dryrunErrors, reloadErrors, httpErrors, ibErrors, backtestErrors, lintErrors, factsErrors,
  notifyErrors,
};

type Areas = typeof AREAS;

/** Every code of every area, as a type: derived from `AREAS`, so a new code or area needs no edit here. */
export type ErrorCode = { [A in keyof Areas]: keyof Areas[A] & string }[keyof Areas];

function merge(): Record<string, ErrorSpec> {
  const all: Record<string, ErrorSpec> = {};
  for (const area of Object.values(AREAS)) {
    for (const [code, spec] of Object.entries(area as Record<string, ErrorSpec>)) {
      if (code in all) throw new Error(`error code ${code} is defined twice`);
      all[code] = spec;
    }
  }
  return all;
}

/** Every error code tickwise can report, merged from the per-area files under `codes/`. */
export const registry = merge() as Record<ErrorCode, ErrorSpec>;
