import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../engine/evaluate/index.ts';
import type { OptionContract } from '../../engine/domain/index.ts';
import { contractKey } from '../../engine/domain/index.ts';
import {
  checkEntryLimits, EntryBook, gateEntry, legsExposure, NO_EXPOSURE, pastLimit, portfolioLimits, type EntryCheck, type PortfolioLimit,
} from '../../engine/risk/index.ts';
import { shippedConfig } from '../kernel/helpers.ts';
import { calmPortfolio, config, rule, strategy } from '../evaluate/fixtures.ts';

const shipped = compileRuleSet(await shippedConfig());

describe('portfolio limits read from the config', () => {
  it('finds the shipped portfolio-limits thresholds, named after their parameters, and nothing an entry cannot move', () => {
    expect(portfolioLimits(shipped.portfolioRules).map((l) => [l.name, l.fact, l.operator, l.threshold])).toEqual([
      ['portfolio-limits.maxOpenPositions', 'openPositions', 'greaterThanInclusive', 12],
      ['portfolio-limits.maxPositionsPerUnderlying', 'positionsPerUnderlying', 'greaterThanInclusive', 8],
      ['portfolio-limits.maxNetDelta', 'netDelta', 'absGreaterThanInclusive', 250],
    ]);
  });

  it('takes a condition as a limit only when it alone makes a halting rule fire', () => {
    const rules = [
      rule('alone', 90, { all: [{ fact: 'netVega', operator: 'lessThan', value: -500 }] }, { action: 'halt-entries' }, { scope: 'portfolio' }),
      rule('compound', 80, { all: [{ fact: 'openPositions', operator: 'greaterThan', value: 3 }, { fact: 'vix', operator: 'greaterThan', value: 25 }] }, { action: 'halt-entries' }, { scope: 'portfolio' }),
      rule('negated', 70, { not: { fact: 'netGamma', operator: 'greaterThan', value: -5 } }, { action: 'halt' }, { scope: 'portfolio' }),
      rule('nested-any', 60, { any: [{ any: [{ fact: 'netGamma', operator: 'absGreaterThanInclusive', value: { param: 'g' } }] }, { fact: 'netTheta', operator: 'crossesBelow', value: 0 }] }, { action: 'close-all' }, { scope: 'portfolio', params: { g: 30 } }),
      rule('just-a-warning', 50, { all: [{ fact: 'netDelta', operator: 'absGreaterThanInclusive', value: 1 }] }, { action: 'alert' }, { scope: 'portfolio' }),
    ];
    const set = compileRuleSet(config(rules, [strategy('spy-ic', rules)]));
    expect(portfolioLimits(set.portfolioRules).map((l) => l.name)).toEqual(['alone:netVega', 'nested-any.g']);
  });

  it('lets a figure reach its threshold and refuses one strictly past it, or unknown', () => {
    const limit = (operator: PortfolioLimit['operator'], threshold: number): PortfolioLimit => ({ name: 'x', rule: 'x', param: null, fact: 'f', operator, threshold });
    expect([12, 12.0001].map((v) => pastLimit(limit('greaterThanInclusive', 12), v))).toEqual([false, true]);
    expect([12, 13].map((v) => pastLimit(limit('greaterThan', 12), v))).toEqual([false, true]);
    expect([-250, 250, 250.5, -250.5].map((v) => pastLimit(limit('absGreaterThanInclusive', 250), v))).toEqual([false, false, true, true]);
    expect([-40, -40.01].map((v) => pastLimit(limit('lessThan', -40), v))).toEqual([false, true]);
    expect([null, Number.NaN, undefined].map((v) => pastLimit(limit('greaterThan', 1), v))).toEqual([true, true, true]);
  });
});

const contract = (right: 'put' | 'call', strike: number): OptionContract => ({ underlying: 'SPY', expiry: '2026-02-20', right, strike, multiplier: 100, settlement: 'physical' });

describe('the book the entry limits see', () => {
  it('sums an order\'s legs as the facts sum held legs: signed contracts × the quote\'s Greek × the multiplier, null when a quote lacks one', () => {
    const quotes = new Map([
      [contractKey(contract('put', 440)), { delta: -0.2, gamma: 0.01, vegaPerPoint: 0.3, thetaPerDay: -0.05 }],
      [contractKey(contract('put', 435)), { delta: -0.15, gamma: 0.008, vegaPerPoint: 0.25 }],
    ]);
    const e = legsExposure([{ contract: contract('put', 440), side: 'sell', ratio: 1 }, { contract: contract('put', 435), side: 'buy', ratio: 1 }], 3, (k) => quotes.get(k));
    expect(e.delta).toBeCloseTo(15, 9); // −3 × −0.2 × 100 + 3 × −0.15 × 100
    expect(e.gamma).toBeCloseTo(-0.6, 9);
    expect(e.vega).toBeCloseTo(-15, 9);
    expect(e.theta).toBeNull();
  });

  it('counts unfilled entries at their planned figures and each entry added this tick, without changing the book on a look ahead', () => {
    const book = new EntryBook({ portfolio: calmPortfolio({ openPositions: 3, positionsPerUnderlying: 2, netDelta: 10, netGamma: -1, netVega: -50, netTheta: 20 }), perUnderlying: new Map([['SPY', 2], ['QQQ', 1]]), pending: { delta: 5, gamma: 0, vega: -10, theta: 1 } });
    expect(book.facts()).toMatchObject({ openPositions: 3, positionsPerUnderlying: 2, netDelta: 15, netVega: -60, netTheta: 21, equity: 100000 });
    const qqq = { underlying: 'QQQ', exposure: { delta: 7, gamma: -0.5, vega: -20, theta: 3 } };
    expect(book.after(qqq)).toMatchObject({ openPositions: 4, positionsPerUnderlying: 2, netDelta: 22, netGamma: -1.5 });
    expect(book.facts().openPositions).toBe(3);
    book.add(qqq);
    book.add({ underlying: 'QQQ', exposure: NO_EXPOSURE });
    expect(book.facts()).toMatchObject({ openPositions: 5, positionsPerUnderlying: 3, netDelta: 22 });
    expect(book.after({ underlying: 'SPY', exposure: { ...NO_EXPOSURE, delta: null } }).netDelta).toBeNull();
  });
});

const limitsCheck = (before: Record<string, number>, after: Record<string, number>) => ({
  before: calmPortfolio({ positionsPerUnderlying: 1, netDelta: 0, netGamma: 0, netVega: 0, netTheta: 0, ...before }),
  after: calmPortfolio({ positionsPerUnderlying: 1, netDelta: 0, netGamma: 0, netVega: 0, netTheta: 0, ...after }),
  rules: shipped.portfolioRules,
});

describe('checkEntryLimits', () => {
  it('stops the entry after one that filled the book, naming the limit, the count before and after and the threshold', () => {
    expect(checkEntryLimits(limitsCheck({ openPositions: 11 }, { openPositions: 12 }))).toBeNull();
    expect(checkEntryLimits(limitsCheck({ openPositions: 12 }, { openPositions: 13 }))).toEqual({
      breach: { limit: 'portfolio-limits.maxOpenPositions', rule: 'portfolio-limits', fact: 'openPositions', before: 12, after: 13, threshold: 12, holds: 'openPositions ≤ 12' },
      message: 'portfolio-limits.maxOpenPositions: openPositions is 12 with the entries planned before this one (13 with it); the limit is openPositions ≤ 12',
    });
  });

  it('refuses an entry that would carry |net delta| past the limit though the book is within it, and allows one that reaches it exactly', () => {
    expect(checkEntryLimits(limitsCheck({ openPositions: 2, netDelta: 240 }, { openPositions: 3, netDelta: 250 }))).toBeNull();
    expect(checkEntryLimits(limitsCheck({ openPositions: 2, netDelta: -240 }, { openPositions: 3, netDelta: -262.5 }))).toEqual({
      breach: { limit: 'portfolio-limits.maxNetDelta', rule: 'portfolio-limits', fact: 'netDelta', before: -240, after: -262.5, threshold: 250, holds: '|netDelta| ≤ 250' },
      message: 'portfolio-limits.maxNetDelta: netDelta would be -262.50 after this entry (-240 before); the limit is |netDelta| ≤ 250',
    });
  });

  it('refuses an entry whose Greek cannot be figured when a limit is set on it', () => {
    const r = checkEntryLimits({ ...limitsCheck({ openPositions: 1 }, { openPositions: 2 }), after: { ...calmPortfolio({ openPositions: 2, positionsPerUnderlying: 1 }), netDelta: null } });
    expect(r?.breach.limit).toBe('portfolio-limits.maxNetDelta');
    expect(r?.message).toBe('portfolio-limits.maxNetDelta: netDelta is unknown after this entry (a leg\'s quote does not carry the Greek); the limit is |netDelta| ≤ 250');
  });

  it('evaluates a compound halting rule again on the book as planned, and ignores alerts', () => {
    const rules = [
      rule('busy-and-scared', 80, { all: [{ fact: 'openPositions', operator: 'greaterThanInclusive', value: 3 }, { fact: 'vix', operator: 'greaterThan', value: 25 }] }, { action: 'halt-entries' }, { scope: 'portfolio' }),
      rule('loud', 70, { all: [{ fact: 'openPositions', operator: 'greaterThanInclusive', value: 1 }] }, { action: 'alert' }, { scope: 'portfolio' }),
    ];
    const set = compileRuleSet(config(rules, [strategy('spy-ic', rules)]));
    const check = (open: number) => checkEntryLimits({ before: calmPortfolio({ openPositions: open, vix: 28 }), after: calmPortfolio({ openPositions: open + 1, vix: 28 }), rules: set.portfolioRules });
    expect(check(2)).toBeNull();
    expect(check(3)).toEqual({
      breach: { limit: 'busy-and-scared', rule: 'busy-and-scared', fact: 'openPositions', before: 3, after: 4, threshold: null, holds: 'not (busy-and-scared)' },
      message: 'busy-and-scared matches the book with the entries planned before this one (openPositions 3, vix 28): it halts entries',
    });
  });
});

describe('gateEntry with the portfolio limits', () => {
  const entry = (e: Partial<EntryCheck> = {}): EntryCheck => ({
    strategy: 'spy-ic', strategyOpen: 1, maxOpen: 3, maxRiskCents: 150_000, equityCents: 10_000_000, maxRiskFraction: 0.02, allowUndefinedRisk: false, ...e,
  });

  it('blocks with reason portfolio-limit and the breach, after the trading state and the strategy\'s own limits', () => {
    const full = limitsCheck({ openPositions: 12 }, { openPositions: 13 });
    expect(gateEntry('ACTIVE', entry({ portfolio: full }))).toMatchObject({ allowed: false, reason: 'portfolio-limit', limit: { limit: 'portfolio-limits.maxOpenPositions', after: 13 } });
    expect(gateEntry('REDUCING', entry({ portfolio: full }))).toMatchObject({ reason: 'trading-state' });
    expect(gateEntry('ACTIVE', entry({ strategyOpen: 3, portfolio: full }))).toMatchObject({ reason: 'max-open', limit: { limit: 'spy-ic.entry.maxOpen', before: 3, after: 4, threshold: 3 } });
    expect(gateEntry('ACTIVE', entry({ portfolio: limitsCheck({ openPositions: 5 }, { openPositions: 6 }) }))).toEqual({ allowed: true });
  });
});
