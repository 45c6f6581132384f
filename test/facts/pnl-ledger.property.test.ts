/**
 * Property: for random sequences of entry fills (partial, after repricing), reduces and rolls, every P&L fact of the
 * position equals a recomputation from the fill ledger, to the cent. The production path is the real one: a position
 * actor receives the broker events, the book turns its context into the store row, and the in-memory facts derive
 * the facts from it (breakevens, which are no fact, from the position's basis). The recomputation below is written from the definitions in docs/facts.md § Bases and shares no
 * code with the engine.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractKey, type BrokerEvent, type OptionContract, type OptionQuote } from '../../engine/domain/index.ts';
import { basisOf, openPosition, type LegMarks, type PlannedLeg, type PositionActor } from '../../engine/lifecycle/index.ts';
import { legRows, positionRow, type BookEntry } from '../../engine/kernel/book.ts';
import { computeFactsInMemory, MarketMemory, type FactRecord } from '../../engine/facts/index.ts';

const T0 = Date.parse('2026-03-02T15:00:00Z');
const opt = (right: 'put' | 'call', strike: number, expiry: string): OptionContract => ({ underlying: 'SPY', expiry, right, strike, multiplier: 100, settlement: 'physical' });
const sell = (c: OptionContract): PlannedLeg => ({ contract: c, side: 'sell', ratio: 1 });
const buy = (c: OptionContract): PlannedLeg => ({ contract: c, side: 'buy', ratio: 1 });

/** Leg sets a position opens or rolls into: two put credit spreads and an iron condor. */
const LEG_SETS: PlannedLeg[][] = [
  [sell(opt('put', 450, '2026-04-17')), buy(opt('put', 445, '2026-04-17'))],
  [sell(opt('put', 440, '2026-05-15')), buy(opt('put', 435, '2026-05-15'))],
  [buy(opt('put', 425, '2026-06-19')), sell(opt('put', 430, '2026-06-19')), sell(opt('call', 470, '2026-06-19')), buy(opt('call', 475, '2026-06-19'))],
];
const CONTRACTS = [...new Map(LEG_SETS.flat().map((l) => [contractKey(l.contract), l.contract])).values()];
const POLICY = { startPrice: 'mid' as const, repriceStep: 0.05, repriceIntervalSeconds: 30, maxReprices: 3, onTimeout: 'cancel' as const };

// ---------- the scenario a run plays ----------

/** A dollars-per-share price with cents: 0.05 … 6.00. */
const price = fc.integer({ min: 5, max: 600 }).map((c) => c / 100);
/** One fill of an order: which share of what is still open it fills (1 = all), leg prices, commission per contract. */
const fillArb = fc.record({ share: fc.double({ min: 0, max: 1, noNaN: true }), prices: fc.array(price, { minLength: 4, maxLength: 4 }), commission: fc.integer({ min: 0, max: 150 }) });
/** How an opening order is worked: fills, with a reprice before some, ended by a cancel when not complete. */
const openingArb = fc.array(fc.record({ fill: fillArb, repriceFirst: fc.boolean() }), { minLength: 1, maxLength: 4 });
const marksArb = fc.array(fc.record({ bid: price, spread: fc.integer({ min: 1, max: 30 }) }), { minLength: CONTRACTS.length, maxLength: CONTRACTS.length });
const stepArb = fc.oneof(
  fc.record({ kind: fc.constant('marks' as const), marks: marksArb }),
  fc.record({ kind: fc.constant('reduce' as const), fill: fillArb }),
  fc.record({ kind: fc.constant('roll' as const), to: fc.integer({ min: 0, max: LEG_SETS.length - 1 }), close: fillArb, open: openingArb }),
);
const runArb = fc.record({ start: fc.integer({ min: 0, max: LEG_SETS.length - 1 }), quantity: fc.integer({ min: 1, max: 6 }), entry: openingArb, marks: marksArb, steps: fc.array(stepArb, { maxLength: 6 }) });

// ---------- the ledger: what the broker reported, and the figures recomputed from it ----------

interface LedgerFill { purpose: string; legSet: number; legs: { key: string; contract: OptionContract; side: 'buy' | 'sell'; quantity: number; price: number }[]; units: number; commission: number }
interface Ledger { fills: LedgerFill[]; legSetLegs: PlannedLeg[][]; rolls: number }

/** Cents of one leg execution: + received (sell), − paid (buy), rounded to the cent as cash is booked. */
const legCash = (l: LedgerFill['legs'][number]) => (l.side === 'sell' ? 1 : -1) * Math.round(l.price * l.quantity * l.contract.multiplier * 100);
const fillCash = (f: LedgerFill) => f.legs.reduce((s, l) => s + legCash(l), 0);
const opening = (purpose: string) => purpose === 'open' || purpose === 'roll-open';

function heldQuantities(fills: readonly LedgerFill[]): Map<string, { contract: OptionContract; quantity: number }> {
  const held = new Map<string, { contract: OptionContract; quantity: number }>();
  for (const f of fills) {
    for (const l of f.legs) {
      const h = held.get(l.key) ?? { contract: l.contract, quantity: 0 };
      h.quantity += l.side === 'buy' ? l.quantity : -l.quantity;
      held.set(l.key, h);
    }
  }
  return held;
}

/** Value at expiry of one unit of `legs` at underlying price s, dollars per share (no premium). */
function intrinsicPerUnit(legs: readonly PlannedLeg[], s: number): number {
  let v = 0;
  for (const l of legs) {
    const k = l.contract.strike;
    const intrinsic = l.contract.right === 'put' ? Math.max(k - s, 0) : Math.max(s - k, 0);
    v += (l.side === 'buy' ? 1 : -1) * l.ratio * intrinsic;
  }
  return v;
}

/** The facts the definitions give, in cents (fractions for the Pct/ratio facts). */
function expected(ledger: Ledger, marks: Map<string, number>) {
  const current = ledger.legSetLegs.length - 1;
  const mine = ledger.fills.filter((f) => f.legSet === current);
  const openFills = mine.filter((f) => opening(f.purpose));
  const premium = openFills.reduce((s, f) => s + fillCash(f), 0);
  const units = openFills.reduce((s, f) => s + f.units, 0);
  const legs = ledger.legSetLegs[current];
  // Profit at expiry is piecewise linear between strikes: its extremes are at 0, a strike, or unbounded beyond the top.
  const points = [0, ...legs.map((l) => l.contract.strike)];
  const atExpiry = points.map((s) => premium + Math.round(units * intrinsicPerUnit(legs, s) * 100 * 100));
  const callSlope = legs.filter((l) => l.contract.right === 'call').reduce((s, l) => s + (l.side === 'buy' ? 1 : -1) * l.ratio, 0);
  const maxProfit = callSlope > 0 ? null : Math.max(...atExpiry);
  const maxLoss = callSlope < 0 ? null : Math.max(0, -Math.min(...atExpiry));
  let markSum = 0;
  for (const [key, h] of heldQuantities(mine)) if (h.quantity !== 0) markSum += h.quantity * marks.get(key)! * h.contract.multiplier * 100;
  const mark = Math.round(markSum);
  const structureCash = mine.reduce((s, f) => s + fillCash(f) - f.commission, 0);
  const pnl = structureCash + mark;
  const chainCash = ledger.fills.reduce((s, f) => s + fillCash(f) - f.commission, 0);
  const chainCredit = ledger.fills.filter((f) => opening(f.purpose)).reduce((s, f) => s + fillCash(f), 0);
  const credit = premium > 0 ? premium : 0;
  const debit = premium > 0 ? 0 : -premium;
  const pctBasis = premium > 0 ? maxProfit ?? premium : debit;
  return {
    pnl, credit, debit, maxProfit, maxLoss, chainPnl: chainCash + mark, chainCredit, rollCount: ledger.rolls,
    breakevens: zeros(legs, -premium / (units * 100 * 100), callSlope),
    pnlPct: pctBasis === 0 ? null : pnl / pctBasis,
    lossMultipleOfCredit: pnl >= 0 ? 0 : (premium > 0 ? credit : debit) === 0 ? null : -pnl / (premium > 0 ? credit : debit),
  };
}

/** Where the expiry P&L per share at average net price `net` (+ debit) crosses zero: on each segment, and beyond the top. */
function zeros(legs: readonly PlannedLeg[], net: number, slopeAbove: number): number[] {
  const pts = [...new Set([0, ...legs.map((l) => l.contract.strike)])].sort((a, b) => a - b);
  const v = (s: number) => intrinsicPerUnit(legs, s) - net;
  const out: number[] = [];
  for (let i = 0; i + 1 < pts.length; i++) {
    const [a, b] = [v(pts[i]), v(pts[i + 1])];
    if (a === 0 && i > 0) out.push(pts[i]);
    else if (a * b < 0) out.push(pts[i] + ((pts[i + 1] - pts[i]) * a) / (a - b));
  }
  const top = pts[pts.length - 1];
  if (v(top) === 0) out.push(top);
  else if (slopeAbove !== 0 && Math.sign(v(top)) !== Math.sign(slopeAbove)) out.push(top - v(top) / slopeAbove);
  return out;
}

// ---------- driving the real position ----------

class Run {
  now = T0;
  seq = 0;
  actor: PositionActor;
  ledger: Ledger;
  marks = new Map<string, { bid: number; ask: number }>();

  constructor(start: number, quantity: number, marks: readonly { bid: number; spread: number }[]) {
    this.setMarks(marks);
    this.ledger = { fills: [], legSetLegs: [LEG_SETS[start]], rolls: 0 };
    this.actor = openPosition({ id: 'p1', strategy: 's', structure: 'put-credit-spread', underlying: 'SPY', configVersion: 'v1', legs: LEG_SETS[start], quantity, execution: POLICY, openedAt: T0 }, T0, this.legMarks()).actor;
  }

  setMarks(ms: readonly { bid: number; spread: number }[]): void {
    CONTRACTS.forEach((c, i) => this.marks.set(contractKey(c), { bid: ms[i].bid, ask: Math.round((ms[i].bid + ms[i].spread / 100) * 100) / 100 }));
  }

  legMarks(): LegMarks {
    return Object.fromEntries(this.marks);
  }

  tick(seconds: number): void {
    this.now += seconds * 1000;
    this.actor.send({ type: 'TICK', now: this.now, marks: this.legMarks() });
  }

  broker(event: BrokerEvent): void {
    this.actor.send({ type: 'BROKER', event });
  }

  /** Fills `share` of what the working order still needs (at least one unit, at most all of it). */
  fill(f: { share: number; prices: number[]; commission: number }, all = false): void {
    const o = this.actor.context().workingOrder!;
    const remaining = o.quantity - o.filled;
    const units = all ? remaining : Math.max(1, Math.min(remaining, Math.ceil(f.share * remaining)));
    const legs = o.legs.map((l, i) => ({ key: contractKey(l.contract), contract: l.contract, side: l.side, quantity: l.ratio * units, price: f.prices[i % f.prices.length] }));
    const contracts = legs.reduce((s, l) => s + l.quantity, 0);
    const commission = contracts * f.commission;
    const net = Math.round(legs.reduce((s, l) => s + (l.side === 'buy' ? 1 : -1) * l.price * l.quantity, 0) / units * 10000) / 10000;
    this.ledger.fills.push({ purpose: o.purpose, legSet: this.ledger.legSetLegs.length - 1, legs, units, commission });
    this.broker({
      type: 'fill', clientOrderId: o.clientOrderId, fillId: `f${++this.seq}`, quantity: units, netPrice: net,
      legs: legs.map(({ key, side, quantity, price: p }) => ({ key, side, quantity, price: p })), commission,
      filledTotal: o.filled + units, remaining: remaining - units, time: this.now,
    });
  }

  /** Works an opening order: fills (some after a reprice) until it completes or the list ends, then a cancel. */
  work(fills: { fill: { share: number; prices: number[]; commission: number }; repriceFirst: boolean }[]): void {
    this.broker({ type: 'accepted', clientOrderId: this.actor.context().workingOrder!.clientOrderId, time: this.now });
    for (const step of fills) {
      if (step.repriceFirst) this.tick(POLICY.repriceIntervalSeconds);
      this.fill(step.fill);
      const o = this.actor.context().workingOrder;
      if (!o || (o.purpose !== 'open' && o.purpose !== 'roll-open')) return;
    }
    const o = this.actor.context().workingOrder;
    if (o) this.broker({ type: 'cancelled', clientOrderId: o.clientOrderId, reason: 'test', time: this.now });
  }

  decide(action: 'reduce' | 'roll', newLegs?: PlannedLeg[]): void {
    this.tick(1);
    this.actor.send({ type: 'DECISION', decisionId: `d${++this.seq}`, rule: `r-${action}`, action, orderStyle: 'limit', fraction: 0.5, configVersion: 'v1', ...(newLegs ? { newLegs } : {}) });
  }

  facts(): FactRecord {
    const entry: BookEntry = { actor: this.actor, hold: false, pinnedVersion: null, peakPnlPct: null, dirty: true };
    const market = new MarketMemory();
    const quotes: OptionQuote[] = CONTRACTS.map((c) => ({ key: contractKey(c), contract: c, ...this.marks.get(contractKey(c))! }));
    market.ingest({ time: this.now, underlyings: [{ symbol: 'SPY', price: 455 }], quotes });
    const snap = computeFactsInMemory({
      now: this.now, tradingState: 'ACTIVE', startingEquityCents: 10_000_000, consecutiveLosses: 0,
      positions: [{ row: positionRow(entry), legs: legRows(entry) }], market, closedCashFlowCents: 0,
    });
    return snap.positions.get('p1')!;
  }

  mids(): Map<string, number> {
    return new Map([...this.marks].map(([k, m]) => [k, (m.bid + m.ask) / 2]));
  }
}

const cents = (dollars: unknown) => (dollars === null ? null : Math.round((dollars as number) * 100));

function check(run: Run): void {
  if (run.actor.phase() !== 'managed') return;
  const f = run.facts();
  const e = expected(run.ledger, run.mids());
  expect({
    pnl: cents(f.pnl), credit: cents(f.credit), debit: cents(f.debit), maxProfit: cents(f.maxProfit), maxLoss: cents(f.maxLoss),
    chainPnl: cents(f.chainPnl), chainCredit: cents(f.chainCredit), rollCount: f.rollCount,
  }).toEqual({ pnl: e.pnl, credit: e.credit, debit: e.debit, maxProfit: e.maxProfit, maxLoss: e.maxLoss, chainPnl: e.chainPnl, chainCredit: e.chainCredit, rollCount: e.rollCount });
  const breakevens = basisOf(run.actor.context()).breakevens;
  expect(breakevens).toHaveLength(e.breakevens.length);
  breakevens.forEach((b, i) => expect(Math.abs(b - e.breakevens[i])).toBeLessThan(0.0051));
  for (const k of ['pnlPct', 'lossMultipleOfCredit'] as const) {
    if (e[k] === null) expect(f[k]).toBeNull();
    else expect(f[k] as number).toBeCloseTo(e[k]!, 9);
  }
}

describe('P&L facts against the fill ledger', () => {
  it('equal a recomputation from the fills, to the cent, after any sequence of fills, partial fills, repricings, reduces and rolls', () => {
    fc.assert(
      fc.property(runArb, (r) => {
        const run = new Run(r.start, r.quantity, r.marks);
        run.work(r.entry);
        check(run);
        for (const s of r.steps) {
          if (run.actor.phase() !== 'managed') break;
          if (s.kind === 'marks') run.setMarks(s.marks);
          else if (s.kind === 'reduce') {
            if (run.actor.context().openQuantity < 2) continue;
            run.decide('reduce');
            run.fill(s.fill, true);
          } else {
            run.decide('roll', LEG_SETS[s.to]);
            run.fill(s.close, true);
            run.ledger.legSetLegs.push(LEG_SETS[s.to]);
            run.work(s.open);
            if (run.actor.phase() === 'managed') run.ledger.rolls += 1;
          }
          check(run);
        }
      }),
      { numRuns: 150, seed: 20261203, interruptAfterTimeLimit: 8000 },
    );
  });
});
