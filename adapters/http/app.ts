/**
 * buildApi: the fastify app that watches and steers a running kernel. It does not listen (tests use
 * `app.inject()`; `tickwise start` calls `listen`). See docs/api.md.
 */
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Kernel } from '../../engine/kernel/index.ts';
import { twError } from '../../engine/errors/index.ts';
import { installErrorHandling } from './errors.ts';
import { installSecurity } from './security.ts';
import { isLoopbackHost, MIN_TOKEN_LENGTH } from './token.ts';
import { readRoutes } from './routes-read.ts';
import { positionRoutes } from './routes-position.ts';
import { configRoutes } from './routes-config.ts';
import { actRoutes } from './routes-act.ts';
import { streamRoutes } from './stream.ts';
import { collectRoutes, openApiRoute } from './openapi.ts';
import { staticRoutes } from './static.ts';
import type { ApiReloader } from './types.ts';

export interface BuildApiOptions {
  kernel: Kernel;
  reloader?: ApiReloader | null;
  /** The bearer token mutating routes require (`resolveApiToken`). */
  token: string;
  /** The host the server will bind to: a non-loopback host makes every /api route require the token. */
  host: string;
  log?: Logger;
  /** Per client IP; default 600 requests per minute. */
  rateLimit?: { max: number; timeWindow: string };
}

export const DEFAULT_RATE_LIMIT = { max: 600, timeWindow: '1 minute' };

export async function buildApi(opts: BuildApiOptions): Promise<FastifyInstance> {
  const tokenEverywhere = !isLoopbackHost(opts.host);
  const token = opts.token?.trim() ?? '';
  if (tokenEverywhere && token.length < MIN_TOKEN_LENGTH) throw twError('TW_HTTP_TOKEN_REQUIRED', { host: opts.host, min: MIN_TOKEN_LENGTH });
  if (!token) throw twError('TW_HTTP_TOKEN_REQUIRED', { host: opts.host, min: MIN_TOKEN_LENGTH });

  const app = Fastify({
    ...(opts.log ? { loggerInstance: opts.log.child({ component: 'http' }) } : { logger: false }),
    // Unknown fields are errors (400), not silently dropped; query strings are coerced to their declared types.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    bodyLimit: 64 * 1024,
    // One log line per request would drown the engine's own log; errors are still logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as FastifyInstance;
  const ctx = { kernel: opts.kernel, reloader: opts.reloader ?? null };
  const routes = collectRoutes(app);
  installErrorHandling(app);
  // A POST without a body means "no options": validate it as `{}`.
  app.addHook('preValidation', async (req) => {
    if (req.method === 'POST' && req.body === undefined) req.body = {};
  });
  await installSecurity(app, { token, tokenEverywhere, rateLimit: opts.rateLimit ?? DEFAULT_RATE_LIMIT });

  readRoutes(app, ctx);
  positionRoutes(app, ctx);
  configRoutes(app, ctx);
  actRoutes(app, ctx);
  streamRoutes(app, ctx);
  openApiRoute(app, routes, { version: opts.kernel.config.version, tokenEverywhere });
  staticRoutes(app);
  return app;
}
