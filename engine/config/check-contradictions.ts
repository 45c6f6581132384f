import type { Finding, ParamValue } from './types.ts';
import { finding } from './finding.ts';
import { whereAt } from './locate.ts';
import type { StrategyEntry } from './entries.ts';
import { STRUCTURES } from '../catalogue/index.ts';

/**
 * Thresholds that contradict each other or the structure, checked on the strategy's effective parameters (rule
 * defaults plus its overrides). Each finding points at the override when there is one, else at the strategy's name.
 */
export function checkContradictions(e: StrategyEntry, params: Readonly<Record<string, ParamValue>>, findings: Finding[]): void {
  const { strategy: s, file, pointer } = e;
  const num = (k: string): number | null => (typeof params[k] === 'number' ? (params[k] as number) : null);
  const report = (keys: string[], problem: string, expected: string) => {
    const key = keys.find((k) => s.manage.params && k in s.manage.params);
    const at = whereAt(file, key ? `${pointer}/manage/params/${key}` : `${pointer}/name`);
    findings.push(finding('TW_CONFIG_CONTRADICTION', { strategy: s.name, problem, expected }, at));
  };
  const credit = STRUCTURES[s.structure]?.kind !== 'debit';

  const tp = num('takeProfitPct');
  if (tp !== null && credit && tp >= 1) report(['takeProfitPct'], `takeProfitPct ${tp} is at or beyond the maximum profit (1 = the whole credit), so it can never fire`, 'use a fraction below 1, e.g. 0.5');
  if (tp !== null && tp <= 0) report(['takeProfitPct'], `takeProfitPct ${tp} takes "profit" at a loss`, 'use a positive fraction, e.g. 0.5');

  for (const k of ['stopLossMultiple', 'catastropheLossMultiple']) {
    const v = num(k);
    if (v !== null && v <= 0) report([k], `${k} ${v} is at or below zero: it would close every position at once`, 'use a positive multiple of the credit, e.g. 2');
  }
  const stop = num('stopLossMultiple');
  if (stop !== null && !credit && stop > 1) report(['stopLossMultiple'], `stopLossMultiple ${stop} is beyond the most a debit position can lose (1 = the whole debit), so it can never fire`, 'use a fraction of the debit below 1, e.g. 0.5');

  const dteMin = s.legs.dte.min;
  for (const [k, label] of [['timeExitDte', 'time exit'], ['rollDte', 'DTE roll'], ['gammaDteLimit', 'gamma-risk window']] as const) {
    const v = num(k);
    if (v === null) continue;
    if (v < 0) report([k], `${label} at ${v} DTE is after expiry`, 'use 0 or more days');
    else if (v >= dteMin) report([k], `${label} at ${v} DTE fires as soon as a position opens (entries open at ${dteMin}+ DTE)`, `use fewer days than legs.dte.min (${dteMin}), or raise the DTE window`);
  }

  const act = num('trailActivationPct');
  const retrace = num('trailRetracePct');
  if (act !== null && retrace !== null && act < retrace) {
    report(['trailActivationPct', 'trailRetracePct'], `trailing activation ${act} is below its retrace ${retrace}: the trailing stop would close at a loss`, 'make trailActivationPct at least trailRetracePct');
  }
  if (act !== null && tp !== null && act >= tp && credit) {
    report(['trailActivationPct', 'takeProfitPct'], `trailing activation ${act} is at or above takeProfitPct ${tp}: take-profit closes first, so the trailing stop never arms`, 'arm the trailing stop below the take-profit level');
  }
}
