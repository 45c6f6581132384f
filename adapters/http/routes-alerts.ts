/** The notification outbox and acknowledgements: deliveries per channel (docs/alerts.md) and `POST …/ack`. */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from './types.ts';
import { sendError } from './errors.ts';
import { errorResponses, pageQuery, s } from './schemas.ts';

const STATUSES = ['pending', 'sent', 'failed', 'suppressed'];

const deliverySchema = {
  type: 'object',
  properties: {
    idempotencyKey: s.str, alertId: s.int, channel: s.str, status: { type: 'string', enum: STATUSES }, attempts: s.int,
    nextAttemptAt: s.nnum, lastError: s.nstr, repeats: s.int, createdAt: s.num, sentAt: s.nnum,
  },
} as const;

export function alertRoutes(app: FastifyInstance, { kernel }: ApiContext): void {
  app.get<{ Querystring: { status?: string; channel?: string; alert?: number; limit: number; offset: number } }>('/api/alerts/deliveries', {
    schema: {
      summary: 'Alert deliveries per channel (the notification outbox), newest alert first; filter by status, channel and alert',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { status: { type: 'string', enum: STATUSES }, channel: { type: 'string', maxLength: 200 }, alert: { type: 'integer', minimum: 1 }, ...pageQuery },
      },
      response: { 200: { type: 'array', items: deliverySchema }, ...errorResponses },
    },
  }, async (req) => {
    const q = req.query;
    return (await kernel.store.outbox()).deliveries({ status: q.status, channel: q.channel, alertId: q.alert, limit: q.limit, offset: q.offset });
  });

  app.post<{ Params: { id: string }; Body: { by?: string; note?: string } }>('/api/alerts/:id/ack', {
    schema: {
      summary: 'Acknowledge an alert (recorded with who and a note; the first acknowledgement is the alert\'s acknowledgedAt)',
      params: { type: 'object', properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' } }, required: ['id'], additionalProperties: false },
      body: { type: 'object', additionalProperties: false, properties: { by: { type: 'string', minLength: 1, maxLength: 200 }, note: { type: 'string', maxLength: 2000 } } },
      response: { 200: { type: 'object', properties: { id: s.int, acknowledgedAt: s.num, by: s.nstr, note: s.nstr } }, ...errorResponses },
    },
  }, async (req, reply) => {
    const id = Number(req.params.id);
    const at = Date.now();
    const ok = await (await kernel.store.outbox()).ack(id, at, req.body.by ?? null, req.body.note ?? null);
    if (!ok) return sendError(reply, 'TW_NOTIFY_ALERT_NOT_FOUND', { id });
    return { id, acknowledgedAt: at, by: req.body.by ?? null, note: req.body.note ?? null };
  });
}
