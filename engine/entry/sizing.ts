/**
 * Position sizing. Contracts per leg (units of the combo) =
 *   min(sizing.contracts, floor(maxRiskFraction × equity / risk per unit), sizing.maxContracts)
 * over the terms the strategy sets. Risk per unit is the max loss at the start price (defined risk) or a Reg-T style
 * margin proxy (undefined risk). All money in integer cents.
 */
import { formatCents, type Cents } from '../domain/index.ts';
import type { StrategyConfig, ResolvedStrategy } from '../config/types.ts';
import { mid } from './chain.ts';
import { reason } from './reasons.ts';
import { isUndefinedRisk } from './structures.ts';
import type { LegSelection, SizeResult } from './types.ts';

/** Naked-short margin proxy: 20% of the underlying minus the out-of-the-money amount, at least 10% of strike (puts) or underlying (calls). */
export const NAKED_MARGIN_FRACTION = 0.2;
export const NAKED_MARGIN_FLOOR_FRACTION = 0.1;

type SizingStrategy = Pick<StrategyConfig | ResolvedStrategy, 'name' | 'structure' | 'sizing'>;

export function sizePosition(selection: LegSelection, strategy: SizingStrategy, equityCents: Cents): SizeResult {
  const { contracts, maxRiskFraction, maxContracts } = strategy.sizing;
  const name = strategy.name;
  const undefinedRisk = isUndefinedRisk(strategy.structure) || selection.perUnit.maxLossCents === null;
  const riskPerUnitCents = undefinedRisk ? nakedMarginCents(selection) : (selection.perUnit.maxLossCents as number);
  const riskLabel = undefinedRisk ? 'margin proxy' : 'max loss';
  if (contracts === undefined && maxRiskFraction === undefined) {
    const r = reason('TW_ENTRY_NO_SIZING', { strategy: name });
    return { contracts: 0, reason: r.message, riskPerUnitCents, skipped: r };
  }
  const terms: { label: string; n: number }[] = [];
  if (contracts !== undefined) terms.push({ label: `contracts ${contracts}`, n: Math.floor(contracts) });
  if (maxRiskFraction !== undefined) {
    const budget = Math.floor(maxRiskFraction * Math.max(equityCents, 0));
    const n = riskPerUnitCents > 0 ? Math.floor(budget / riskPerUnitCents) : 0;
    const why = riskPerUnitCents > 0 ? `${formatCents(budget)} / ${riskLabel} ${formatCents(riskPerUnitCents)}` : `${riskLabel} ${formatCents(riskPerUnitCents)} is not positive`;
    terms.push({ label: `risk ${pct(maxRiskFraction)} of ${formatCents(equityCents)} = ${why} = ${n}`, n });
  }
  if (maxContracts !== undefined) terms.push({ label: `maxContracts ${maxContracts}`, n: Math.floor(maxContracts) });
  const n = Math.max(0, Math.min(...terms.map((t) => t.n)));
  const text = terms.length === 1 ? `${terms[0].label} → ${n}` : `min(${terms.map((t) => t.label).join('; ')}) = ${n}`;
  if (n === 0) {
    const r = reason('TW_ENTRY_TOO_SMALL', { strategy: name, detail: text });
    return { contracts: 0, reason: text, riskPerUnitCents, skipped: r };
  }
  return { contracts: n, reason: text, riskPerUnitCents };
}

/**
 * Margin proxy per unit for undefined-risk structures, modelled on the Reg-T / Cboe rule for naked options: for each
 * short leg, premium + max(20% × underlying − OTM amount, 10% × (strike for puts, underlying for calls)); for a
 * strangle the larger side's requirement plus the other side's premium. Dollars per share × multiplier, in cents.
 */
export function nakedMarginCents(selection: LegSelection): Cents {
  const S = selection.underlyingPrice;
  const shorts = selection.legs.filter((l) => l.side === 'sell');
  if (shorts.length === 0) return 0;
  const reqs = shorts.map((l) => {
    const k = l.contract.strike;
    const otm = l.contract.right === 'put' ? Math.max(S - k, 0) : Math.max(k - S, 0);
    const floor = NAKED_MARGIN_FLOOR_FRACTION * (l.contract.right === 'put' ? k : S);
    const premium = mid(l.quote) * l.ratio;
    return { premium, req: premium + Math.max(NAKED_MARGIN_FRACTION * S - otm, floor) * l.ratio };
  });
  const top = reqs.reduce((a, b) => (b.req > a.req ? b : a));
  const others = reqs.filter((r) => r !== top).reduce((a, r) => a + r.premium, 0);
  return Math.round((top.req + others) * selection.perUnit.multiplier * 100);
}

function pct(f: number): string {
  return `${Math.round(f * 10000) / 100}%`;
}
