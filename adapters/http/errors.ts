/**
 * Every error the API answers is `{ code, message, hint }` from the registry; never a stack trace. Fastify's own
 * errors (FST_ERR_*: body too large, bad JSON, bad URL, over-long parameter...) are mapped to tickwise codes with
 * the right status here, so a client mistake is never a 500 and never another shape.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isTickwiseError, twError, type ErrorCode } from '../../engine/errors/index.ts';

export interface ErrorBody {
  code: string;
  message: string;
  hint: string;
  outcome?: unknown;
}

export function sendError(reply: FastifyReply, code: ErrorCode, params: Record<string, unknown>, extra: Partial<ErrorBody> = {}, status?: number): FastifyReply {
  const e = twError(code, params);
  return reply.code(status ?? e.status).send({ code: e.code, message: e.message, hint: e.hint, ...extra });
}

/** The path without its query string (tokens or filters never end up in error messages), cut to 200 characters. */
export const pathOf = (req: FastifyRequest) => {
  const path = (req.raw.url ?? req.url).split('?')[0];
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
};

interface Mapped {
  code: ErrorCode;
  params: Record<string, unknown>;
  /** Overrides the code's own status (a 4xx fastify gave that has no code of its own). */
  status?: number;
}

/** FST_ERR_* (and the JSON parser's SyntaxError) → a tickwise code; null for anything that is not a client mistake. */
export function mapFastifyError(err: FastifyError, req: FastifyRequest, bodyLimit: number): Mapped | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return { code: 'TW_HTTP_BODY_TOO_LARGE', params: { limit: bodyLimit } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return { code: 'TW_HTTP_UNSUPPORTED_MEDIA_TYPE', params: { type: JSON.stringify(String(req.headers['content-type'] ?? '').slice(0, 100)) } };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY': return { code: 'TW_HTTP_INVALID_REQUEST', params: { detail: 'the content-type is JSON but the body is empty (send {} or no content-type)' } };
    case 'FST_ERR_CTP_INVALID_JSON_BODY': return { code: 'TW_HTTP_INVALID_REQUEST', params: { detail: 'the body is not valid JSON' } };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH': return { code: 'TW_HTTP_INVALID_REQUEST', params: { detail: 'the content-length does not match the body' } };
    case 'FST_ERR_BAD_URL': return { code: 'TW_HTTP_BAD_URL', params: { detail: 'bad percent-encoding in the path' } };
    case 'FST_ERR_MAX_PARAM_LENGTH': return { code: 'TW_HTTP_URL_TOO_LONG', params: { detail: 'a path parameter is longer than 200 characters' } };
  }
  const status = err.statusCode ?? 500;
  // secure-json-parse: invalid JSON or a __proto__ / constructor.prototype key.
  if (err instanceof SyntaxError && status === 400) return { code: 'TW_HTTP_INVALID_REQUEST', params: { detail: 'the body is not valid JSON (or holds a __proto__ key)' } };
  if (status >= 400 && status < 500) return { code: 'TW_HTTP_INVALID_REQUEST', params: { detail: String(err.message).slice(0, 300) }, status };
  return null;
}

export function installErrorHandling(app: FastifyInstance, opts: { bodyLimit: number }): void {
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
    if (err.statusCode === 429) return reply.code(429).send({ code: err.code, message: err.message, hint: (err as { hint?: string }).hint ?? '' });
    const mapped = mapFastifyError(err, req, opts.bodyLimit);
    if (mapped) return sendError(reply, mapped.code, mapped.params, {}, mapped.status);
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
