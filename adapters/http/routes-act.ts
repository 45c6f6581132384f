/**
 * Steering routes. Each queues a kernel command that applies at the start of the next tick (never inside one) and
 * answers 202 with the command queued. They all need the bearer token (security.ts).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ControlCommand } from '../../engine/kernel/index.ts';
import type { ApiContext } from './types.ts';
import { sendError } from './errors.ts';
import { errorResponses, idParams, queuedSchema, s } from './schemas.ts';

const reason = { type: 'string', maxLength: 500 } as const;
const accepted = { 202: queuedSchema, ...errorResponses };

export function actRoutes(app: FastifyInstance, { kernel }: ApiContext): void {
  const queue = (reply: FastifyReply, command: ControlCommand) => {
    kernel.control(command);
    return reply.code(202).send({ queued: command, appliesAt: 'next tick' });
  };

  app.post<{ Body: { state: 'ACTIVE' | 'REDUCING' | 'HALTED'; reason?: string } }>('/api/trading-state', {
    schema: {
      summary: 'Set the trading state: ACTIVE, REDUCING (exits only) or HALTED',
      body: { type: 'object', additionalProperties: false, required: ['state'], properties: { state: { type: 'string', enum: ['ACTIVE', 'REDUCING', 'HALTED'] }, reason } },
      response: accepted,
    },
  }, async (req, reply) => queue(reply, { type: 'set-trading-state', state: req.body.state, reason: req.body.reason ?? 'api' }));

  app.post<{ Body: { flatten?: boolean; reason?: string } | undefined }>('/api/kill', {
    schema: {
      summary: 'Kill switch: halt and cancel every working order; with flatten also close every position',
      body: { type: 'object', additionalProperties: false, properties: { flatten: s.bool, reason } },
      response: accepted,
    },
  }, async (req, reply) => queue(reply, { type: 'kill', flatten: req.body?.flatten ?? false, reason: req.body?.reason ?? 'api' }));

  /** 404 for an unknown id, 409 for a position that no longer takes commands; else null. */
  const refuse = async (reply: FastifyReply, id: string): Promise<FastifyReply | null> => {
    const live = kernel.positions().find((p) => p.id === id);
    if (live && live.state !== 'closed') return null;
    const stored = await kernel.store.reads.position(id);
    if (!live && !stored) return sendError(reply, 'TW_HTTP_POSITION_NOT_FOUND', { id });
    return sendError(reply, 'TW_HTTP_POSITION_NOT_LIVE', { id, state: live?.state ?? stored?.position.state ?? 'unknown' });
  };

  const emptyBody = { type: 'object', additionalProperties: false, properties: { reason } } as const;

  app.post<{ Params: { id: string }; Body: { orderStyle?: 'limit' | 'marketable'; reason?: string } | undefined }>('/api/positions/:id/close', {
    schema: {
      summary: 'Close the position now (manual override), with a limit (default) or marketable order',
      params: idParams,
      body: { type: 'object', additionalProperties: false, properties: { orderStyle: { type: 'string', enum: ['limit', 'marketable'] }, reason } },
      response: accepted,
    },
  }, async (req, reply) => (await refuse(reply, req.params.id)) ?? queue(reply, { type: 'close', positionId: req.params.id, orderStyle: req.body?.orderStyle ?? 'limit' }));

  app.post<{ Params: { id: string } }>('/api/positions/:id/roll', {
    schema: { summary: 'Roll the whole position to the strategy\'s target expiry (manual override)', params: idParams, body: emptyBody, response: accepted },
  }, async (req, reply) => (await refuse(reply, req.params.id)) ?? queue(reply, { type: 'roll', positionId: req.params.id }));

  app.post<{ Params: { id: string } }>('/api/positions/:id/hold', {
    schema: { summary: 'Manual hold: rules stop acting on the position until release', params: idParams, body: emptyBody, response: accepted },
  }, async (req, reply) => (await refuse(reply, req.params.id)) ?? queue(reply, { type: 'hold', positionId: req.params.id }));

  app.post<{ Params: { id: string } }>('/api/positions/:id/release', {
    schema: { summary: 'Release a manual hold: rules act on the position again', params: idParams, body: emptyBody, response: accepted },
  }, async (req, reply) => (await refuse(reply, req.params.id)) ?? queue(reply, { type: 'release', positionId: req.params.id }));
}
