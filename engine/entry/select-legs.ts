/**
 * Leg selection: from the chain at this tick, pick the expiry and strikes of a strategy's structure (docs/entries.md).
 * Pure: no clock, no I/O.
 */
import type { EpochMs, OptionQuote, Right } from '../domain/index.ts';
import type { ResolvedStrategy, StrategyConfig } from '../config/types.ts';
import { buildSeries, listedExpiries, pickSeries, quoteDelta, sideOf, type Series } from './chain.ts';
import { deltaTolerance, pickAtm, pickByDelta, pickWing } from './pick-strikes.ts';
import { isRejected, rejected } from './reasons.ts';
import { isAnchorRole, structureTemplate, type LegTemplate } from './structures.ts';
import { unitEconomics } from './economics.ts';
import type { LegSelection, QuotedLeg, Rejected, SelectOptions } from './types.ts';

export type StrategyLike = Pick<StrategyConfig | ResolvedStrategy, 'name' | 'underlying' | 'structure' | 'legs' | 'execution'>;

/** How the front expiry is chosen: a DTE window and target, or a custom acceptance test (rolls). */
export interface FrontChoice {
  targetDte: number;
  accept: (s: Series) => boolean;
  /** Describes the window for the reason when nothing is accepted. */
  describe: { min: number | string; max: number | string };
}

export function selectLegs(strategy: StrategyLike, quotes: readonly OptionQuote[], underlyingPrice: number, now: EpochMs, opts: SelectOptions = {}): LegSelection | Rejected {
  const { min, max, target } = strategy.legs.dte;
  return selectLegsWith(strategy, quotes, underlyingPrice, now, opts, {
    targetDte: target, accept: (s) => s.dte >= min && s.dte <= max, describe: { min, max },
  });
}

/** Leg selection with a custom front-expiry choice and optionally only the legs of some rights (tested-side rolls). */
export function selectLegsWith(strategy: StrategyLike, quotes: readonly OptionQuote[], underlyingPrice: number, now: EpochMs, opts: SelectOptions, front: FrontChoice, rights?: readonly Right[]): LegSelection | Rejected {
  const name = strategy.name;
  const underlying = strategy.underlying;
  if (!Number.isFinite(underlyingPrice) || underlyingPrice <= 0) return rejected('TW_ENTRY_NO_UNDERLYING_PRICE', { strategy: name, underlying, price: underlyingPrice });
  const template = structureTemplate(strategy.structure);
  const wingWidth = strategy.legs.wingWidth;
  if (template.needsWing && !(typeof wingWidth === 'number' && wingWidth > 0)) return rejected('TW_ENTRY_NEEDS_WING_WIDTH', { strategy: name, structure: strategy.structure });
  const legsWanted = template.legs.filter((l) => !rights || rights.includes(l.right));
  const series = buildSeries(quotes, underlying, now);
  const fs = pickSeries(series, front.targetDte, front.accept, undefined, underlying);
  if (!fs) return rejected('TW_ENTRY_NO_EXPIRY', { strategy: name, underlying, min: front.describe.min, max: front.describe.max, listed: listedExpiries(series) });

  const rate = opts.rate ?? 0;
  const chosen = new Map<LegTemplate, QuotedLeg>();
  const quoted = (t: LegTemplate, q: OptionQuote, delta?: number | null): QuotedLeg => ({
    contract: q.contract, side: t.side, ratio: t.ratio, quote: q, delta: delta ?? quoteDelta(q, underlyingPrice, now, rate),
  });
  const noStrike = (t: LegTemplate, detail: string, s: Series = fs): Rejected =>
    rejected('TW_ENTRY_NO_STRIKE', { strategy: name, right: t.right, side: t.side, underlying, expiry: s.expiry, detail });

  // Anchors first: strikes chosen by delta or at the money.
  const atmLegs = legsWanted.filter((t) => t.role === 'atm');
  const atmRights = [...new Set(atmLegs.map((t) => t.right))];
  const atm = atmRights.length > 0 ? pickAtm(fs, atmRights, atmLegs.some((t) => t.side === 'sell') ? 'sell' : 'buy', underlyingPrice) : null;
  for (const t of legsWanted) {
    if (t.role === 'short-delta' || t.role === 'long-delta') {
      const p = pickByDelta(fs, t.right, t.side, strategy.legs.targetDelta, underlyingPrice, now, rate);
      if (!p) return noStrike(t, `no tradable quote with a |delta| within ${deltaTolerance(strategy.legs.targetDelta)} of ${strategy.legs.targetDelta}`);
      chosen.set(t, quoted(t, p.quote, p.delta));
    } else if (t.role === 'atm') {
      const q = atm === null ? undefined : sideOf(fs, t.right).get(atm);
      if (!q) return noStrike(t, `no strike near ${underlyingPrice} with a bid on ${atmRights.join(' and ')}`);
      chosen.set(t, quoted(t, q));
    }
  }
  // Then wings (outward or inward) and back-month legs, relative to the anchor of the same right.
  let backExpiry: string | undefined;
  for (const t of legsWanted) {
    if (isAnchorRole(t.role)) continue;
    const anchor = [...chosen.entries()].find(([a]) => a.right === t.right && isAnchorRole(a.role))?.[1];
    if (!anchor) throw new Error(`structure ${strategy.structure}: ${t.role} leg without an anchor`);
    if (t.role === 'wing' || t.role === 'inner-wing') {
      const q = pickWing(fs, t.right, t.side, anchor.contract.strike, wingWidth as number, t.role === 'inner-wing' ? 'in' : 'out');
      if (!q) return rejected('TW_ENTRY_NO_WING', { strategy: name, right: t.right, shortStrike: anchor.contract.strike, underlying, expiry: fs.expiry });
      chosen.set(t, quoted(t, q));
    } else {
      const back = pickBack(strategy, series, fs, t.right, anchor.contract.strike);
      if (isRejected(back)) return back;
      backExpiry = back.expiry;
      chosen.set(t, quoted(t, sideOf(back, t.right).get(anchor.contract.strike) as OptionQuote));
    }
  }

  const legs = legsWanted.map((t) => chosen.get(t) as QuotedLeg);
  const perUnit = unitEconomics(legs, strategy.execution.startPrice);
  const badNet = template.kind === 'credit' ? perUnit.midNet >= 0 : perUnit.midNet <= 0;
  if (badNet) {
    return rejected('TW_ENTRY_BAD_NET_PRICE', {
      strategy: name, structure: strategy.structure, net: Math.abs(perUnit.midNet).toFixed(2),
      got: perUnit.midNet > 0 ? 'debit' : perUnit.midNet < 0 ? 'credit' : 'zero net', expected: template.kind,
    });
  }
  return { structure: strategy.structure, underlying, expiry: fs.expiry, backExpiry, dte: fs.dte, underlyingPrice, legs, perUnit };
}

/** Calendar back month: the expiry in `legs.backDte` (default: 7–63 days after the front, target +28) listing the strike. */
function pickBack(strategy: StrategyLike, series: Series[], front: Series, right: Right, strike: number): Series | Rejected {
  const w = strategy.legs.backDte ?? { min: front.dte + 7, max: front.dte + 63, target: front.dte + 28 };
  const back = pickSeries(series, w.target, (s) => s.expiry > front.expiry && s.dte >= w.min && s.dte <= w.max && sideOf(s, right).has(strike), front.root, strategy.underlying);
  if (!back) return rejected('TW_ENTRY_NO_BACK_EXPIRY', { strategy: strategy.name, underlying: strategy.underlying, min: w.min, max: w.max, front: front.expiry });
  return back;
}
