/**
 * Bearer-token checks and rate limiting. Who needs the token is decided from the route the router matched (its
 * declared config), never from the raw URL: `/%61pi/positions`, `//api/x`, `/./api/x` and absolute-form
 * `GET http://x/api/x` all resolve to the route they name and are checked as that route. Mutating routes (anything
 * but GET/HEAD) always need the token; on a non-loopback bind every route does unless it is declared
 * `config: { public: true }` (only the static page shell, which holds no data and asks for the token). Unmatched
 * requests answer 404 and reveal nothing. Token comparison is constant-time. See docs/security.md.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { twError } from '../../engine/errors/index.ts';
import { sendError } from './errors.ts';
import { bearerToken, tokenMatches } from './token.ts';

export interface SecurityOptions {
  token: string;
  /** Require the token on every route not declared public (non-loopback binding). */
  tokenEverywhere: boolean;
  rateLimit: { max: number; timeWindow: string | number };
}

/** Longer URLs are refused with 414 before routing (Node refuses request lines + headers over 16 KiB itself). */
export const MAX_URL_LENGTH = 8192;

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export function needsToken(req: FastifyRequest, everywhere: boolean): boolean {
  if (req.is404) return false;
  if (!SAFE_METHODS.has(req.method)) return true;
  return everywhere && req.routeOptions.config?.public !== true;
}

export async function installSecurity(app: FastifyInstance, opts: SecurityOptions): Promise<void> {
  app.addHook('onRequest', async (req, reply) => {
    if ((req.raw.url ?? '').length > MAX_URL_LENGTH) return sendError(reply, 'TW_HTTP_URL_TOO_LONG', { detail: `more than ${MAX_URL_LENGTH} characters` });
  });
  await app.register(rateLimit, {
    global: true,
    max: opts.rateLimit.max,
    timeWindow: opts.rateLimit.timeWindow,
    errorResponseBuilder: (_req, ctx) => {
      const e = twError('TW_HTTP_RATE_LIMITED', { max: ctx.max, window: String(opts.rateLimit.timeWindow), after: ctx.after });
      return Object.assign(new Error(e.message), { statusCode: ctx.statusCode, code: e.code, hint: e.hint });
    },
  });
  // preParsing runs after every onRequest hook (the rate limiter's too), so failed tokens are rate limited as well,
  // and before the body is read.
  app.addHook('preParsing', async (req, reply) => {
    if (!needsToken(req, opts.tokenEverywhere)) return;
    const presented = bearerToken(req.headers.authorization);
    if (presented && tokenMatches(presented, opts.token)) return;
    const found = req.headers.authorization === undefined ? 'no Authorization header' : presented ? 'a wrong token' : 'an Authorization header that is not `Bearer <token>`';
    reply.header('www-authenticate', 'Bearer realm="tickwise"');
    return sendError(reply, 'TW_HTTP_UNAUTHORIZED', { found });
  });
}
