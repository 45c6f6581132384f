/**
 * The structure catalogue (engine/catalogue/structures.ts), checked entry by entry: every structure it lists is
 * accepted by the config schema, is a value of the `structure` fact, and opens on real SPX quotes with the legs,
 * ratios, wings and net sign its entry states. A new structure is one catalogue entry; these tests cover it unasked.
 */
import { describe, expect, it } from 'vitest';
import { FACTS_BY_NAME, STRUCTURE_LIST, STRUCTURE_NAMES, isAnchorRole, type StructureTemplate } from '../../engine/catalogue/index.ts';
import { strategiesSchema } from '../../engine/config/index.ts';
import { STRUCTURES, structureLegsTemplate, isUndefinedRisk, selectLegs, isRejected, nakedMarginCents, sizePosition, type LegSelection } from '../../engine/entry/index.ts';
import { spxChain } from './spx-fixture.ts';
import { strategy } from './strategy-fixture.ts';

const day = spxChain('2019-04-25');
const WING = 25;

/** A strategy that can open `t` on the fixture: delta 0.16 for credit anchors, 0.5 for debit ones; its wing and back month. */
function strategyFor(t: StructureTemplate) {
  const back = t.needsBackDte;
  return strategy(t.name, {
    legs: {
      targetDelta: t.kind === 'credit' ? 0.16 : 0.5,
      wingWidth: t.needsWing ? WING : undefined,
      dte: back ? { min: 20, max: 30, target: 22 } : { min: 30, max: 45, target: 35 },
      ...(back ? { backDte: { min: 36, max: 60, target: 43 } } : {}),
    },
  });
}

function open(t: StructureTemplate): LegSelection {
  const r = selectLegs(strategyFor(t), day.quotes, day.underlyingPrice, day.now);
  if (isRejected(r)) throw new Error(`${t.name}: ${r.rejected.message}`);
  return r;
}

describe('the structure catalogue', () => {
  it('is what the strategies schema accepts and what the structure fact can be, in catalogue order', () => {
    const schema = strategiesSchema() as { $defs: { strategy: { properties: { structure: { enum: string[] } } } } };
    expect(schema.$defs.strategy.properties.structure.enum).toEqual(STRUCTURE_NAMES);
    expect(FACTS_BY_NAME.get('structure')?.values).toEqual(STRUCTURE_NAMES);
    expect(Object.keys(STRUCTURES)).toEqual(STRUCTURE_NAMES);
    expect(new Set(STRUCTURE_NAMES).size).toBe(STRUCTURE_LIST.length);
  });

  it('derives wings, back months and sides from the legs of each entry', () => {
    for (const t of STRUCTURE_LIST) {
      expect(t.needsWing, t.name).toBe(t.legs.some((l) => l.role === 'wing' || l.role === 'inner-wing'));
      expect(t.needsBackDte, t.name).toBe(t.legs.some((l) => l.expiry === 'back'));
      expect(t.twoSided, t.name).toBe(t.legs.some((l) => l.right === 'put') && t.legs.some((l) => l.right === 'call'));
      expect(isUndefinedRisk(t.name), t.name).toBe(t.risk === 'undefined');
      expect(structureLegsTemplate(t.name)).toBe(t);
    }
  });

  it('gives every leg a positive whole ratio and every wing or back-month leg an anchor of its right', () => {
    for (const t of STRUCTURE_LIST) {
      for (const l of t.legs) {
        expect(Number.isInteger(l.ratio) && l.ratio >= 1, `${t.name} ${l.role}`).toBe(true);
        if (!isAnchorRole(l.role)) expect(t.legs.some((a) => a.right === l.right && isAnchorRole(a.role)), `${t.name} ${l.role}`).toBe(true);
      }
    }
  });

  it('calls a structure undefined-risk exactly when it sells more contracts of a right than it buys (a naked short)', () => {
    for (const t of STRUCTURE_LIST) {
      const total = (right: 'put' | 'call', side: 'buy' | 'sell') => t.legs.filter((l) => l.right === right && l.side === side).reduce((n, l) => n + l.ratio, 0);
      const naked = (['put', 'call'] as const).some((r) => total(r, 'sell') > total(r, 'buy'));
      expect(t.risk, t.name).toBe(naked ? 'undefined' : 'defined');
    }
  });

  for (const t of STRUCTURE_LIST) {
    it(`opens ${t.name} on real SPX quotes with the legs, ratios, wings and net sign of its entry`, () => {
      const sel = open(t);
      expect(sel.legs.map((l) => `${l.side} ${l.ratio} ${l.contract.right}`)).toEqual(t.legs.map((l) => `${l.side} ${l.ratio} ${l.right}`));
      t.legs.forEach((l, i) => {
        const got = sel.legs[i];
        const anchorIndex = t.legs.findIndex((a) => a.right === l.right && isAnchorRole(a.role));
        const anchor = sel.legs[anchorIndex].contract;
        const outward = l.right === 'call' ? 1 : -1;
        if (l.role === 'wing') expect(got.contract.strike - anchor.strike, `${t.name} wing`).toBe(outward * WING);
        if (l.role === 'inner-wing') expect(got.contract.strike - anchor.strike, `${t.name} inner wing`).toBe(-outward * WING);
        if (l.role === 'same-strike') expect([got.contract.strike, got.contract.expiry > anchor.expiry]).toEqual([anchor.strike, true]);
        if (l.role === 'atm') expect(Math.abs(got.contract.strike - day.underlyingPrice)).toBeLessThanOrEqual(5);
      });
      const u = sel.perUnit;
      if (t.kind === 'credit') expect([u.creditCents > 0, u.debitCents]).toEqual([true, 0]);
      else expect([u.debitCents > 0, u.creditCents]).toEqual([true, 0]);
      // Defined risk has a max loss (a debit structure's is its debit); undefined risk is sized by the margin proxy.
      if (t.risk === 'defined') expect(u.maxLossCents, t.name).not.toBeNull();
      if (t.kind === 'debit') expect(u.maxLossCents).toBe(u.debitCents);
      const sized = sizePosition(sel, strategyFor(t), 100_000_00);
      expect(sized.riskPerUnitCents, t.name).toBe(t.risk === 'undefined' ? nakedMarginCents(sel) : u.maxLossCents);
      expect(sized.riskPerUnitCents).toBeGreaterThan(0);
    });
  }
});
