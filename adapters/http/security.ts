/**
 * Bearer-token checks and rate limiting. Mutating routes (anything but GET/HEAD) always need the token; when the
 * server binds to a non-loopback host, every /api route does. The static page shell holds no data and is served
 * without a token (it asks for one). Token comparison is constant-time.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { twError } from '../../engine/errors/index.ts';
import { sendError } from './errors.ts';
import { bearerToken, tokenMatches } from './token.ts';

export interface SecurityOptions {
  token: string;
  /** Require the token on every /api route (non-loopback binding). */
  tokenEverywhere: boolean;
  rateLimit: { max: number; timeWindow: string | number };
}

export function needsToken(req: FastifyRequest, everywhere: boolean): boolean {
  const mutating = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
  return mutating || (everywhere && req.url.startsWith('/api'));
}

export async function installSecurity(app: FastifyInstance, opts: SecurityOptions): Promise<void> {
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
