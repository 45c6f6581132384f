/**
 * Roll planning: close the legs being rolled and open the same structure (or the tested side of it) in an expiry
 * strictly later than the current one, nearest the target DTE, re-centred on the strategy's target delta.
 */
import { contractKey, type EpochMs, type OptionQuote, type Right, type Side } from '../domain/index.ts';
import { dteOf, isUsableQuote, mid } from './chain.ts';
import { isRejected, rejected } from './reasons.ts';
import { selectLegsWith, type StrategyLike } from './select-legs.ts';
import { structureTemplate } from './structures.ts';
import type { PlannedLeg, Rejected, RollOptions, RollPlan, RollPosition } from './types.ts';

export function planRoll(position: RollPosition, strategy: StrategyLike, quotes: readonly OptionQuote[], underlyingPrice: number, now: EpochMs, opts: RollOptions): RollPlan | Rejected {
  const bad = (detail: string): Rejected => rejected('TW_ENTRY_ROLL_BAD_POSITION', { underlying: position.underlying, structure: position.structure, detail });
  const open = position.legs.filter((l) => l.quantity !== 0);
  if (open.length === 0) return bad('it has no open legs');
  const template = structureTemplate(position.structure);

  let rights: Right[] | undefined;
  if (opts.side === 'tested' && template.twoSided) {
    const tested = testedRight(open, underlyingPrice);
    if (!tested) return bad('no short leg to find the tested side from');
    rights = [tested];
  }
  const rolling = rights ? open.filter((l) => rights.includes(l.contract.right)) : open;
  // The expiry being rolled out of: the rolled legs' (front) expiry; after an earlier tested-side roll the sides differ.
  const fromExpiry = rolling.map((l) => l.contract.expiry).sort()[0];
  const units = rolling.map((l) => Math.abs(l.quantity)).reduce(gcd);

  const byKey = new Map<string, OptionQuote>();
  for (const q of quotes) if (isUsableQuote(q)) byKey.set(contractKey(q.contract), q);
  const closeLegs: PlannedLeg[] = [];
  let closeMidNet = 0;
  let closeNaturalNet = 0;
  for (const l of rolling) {
    const q = byKey.get(contractKey(l.contract));
    if (!q) return bad(`no usable quote for ${contractKey(l.contract)} to close it`);
    const side: Side = l.quantity < 0 ? 'buy' : 'sell';
    const ratio = Math.abs(l.quantity) / units;
    closeLegs.push({ contract: l.contract, side, ratio });
    const s = side === 'buy' ? 1 : -1;
    closeMidNet += s * ratio * mid(q);
    closeNaturalNet += s * ratio * (side === 'buy' ? q.ask : q.bid);
  }

  const targetDte = opts.targetDte ?? strategy.legs.dte.target;
  const currentDte = dteOf(fromExpiry, now);
  const selection = selectLegsWith({ ...strategy, structure: position.structure, underlying: position.underlying }, quotes, underlyingPrice, now, { rate: opts.rate }, {
    targetDte, accept: (s) => s.expiry > fromExpiry, describe: { min: currentDte + 1, max: '∞' },
  }, rights);
  if (isRejected(selection)) {
    if (selection.rejected.code !== 'TW_ENTRY_NO_EXPIRY') return selection;
    return rejected('TW_ENTRY_ROLL_NO_EXPIRY', { underlying: position.underlying, structure: position.structure, current: fromExpiry, listed: selection.rejected.params.listed });
  }
  const openLegs = selection.legs.map((l) => ({ contract: l.contract, side: l.side, ratio: l.ratio }));
  return {
    closeLegs,
    openLegs,
    quantity: units,
    rolled: rights ? rights[0] : 'all',
    fromExpiry,
    toExpiry: selection.expiry,
    estimatedNet: round6(closeMidNet + selection.perUnit.midNet),
    naturalNet: round6(closeNaturalNet + selection.perUnit.naturalNet),
    closeMidNet: round6(closeMidNet),
    openMidNet: selection.perUnit.midNet,
    open: selection,
  };
}

/**
 * The tested side: the short leg with the least cushion, cushion = underlying − strike for puts, strike − underlying
 * for calls (negative when in the money). For out-of-the-money shorts that is the short strike nearest the
 * underlying. Ties go to the put side.
 */
export function testedRight(legs: readonly { contract: { right: Right; strike: number }; quantity: number }[], underlyingPrice: number): Right | null {
  let best: { right: Right; cushion: number } | null = null;
  for (const l of legs) {
    if (l.quantity >= 0) continue;
    const { right, strike } = l.contract;
    const cushion = right === 'put' ? underlyingPrice - strike : strike - underlyingPrice;
    if (!best || cushion < best.cushion || (cushion === best.cushion && right === 'put')) best = { right, cushion };
  }
  return best ? best.right : null;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
