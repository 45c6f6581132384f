/**
 * The blotter: closed trades with their realised P&L and the rule that closed them, P&L by strategy and by exit
 * rule, and every fill; filterable by strategy, exit rule and date (close time for trades, fill time for fills).
 */
import type { FastifyInstance } from 'fastify';
import type { PositionRow } from '../../engine/store/index.ts';
import type { ApiContext } from './types.ts';
import { errorResponses, s } from './schemas.ts';

const PAGE = 1000;

/** Every position row matching `filter`, page by page (the store answers at most 1000 rows a read). */
async function allPositions(reads: ApiContext['kernel']['store']['reads'], filter: { state?: string; strategy?: string }): Promise<PositionRow[]> {
  const out: PositionRow[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const rows = await reads.positions({ ...filter, limit: PAGE, offset });
    out.push(...rows);
    if (rows.length < PAGE) return out;
  }
}
const filterQuery = {
  strategy: { type: 'string', maxLength: 200 },
  rule: { type: 'string', maxLength: 200, description: 'the exit rule (`closeRule`); `(none)` for trades closed without one' },
  from: { type: 'integer', description: 'epoch ms, inclusive' },
  to: { type: 'integer', description: 'epoch ms, inclusive' },
} as const;
type Filter = { strategy?: string; rule?: string; from?: number; to?: number };

const tradeSchema = {
  type: 'object',
  properties: {
    id: s.str, strategy: s.str, structure: s.str, underlying: s.str, openedAt: s.nnum, closedAt: s.nnum, contracts: s.int, creditCents: s.int,
    commissionCents: s.int, realizedPnlCents: s.nnum, closeRule: s.nstr, outcome: s.nstr, rollCount: s.int, parentId: s.nstr,
  },
} as const;
const groupSchema = { type: 'object', properties: { key: s.str, trades: s.int, wins: s.int, pnlCents: s.int } } as const;
const fillSchema = {
  type: 'object',
  properties: {
    fillId: s.str, time: s.num, positionId: s.str, strategy: s.str, underlying: s.str, clientOrderId: s.str, quantity: s.num, netPrice: s.num, commissionCents: s.int,
    legs: { type: 'array', items: { type: 'object', properties: { key: s.str, side: s.str, quantity: s.num, price: s.num } } },
  },
} as const;

/** The exit rule a trade is grouped and filtered by. */
export const exitRule = (p: PositionRow): string => p.closeRule ?? '(none)';

export function tradeRow(p: PositionRow) {
  return {
    id: p.id, strategy: p.strategy, structure: p.structure, underlying: p.underlying, openedAt: p.openedAt, closedAt: p.closedAt, contracts: p.contracts,
    creditCents: p.creditCents, commissionCents: p.commissionCents, realizedPnlCents: p.realizedPnlCents, closeRule: p.closeRule, outcome: p.outcome,
    rollCount: p.rollCount, parentId: p.parentId,
  };
}

const inRange = (t: number | null, f: Filter) => t !== null && (f.from === undefined || t >= f.from) && (f.to === undefined || t <= f.to);

/** Closed positions matching the filter, in close order. */
export function closedTrades(rows: readonly PositionRow[], f: Filter): PositionRow[] {
  return rows.filter((p) => p.state === 'closed' && (!f.strategy || p.strategy === f.strategy) && (!f.rule || exitRule(p) === f.rule) && inRange(p.closedAt, f))
    .sort((a, b) => (a.closedAt ?? 0) - (b.closedAt ?? 0) || (a.id < b.id ? -1 : 1));
}

/** Trades, wins and realised P&L per key, largest P&L first. */
export function groupPnl(trades: readonly PositionRow[], key: (p: PositionRow) => string) {
  const m = new Map<string, { key: string; trades: number; wins: number; pnlCents: number }>();
  for (const p of trades) {
    const k = key(p);
    const g = m.get(k) ?? { key: k, trades: 0, wins: 0, pnlCents: 0 };
    g.trades += 1;
    g.pnlCents += p.realizedPnlCents ?? 0;
    if ((p.realizedPnlCents ?? 0) > 0) g.wins += 1;
    m.set(k, g);
  }
  return [...m.values()].sort((a, b) => b.pnlCents - a.pnlCents || (a.key < b.key ? -1 : 1));
}

export function blotterRoutes(app: FastifyInstance, { kernel }: ApiContext): void {
  app.get<{ Querystring: Filter }>('/api/blotter/trades', {
    schema: {
      summary: 'Closed trades with realised P&L and exit rule, and P&L by strategy and by exit rule; filter by strategy, exit rule and close time',
      querystring: { type: 'object', additionalProperties: false, properties: filterQuery },
      response: {
        200: {
          type: 'object',
          properties: {
            trades: { type: 'array', items: tradeSchema }, byStrategy: { type: 'array', items: groupSchema }, byRule: { type: 'array', items: groupSchema },
            totalPnlCents: s.int, strategies: { type: 'array', items: s.str }, rules: { type: 'array', items: s.str },
          },
        },
        ...errorResponses,
      },
    },
  }, async (req) => {
    const all = await allPositions(kernel.store.reads, { state: 'closed' });
    const trades = closedTrades(all, req.query);
    return {
      trades: trades.map(tradeRow), byStrategy: groupPnl(trades, (p) => p.strategy), byRule: groupPnl(trades, exitRule),
      totalPnlCents: trades.reduce((t, p) => t + (p.realizedPnlCents ?? 0), 0),
      // What the filters can choose from (every closed trade, unfiltered).
      strategies: [...new Set(all.map((p) => p.strategy))].sort(), rules: [...new Set(all.map(exitRule))].sort(),
    };
  });

  app.get<{ Querystring: Filter }>('/api/blotter/fills', {
    schema: {
      summary: 'Every fill (opening, closing, rolling) with its position\'s strategy, in time order; filter by strategy, the position\'s exit rule and fill time',
      querystring: { type: 'object', additionalProperties: false, properties: filterQuery },
      response: { 200: { type: 'array', items: fillSchema }, ...errorResponses },
    },
  }, async (req) => {
    const f = req.query;
    const positions = (await allPositions(kernel.store.reads, { strategy: f.strategy })).filter((p) => !f.rule || (p.state === 'closed' && exitRule(p) === f.rule));
    const out = [];
    for (const p of positions) {
      for (const fill of await kernel.store.reads.fills(p.id)) {
        if (inRange(fill.time, f)) out.push({ ...fill, strategy: p.strategy, underlying: p.underlying });
      }
    }
    return out.sort((a, b) => a.time - b.time || (a.fillId < b.fillId ? -1 : 1));
  });
}
