/**
 * Market-data subscriptions: tells the feed what the engine needs — the strategies' underlyings, the VIX, the legs
 * positions hold (must stream) and trade, and, for feeds with a line limit (IB), entry candidates: the expiry nearest
 * each strategy's target DTE (and back DTE) inside its window, the at-the-money strike and the strikes around the
 * estimated target-delta strikes and their wings, within the line budget.
 *
 * Cheap on the per-tick path: the feed is called only when the set changes — legs held or traded, the config
 * version, the New York date (expiries roll), or an underlying leaving the band of strikes its candidates cover.
 * Feeds that deliver whole chains (sim, replay) get no candidates and never have `chain()` called.
 */
import { contractKey, daysBetween, exchangeTime } from '../domain/index.ts';
import type { ChainListing, MarketTick, OptionContract, Right } from '../domain/index.ts';
import { structureTemplate } from '../entry/index.ts';
import { normCdf } from '../pricing/index.ts';
import type { MarketFeed, Subscription } from '../ports/index.ts';
import type { ResolvedStrategy } from '../config/types.ts';
import type { KernelState } from './state.ts';

/** The port's subscription plus the contracts that must stream (IB's feed honours it; others ignore it). */
type WideSubscription = Subscription & { stream: OptionContract[] };
type LineLimitedFeed = MarketFeed & { lineLimit?: number };

const DEFAULT_LINE_LIMIT = 100;
const MAX_RETRY_TICKS = 64;

interface Band {
  center: number;
  halfWidth: number;
}

interface SubState {
  /** Per live position, the identities of its legs, working order and pending roll when last subscribed. */
  refs: Map<string, readonly unknown[]>;
  version: string;
  date: string | null;
  bands: Map<string, Band>;
  /** Underlyings with a known price but no candidates yet (none listed, or not fetched). */
  awaitingPrice: Set<string>;
  chains: Map<string, { date: string; listing: ChainListing | null }>;
  retryAtSeq: number | null;
  failures: number;
  /** The last subscription sent (tests and status). */
  last: WideSubscription | null;
}

const states = new WeakMap<KernelState, SubState>();

function stateOf(k: KernelState): SubState {
  let st = states.get(k);
  if (!st) {
    st = { refs: new Map(), version: '', date: null, bands: new Map(), awaitingPrice: new Set(), chains: new Map(), retryAtSeq: null, failures: 0, last: null };
    states.set(k, st);
  }
  return st;
}

/** The subscription most recently handed to the feed (null before the first). */
export function currentSubscription(k: KernelState): WideSubscription | null {
  return states.get(k)?.last ?? null;
}

/**
 * Re-subscribes the feed when what the engine needs has changed. Called at the end of recovery (no tick: underlyings
 * and legs only) and after every commit with the tick (prices centre the candidates). Resolves true when the feed was
 * called. A failing subscribe is logged and retried after 1, 2, 4 … 64 ticks; it never fails the tick. Nothing is sent
 * while the broker is disconnected.
 */
export async function updateSubscriptions(k: KernelState, tick?: MarketTick): Promise<boolean> {
  const st = stateOf(k);
  const limited = typeof k.feed.linesInUse === 'function';
  const legsChanged = legRefsChanged(k, st);
  const version = k.current.config.version;
  const date = limited && tick ? exchangeTime(tick.time).date : st.date;
  let changed = legsChanged || version !== st.version || date !== st.date || (st.retryAtSeq !== null && k.seq >= st.retryAtSeq);
  if (!changed && limited && tick) changed = priceMoved(st, tick);
  // While the broker's connection is down a subscribe would only wait for it: the change is picked up after reconnect
  // (the feed re-requests what it streamed by itself).
  if (!changed || k.brokerStatus === 'disconnected') return false;

  const { stream, working, refs } = positionLegs(k);
  const strategies = relevantStrategies(k);
  const underlyings = [...new Set(strategies.map((s) => s.underlying))];
  const legContracts = dedupe([...stream, ...working]);
  let candidates: OptionContract[] = [];
  const bands = new Map<string, Band>();
  const awaitingPrice = new Set<string>();
  let failed = false;
  if (limited && tick && date) {
    const budget = ((k.feed as LineLimitedFeed).lineLimit ?? DEFAULT_LINE_LIMIT) - underlyings.length - (underlyings.includes('VIX') ? 0 : 1) - legContracts.length;
    // One group per (underlying, expiry, root); strategies sharing an expiry merge their candidates (alternating).
    const byGroup = new Map<string, { underlying: string; lists: OptionContract[][] }>();
    const noChain = new Set<string>();
    for (const s of strategies) {
      const price = tick.underlyings.find((u) => u.symbol === s.underlying)?.price;
      if (!(price! > 0) || noChain.has(s.underlying)) continue;
      const listing = await chainFor(k, st, s.underlying, date).catch((err) => {
        failed = true;
        noChain.add(s.underlying);
        k.log.error({ err, underlying: s.underlying }, 'could not read the option chain for entry candidates');
        return null;
      });
      if (!listing) continue;
      let any = false;
      for (const window of [s.legs.dte, s.legs.backDte]) {
        const entry = window && nearestExpiry(listing, date, window);
        if (!entry) continue;
        any = true;
        const id = `${s.underlying}|${entry.expiry}|${entry.root ?? ''}`;
        const group = byGroup.get(id) ?? { underlying: s.underlying, lists: [] };
        group.lists.push(candidatesFor(listing, entry, price!, shapeOf(s, tick, daysBetween(date, entry.expiry))));
        byGroup.set(id, group);
      }
      if (!any) awaitingPrice.add(s.underlying);
    }
    const groups = [...byGroup.values()].map((g) => dedupe(interleave(g.lists)));
    const groupUnderlying = [...byGroup.values()].map((g) => g.underlying);
    const perGroup = groups.length ? Math.max(0, Math.floor(Math.max(0, budget) / groups.length)) : 0;
    const trimmed = groups.map((g) => g.slice(0, perGroup));
    candidates = interleave(trimmed);
    trimmed.forEach((g, i) => {
      const u = groupUnderlying[i]!;
      const price = tick.underlyings.find((x) => x.symbol === u)!.price;
      const reach = g.reduce((m, c) => Math.max(m, Math.abs(c.strike - price)), 0);
      const prev = bands.get(u);
      const halfWidth = Math.min(prev?.halfWidth ?? Infinity, reach / 2);
      if (halfWidth > 0) bands.set(u, { center: price, halfWidth });
    });
  } else if (limited) {
    for (const u of underlyings) awaitingPrice.add(u);
  }

  const sub: WideSubscription = { underlyings, vix: true, contracts: dedupe([...legContracts, ...candidates]), stream };
  try {
    await k.feed.subscribe(sub);
  } catch (err) {
    failed = true;
    k.log.error({ err, feed: k.feed.name }, 'market-data subscription failed; retrying');
  }
  st.refs = refs;
  st.version = version;
  st.date = date;
  st.bands = bands;
  st.awaitingPrice = awaitingPrice;
  if (failed) {
    st.failures += 1;
    st.retryAtSeq = k.seq + Math.min(MAX_RETRY_TICKS, 2 ** (st.failures - 1));
  } else {
    st.failures = 0;
    st.retryAtSeq = null;
    st.last = sub;
    k.log.debug({ underlyings: underlyings.length, contracts: sub.contracts.length, stream: stream.length }, 'market data subscribed');
  }
  return true;
}

/**
 * Whether any live position's legs, working order or pending roll changed since the last subscription: pointer
 * comparisons only (the machine replaces these objects when they change), so an idle tick costs O(positions).
 */
function legRefsChanged(k: KernelState, st: SubState): boolean {
  let n = 0;
  for (const e of k.book.entries.values()) {
    if (e.actor.phase() === 'closed') continue;
    n += 1;
    const c = e.actor.context();
    const prev = st.refs.get(e.actor.id);
    if (!prev || prev[0] !== c.legs || prev[1] !== c.workingOrder || prev[2] !== c.pendingRoll) return true;
  }
  return n !== st.refs.size;
}

/** Legs held (stream) and legs of working orders and pending rolls, with the identities `legRefsChanged` compares. */
function positionLegs(k: KernelState): { stream: OptionContract[]; working: OptionContract[]; refs: Map<string, readonly unknown[]> } {
  const stream: OptionContract[] = [];
  const working: OptionContract[] = [];
  const refs = new Map<string, readonly unknown[]>();
  for (const e of k.book.entries.values()) {
    if (e.actor.phase() === 'closed') continue;
    const c = e.actor.context();
    refs.set(e.actor.id, [c.legs, c.workingOrder, c.pendingRoll]);
    for (const l of c.legs) stream.push(l.contract);
    for (const l of c.workingOrder?.legs ?? []) working.push(l.contract);
    for (const l of c.pendingRoll?.legs ?? []) working.push(l.contract);
  }
  return { stream: dedupe(stream), working, refs };
}

/** The candidate shape of a strategy's structure, from its catalogue legs. */
export function shapeOf(s: Pick<ResolvedStrategy, 'structure' | 'legs'>, tick: Pick<MarketTick, 'vix'>, dte: number): CandidateShape {
  const legs = structureTemplate(s.structure).legs;
  // At-the-money anchors sit at delta 0.5; wings on both sides of an anchor (butterflies) centre the strikes on it.
  const atm = legs.some((l) => l.role === 'atm');
  const inner = legs.some((l) => l.role === 'inner-wing');
  return {
    rights: [...new Set(legs.map((l) => l.right))], targetDelta: atm ? 0.5 : s.legs.targetDelta, wingWidth: inner ? 0 : s.legs.wingWidth ?? 0,
    vol: tick.vix && tick.vix.level > 0 ? tick.vix.level / 100 : 0.2, years: dte / 365,
  };
}

function relevantStrategies(k: KernelState): ResolvedStrategy[] {
  const out = k.current.config.strategies.filter((s) => s.enabled);
  const names = new Set(out.map((s) => s.name));
  for (const e of k.book.entries.values()) {
    if (e.actor.phase() === 'closed') continue;
    const c = e.actor.context();
    if (names.has(c.strategy)) continue;
    const s = k.strategy(c.strategy, e.pinnedVersion ?? undefined);
    if (s) {
      names.add(s.name);
      out.push(s);
    }
  }
  return out;
}

function priceMoved(st: SubState, tick: MarketTick): boolean {
  for (const u of tick.underlyings) {
    if (st.awaitingPrice.has(u.symbol) && u.price > 0 && !st.chains.has(u.symbol)) return true;
    const b = st.bands.get(u.symbol);
    if (b && Math.abs(u.price - b.center) > b.halfWidth) return true;
  }
  return false;
}

async function chainFor(k: KernelState, st: SubState, underlying: string, date: string): Promise<ChainListing | null> {
  const cached = st.chains.get(underlying);
  if (cached && cached.date === date) return cached.listing;
  const listing = await k.feed.chain(underlying);
  st.chains.set(underlying, { date, listing });
  return listing;
}

type ListedExpiry = ChainListing['expiries'][number];

/** The listed expiry inside [min, max] DTE nearest `target` (ties: the earlier; same date: the root with most strikes). */
export function nearestExpiry(listing: ChainListing, today: string, window: { min: number; max: number; target: number }): ListedExpiry | null {
  let best: ListedExpiry | null = null;
  let bestGap = Infinity;
  for (const e of listing.expiries) {
    const dte = daysBetween(today, e.expiry);
    if (dte < window.min || dte > window.max) continue;
    const gap = Math.abs(dte - window.target);
    if (gap < bestGap || (gap === bestGap && best && (e.expiry < best.expiry || (e.expiry === best.expiry && e.strikes.length > best.strikes.length)))) {
      best = e;
      bestGap = gap;
    }
  }
  return best;
}

export interface CandidateShape {
  /** Rights the structure trades. */
  rights: readonly Right[];
  /** |delta| of the strikes the structure picks by delta (0.5 = at the money). */
  targetDelta: number;
  /** Wing width in underlying points (0 when the structure has none). */
  wingWidth: number;
  /** Volatility guess (decimal) to place the target-delta strikes. */
  vol: number;
  /** Years to the expiry. */
  years: number;
}

/**
 * Candidates of one expiry, most useful first: the at-the-money put and call (atmIv), then, per right the structure
 * trades, strikes nearest the middle between the estimated target-delta strike and its wing (puts below, calls above),
 * alternating puts and calls. A tight line budget keeps the strikes leg selection will actually pick.
 */
export function candidatesFor(listing: ChainListing, e: ListedExpiry, price: number, shape: CandidateShape): OptionContract[] {
  const contract = (strike: number, right: Right): OptionContract => ({
    underlying: listing.underlying, expiry: e.expiry, right, strike, multiplier: listing.multiplier, settlement: listing.settlement,
    ...(e.root ? { root: e.root } : {}),
  });
  const byDistance = (x: number) => [...e.strikes].sort((a, b) => Math.abs(a - x) - Math.abs(b - x) || a - b);
  const atm = byDistance(price)[0];
  const out: OptionContract[] = atm === undefined ? [] : [contract(atm, 'put'), contract(atm, 'call')];
  const reach = shape.vol * Math.sqrt(Math.max(shape.years, 1 / 365)) * inverseNormCdf(1 - Math.min(Math.max(shape.targetDelta, 0.01), 0.99));
  const lists = shape.rights.map((right) => {
    const anchor = right === 'put' ? price * Math.exp(-reach) : price * Math.exp(reach);
    const centre = right === 'put' ? anchor - shape.wingWidth / 2 : anchor + shape.wingWidth / 2;
    return byDistance(centre).map((strike) => contract(strike, right));
  });
  return [...out, ...interleave(lists)];
}

/** The standard normal quantile by bisection on `normCdf` (called only when candidates are recomputed). */
function inverseNormCdf(p: number): number {
  let lo = -8;
  let hi = 8;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function interleave(groups: OptionContract[][]): OptionContract[] {
  const out: OptionContract[] = [];
  const longest = groups.reduce((m, g) => Math.max(m, g.length), 0);
  for (let i = 0; i < longest; i++) for (const g of groups) if (i < g.length) out.push(g[i]!);
  return out;
}

function dedupe(cs: OptionContract[]): OptionContract[] {
  const seen = new Set<string>();
  return cs.filter((c) => {
    const key = contractKey(c);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
