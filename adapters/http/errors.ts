/** Every error the API answers is `{ code, message, hint }` from the registry; never a stack trace. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isTickwiseError, twError, type ErrorCode } from '../../engine/errors/index.ts';

export interface ErrorBody {
  code: string;
  message: string;
  hint: string;
  outcome?: unknown;
}

export function sendError(reply: FastifyReply, code: ErrorCode, params: Record<string, unknown>, extra: Partial<ErrorBody> = {}): FastifyReply {
  const e = twError(code, params);
  return reply.code(e.status).send({ code: e.code, message: e.message, hint: e.hint, ...extra });
}

/** The path without its query string (tokens or filters never end up in error messages). */
export const pathOf = (req: FastifyRequest) => req.url.split('?')[0];

export function installErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((req, reply) => {
    sendError(reply, 'TW_HTTP_NOT_FOUND', { method: req.method, url: pathOf(req) });
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (isTickwiseError(err)) {
      if (err.status >= 500) req.log.error({ err }, err.message);
      return reply.code(err.status).send({ code: err.code, message: err.message, hint: err.hint });
    }
    if (err.validation) {
      const where = err.validationContext ?? 'request';
      const detail = err.validation.map((v) => `${where}${v.instancePath || ''} ${v.message ?? 'is invalid'}${paramsNote(v.params)}`).join('; ');
      return sendError(reply, 'TW_HTTP_INVALID_REQUEST', { detail });
    }
    const status = err.statusCode ?? 500;
    if (status === 429) return reply.code(429).send({ code: err.code, message: err.message, hint: (err as { hint?: string }).hint ?? '' });
    if (status >= 400 && status < 500) {
      const e = twError('TW_HTTP_INVALID_REQUEST', { detail: err.message });
      return reply.code(status).send({ code: e.code, message: e.message, hint: e.hint });
    }
    req.log.error({ err }, 'API request failed');
    return sendError(reply, 'TW_HTTP_INTERNAL', { method: req.method, url: pathOf(req) });
  });
}

function paramsNote(params: unknown): string {
  if (!params || typeof params !== 'object') return '';
  const p = params as Record<string, unknown>;
  if (Array.isArray(p.allowedValues)) return ` (${p.allowedValues.join(', ')})`;
  if (typeof p.additionalProperty === 'string') return ` ("${p.additionalProperty}")`;
  return '';
}
