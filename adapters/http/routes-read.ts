/** Read routes: health, positions, decisions, rules, alerts, equity. */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from './types.ts';
import { healthBody, healthSchema } from './health.ts';
import { alertSchema, anyJson, decisionSchema, equitySchema, errorResponses, pageQuery, positionSchema, s } from './schemas.ts';
import { positionSummary, rulesInEvaluationOrder } from './views.ts';
import { machineGraph } from '../../engine/lifecycle/index.ts';

/** The machine's top-level states (a position's phase), from its definition. */
const POSITION_STATES = machineGraph().states.filter((st) => st.parent === null).map((st) => st.id);
const timeQuery = { from: { type: 'integer', description: 'epoch ms, inclusive' }, to: { type: 'integer', description: 'epoch ms, inclusive' } };

export function readRoutes(app: FastifyInstance, { kernel }: ApiContext): void {
  app.get('/api/health', {
    schema: {
      summary: 'Liveness plus engine status',
      response: { 200: healthSchema, ...errorResponses },
    },
  }, async () => healthBody(kernel));

  app.get<{ Querystring: { state?: string; strategy?: string; open?: boolean; limit: number; offset: number } }>('/api/positions', {
    schema: {
      summary: 'Positions (open and closed), oldest first, with the last tick\'s P&L, DTE and delta',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { state: { type: 'string', enum: POSITION_STATES }, strategy: { type: 'string', maxLength: 200 }, open: s.bool, ...pageQuery },
      },
      response: { 200: { type: 'array', items: positionSchema }, ...errorResponses },
    },
  }, async (req) => {
    const rows = await kernel.store.reads.positions(req.query);
    const facts = kernel.lastFacts();
    return rows.map((r) => positionSummary(r, facts));
  });

  app.get<{ Querystring: { position?: string; rule?: string; from?: number; to?: number; limit: number; offset: number } }>('/api/decisions', {
    schema: {
      summary: 'Decisions in tick order, paged; filter by position, rule and time',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { position: { type: 'string', maxLength: 200 }, rule: { type: 'string', maxLength: 200 }, ...timeQuery, ...pageQuery },
      },
      response: {
        200: { type: 'object', properties: { items: { type: 'array', items: decisionSchema }, limit: s.int, offset: s.int, next: { type: ['integer', 'null'] } } },
        ...errorResponses,
      },
    },
  }, async (req) => {
    const q = req.query;
    const items = await kernel.store.reads.decisions({ positionId: q.position, rule: q.rule, from: q.from, to: q.to, limit: q.limit, offset: q.offset });
    return { items, limit: q.limit, offset: q.offset, next: items.length === q.limit ? q.offset + q.limit : null };
  });

  app.get('/api/rules', {
    schema: {
      summary: 'Active rules in evaluation order (portfolio scope first, then priority descending)',
      response: {
        200: {
          type: 'object',
          properties: {
            configVersion: s.str,
            rules: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  order: s.int, name: s.str, description: s.str, priority: s.num, scope: s.str, severity: s.str, escalation: s.bool,
                  exclusive: s.bool, action: s.str, then: anyJson, appliesTo: { type: ['array', 'null'], items: s.str }, params: anyJson, when: anyJson,
                  source: { type: 'object', properties: { file: s.str, line: s.int, col: s.int } },
                },
              },
            },
          },
        },
        ...errorResponses,
      },
    },
  }, async () => ({ configVersion: kernel.config.version, rules: rulesInEvaluationOrder(kernel.config) }));

  app.get<{ Querystring: { position?: string; from?: number; to?: number; limit: number; offset: number } }>('/api/alerts', {
    schema: {
      summary: 'Alerts, newest first, paged',
      querystring: { type: 'object', additionalProperties: false, properties: { position: { type: 'string', maxLength: 200 }, ...timeQuery, ...pageQuery } },
      response: { 200: { type: 'array', items: alertSchema }, ...errorResponses },
    },
  }, async (req) => {
    const q = req.query;
    return kernel.store.reads.alerts({ positionId: q.position, from: q.from, to: q.to, limit: q.limit, offset: q.offset });
  });

  app.get<{ Querystring: { from?: number; to?: number; points?: number } }>('/api/equity', {
    schema: {
      summary: 'The equity curve (one point per tick), optionally thinned to at most `points` points',
      querystring: { type: 'object', additionalProperties: false, properties: { ...timeQuery, points: { type: 'integer', minimum: 2, maximum: 100000 } } },
      response: { 200: { type: 'array', items: equitySchema }, ...errorResponses },
    },
  }, async (req) => {
    const rows = await kernel.store.reads.equityCurve({ from: req.query.from, to: req.query.to });
    return thin(rows, req.query.points);
  });
}

/** Keeps at most `points` evenly spaced rows, always including the first and the last. */
export function thin<T>(rows: T[], points?: number): T[] {
  if (!points || rows.length <= points) return rows;
  const step = (rows.length - 1) / (points - 1);
  return Array.from({ length: points }, (_, i) => rows[Math.round(i * step)]);
}
