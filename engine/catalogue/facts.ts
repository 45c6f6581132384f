import type { Unit } from './units.ts';
import { STRUCTURE_NAMES } from './structures.ts';

/**
 * Where a fact is available: `position` facts describe one position (position-scope rules see them together with
 * portfolio facts); `portfolio` facts describe the whole book (every rule and entry condition sees them); `entry`
 * facts describe a strategy's underlying and open count (entry conditions only).
 */
export type FactScope = 'position' | 'portfolio' | 'entry';
/** `list`: a list of strings (e.g. `tags`), tested with contains / doesNotContain. */
export type FactType = 'number' | 'boolean' | 'string' | 'list';

export interface FactSpec {
  name: string;
  scope: FactScope;
  type: FactType;
  unit: Unit;
  description: string;
  example: number | boolean | string | readonly string[];
  /** For string facts: the values it takes. */
  values?: readonly string[];
  /**
   * Read from the legs' option marks (P&L, Greeks, IV): unknown (null) to the rules while the position's mark is stale
   * and frozen (`markStale` with `markSource: last`), so a condition on it is not matched (docs/evaluation.md § Stale marks).
   */
  priceBased?: boolean;
  /**
   * `strategy`: not computed per tick but read from the strategy's config and bound when its rules are compiled
   * (engine/evaluate/strategy-facts.ts). engine/facts does not compute it; `factNames` leaves it out.
   */
  bound?: 'strategy';
}

const f = (name: string, scope: FactScope, type: FactType, unit: Unit, description: string, example: FactSpec['example'], values?: readonly string[]): FactSpec =>
  ({ name, scope, type, unit, description, example, ...(values ? { values } : {}) });

const PRICE_BASED: ReadonlySet<string> = new Set([
  'pnl', 'pnlPct', 'peakPnlPct', 'drawdownFromPeakPct', 'lossMultipleOfCredit', 'chainPnl', 'delta', 'gamma', 'theta', 'vega',
  'shortStrikeDelta', 'iv', 'ivChangePct', 'extrinsicValue',
]);

/** The fact catalogue: the one source of truth for schemas, docs, the evaluator and the facts computation. */
export const FACTS: readonly FactSpec[] = Object.freeze([
  // ----- position
  f('pnl', 'position', 'number', 'currency', 'Current structure: profit or loss of the leg set held now, since its opening fills: realised (reduces, settlements) plus marked-to-mid, after commissions. A roll starts it again (chainPnl keeps the whole chain).', -125.5),
  f('pnlPct', 'position', 'number', 'fraction', 'Current structure: pnl as a fraction of maxProfit for credit structures (of the credit when max profit is unknown), or of the debit paid for debit structures; both from the opening fills.', 0.42),
  f('peakPnlPct', 'position', 'number', 'fraction', 'Current structure: the highest pnlPct the leg set held now has reached (a completed roll starts a new peak).', 0.55),
  f('drawdownFromPeakPct', 'position', 'number', 'fraction', 'Current structure: peakPnlPct minus pnlPct: how far P&L has retraced from its peak, in fractions of max profit (0.15 = 15 points).', 0.13),
  f('lossMultipleOfCredit', 'position', 'number', 'ratio', 'Current structure: loss (−pnl) as a multiple of the credit its opening fills received (debit paid for debit structures); 0 while it is not losing.', 1.8),
  f('credit', 'position', 'number', 'currency', 'Current structure: net credit its opening fills received, all units, before commission (0 for debit structures).', 142),
  f('debit', 'position', 'number', 'currency', 'Current structure: net debit its opening fills paid, all units, before commission (0 for credit structures).', 0),
  f('maxProfit', 'position', 'number', 'currency', 'Current structure: maximum profit at expiry of the units its opening fills opened, at their average fill price (null for undefined-profit structures and calendars).', 142),
  f('maxLoss', 'position', 'number', 'currency', 'Current structure: maximum loss at expiry of the units its opening fills opened, at their average fill price (null for undefined-risk structures).', 358),
  f('chainPnl', 'position', 'number', 'currency', 'Chain: profit or loss of the whole roll chain: the realised P&L of every leg set rolled out of (their roll-close costs included) plus pnl. Equals pnl before the first roll.', -40),
  f('chainCredit', 'position', 'number', 'currency', 'Chain: net premium of every leg set the roll chain opened, from their opening fills: + credit received, − debit paid (before commission). Equals credit (or −debit) before the first roll.', 268),
  f('extrinsicValue', 'position', 'number', 'currency', "Time value left in the legs held now: Σ over legs of −quantity × multiplier × (mark − intrinsic value at the underlying price now), so short premium still to decay counts + and long legs' time value −. Positive for a credit structure while its short legs have time value; compare it with credit (extrinsicValue / credit). Null when some leg has no usable mark or the underlying price is unknown.", 38),
  f('dte', 'position', 'number', 'days', 'Calendar days until the nearest leg expires.', 23),
  f('daysInTrade', 'position', 'number', 'days', 'Calendar days since the position (or the first position of its roll chain) was opened.', 12),
  f('delta', 'position', 'number', 'share-delta', 'Position delta in share equivalents (multiplier and contracts applied).', -14.2),
  f('gamma', 'position', 'number', 'share-gamma', 'Position gamma in share equivalents per 1.00 underlying move.', -1.9),
  f('theta', 'position', 'number', 'dollars-per-day', 'Position theta in dollars per calendar day.', 6.3),
  f('vega', 'position', 'number', 'dollars-per-vol-point', 'Position vega in dollars per volatility point.', -21.7),
  f('shortStrikeDelta', 'position', 'number', 'delta', 'The largest |delta| among the short legs (0 when there are none).', 0.18),
  f('underlyingDistanceToShortStrikePct', 'position', 'number', 'fraction', 'How far the underlying is from the nearest short strike, as a fraction of the underlying price: positive while every short strike is out of the money, negative once the underlying is beyond one.', 0.034),
  f('ivAtEntry', 'position', 'number', 'vol', 'Average implied volatility of the short legs (all legs when none are short) when the position was opened.', 0.19),
  f('iv', 'position', 'number', 'vol', 'The same implied volatility measured now.', 0.16),
  f('ivChangePct', 'position', 'number', 'fraction', 'iv / ivAtEntry − 1: negative when volatility has fallen since entry.', -0.21),
  f('itm', 'position', 'boolean', 'boolean', 'True when any short leg is in the money.', false),
  f('underlyingPrice', 'position', 'number', 'price', "The position's underlying price now.", 452.3),
  f('contracts', 'position', 'number', 'contracts', 'Contracts per leg currently held: the smallest |quantity| among the legs (a ratio leg holds a multiple of it: a 1-2-1 butterfly of 3 holds 3, 6 and 3, so contracts is 3).', 2),
  f('rollCount', 'position', 'number', 'count', 'Chain: how many rolls have completed (new legs filled) along the chain.', 0),
  f('positionsInUnderlying', 'position', 'number', 'count', "Open positions on this position's underlying, this one included.", 2),
  f('strategy', 'position', 'string', 'text', 'The name of the strategy that opened the position.', 'spy-iron-condor'),
  f('structure', 'position', 'string', 'state', 'The structure of the position (docs/structures.md).', 'iron-condor', STRUCTURE_NAMES),
  f('isCredit', 'position', 'boolean', 'boolean', 'True for credit structures (short volatility), false for debit ones.', true),
  f('markAgeSec', 'position', 'number', 'seconds', "Seconds since the oldest leg's last good quote (0 while every leg is quoted this tick); null when some leg never had a good quote.", 0),
  f('markStale', 'position', 'boolean', 'boolean', "True when some leg's last good quote is older than the strategy's marks.maxAgeSec (or it never had one).", false),
  f('markSource', 'position', 'string', 'state', "Where the worst leg's mark comes from: quote (this tick), model (Black–Scholes at the chain's interpolated IV, onStale: model) or last (the last good quote, frozen); last wins over model over quote.", 'quote', ['quote', 'model', 'last']),
  f('staleLegs', 'position', 'string', 'text', "The stale legs' contract keys, sorted and comma-separated; null when none is.", 'SPX 20190517 P 2800'),
  { ...f('tags', 'position', 'list', 'text', "The position's strategy's `tags` from the config (a list; test it with contains / doesNotContain). Bound when the rules are compiled, not computed per tick.", ['short-vol', 'credit']), bound: 'strategy' as const },
  // ----- portfolio
  f('equity', 'portfolio', 'number', 'currency', 'Account equity: cash plus positions marked to mid.', 100000),
  f('dailyPnlPct', 'portfolio', 'number', 'fraction', "Today's change in equity as a fraction of the previous close's equity.", -0.012),
  f('drawdownPct', 'portfolio', 'number', 'fraction', 'Equity now relative to its running peak, minus 1: 0 at a new high, −0.07 seven percent below it.', -0.031),
  f('consecutiveLosses', 'portfolio', 'number', 'count', 'Closed positions in a row with a realised loss this session: the streak resets on a winning close and at the first tick of each New York trading date, so a circuit breaker on it halts entries for the rest of the session, not for good.', 1),
  f('openPositions', 'portfolio', 'number', 'count', 'Positions that are not closed (entering, managed, rolling or closing).', 6),
  f('positionsPerUnderlying', 'portfolio', 'number', 'count', 'The largest number of open positions on any one underlying.', 3),
  f('netDelta', 'portfolio', 'number', 'share-delta', 'Sum of position deltas in share equivalents.', -42.5),
  f('netGamma', 'portfolio', 'number', 'share-gamma', 'Sum of position gammas.', -6.1),
  f('netVega', 'portfolio', 'number', 'dollars-per-vol-point', 'Sum of position vegas.', -120.4),
  f('netTheta', 'portfolio', 'number', 'dollars-per-day', 'Sum of position thetas.', 38.2),
  f('vix', 'portfolio', 'number', 'index-points', 'The VIX level now.', 18.4),
  f('vixChangePct', 'portfolio', 'number', 'fraction', "The VIX's change since the previous close: 0.2 = up 20%.", 0.06),
  f('tradingState', 'portfolio', 'string', 'state', 'The trading state: ACTIVE, REDUCING (no new entries) or HALTED (only cancels).', 'ACTIVE', ['ACTIVE', 'REDUCING', 'HALTED']),
  // ----- entry
  f('strategyOpenPositions', 'entry', 'number', 'count', "Open positions of the strategy being considered for entry.", 1),
  f('underlyingLast', 'entry', 'number', 'price', "The strategy's underlying price now.", 452.3),
  f('underlyingChangePct', 'entry', 'number', 'fraction', "The underlying's change since the previous close.", -0.004),
  f('atmIv', 'entry', 'number', 'vol', "At-the-money implied volatility of the expiry nearest the strategy's target DTE.", 0.17),
].map((x) => (PRICE_BASED.has(x.name) ? { ...x, priceBased: true } : x)));

export const FACTS_BY_NAME: ReadonlyMap<string, FactSpec> = new Map(FACTS.map((x) => [x.name, x]));

/** The facts engine/facts computes each tick, in `scopes` (all scopes by default): strategy-bound facts are not. */
export function factNames(scopes?: readonly FactScope[]): string[] {
  return FACTS.filter((x) => x.bound === undefined && (!scopes || scopes.includes(x.scope))).map((x) => x.name);
}
