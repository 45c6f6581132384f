/**
 * buildApi: the fastify app that watches and steers a running kernel. It does not listen (tests use
 * `app.inject()`; `tickwise start` calls `listen`). See docs/api.md.
 */
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Kernel } from '../../engine/kernel/index.ts';
import { twError } from '../../engine/errors/index.ts';
import { installErrorHandling } from './errors.ts';
import { clientErrorHandler, frameworkErrors } from './framework-errors.ts';
import { hostPatterns, installHostCheck } from './host-check.ts';
import { trackRoutes } from './route-table.ts';
import { installSecurity } from './security.ts';
import { installValidators } from './validators.ts';
import { isLoopbackHost, MIN_TOKEN_LENGTH } from './token.ts';
import { readRoutes } from './routes-read.ts';
import { positionRoutes } from './routes-position.ts';
import { configRoutes } from './routes-config.ts';
import { actRoutes } from './routes-act.ts';
import { rulesNowRoutes } from './routes-rules.ts';
import { tradingStateRoutes } from './routes-state.ts';
import { blotterRoutes } from './routes-blotter.ts';
import { alertRoutes } from './routes-alerts.ts';
import { streamRoutes } from './stream.ts';
import { metricsRoutes, type MetricsOptions } from './metrics.ts';
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
  /** More names (`name` or `name:port`) the Host header may carry besides loopback and `host` (`--allowed-host`). */
  allowedHosts?: readonly string[];
  log?: Logger;
  /** Per client IP; default 600 requests per minute. */
  rateLimit?: { max: number; timeWindow: string };
  /** How many stream frames are kept for `Last-Event-ID` replay (default 4096, about 1–2 minutes at `--speed 0`). */
  streamReplayFrames?: number;
  /** `GET /metrics`: public on a network bind too, and the metrics to serve (default: a new registry). */
  metrics?: MetricsOptions;
}

export const DEFAULT_RATE_LIMIT = { max: 600, timeWindow: '1 minute' };
const BODY_LIMIT = 64 * 1024;
/** Matches idParams' maxLength: a longer id is refused with 414 by the router. */
const MAX_PARAM_LENGTH = 200;

export async function buildApi(opts: BuildApiOptions): Promise<FastifyInstance> {
  const tokenEverywhere = !isLoopbackHost(opts.host);
  const token = opts.token?.trim() ?? '';
  if (tokenEverywhere && token.length < MIN_TOKEN_LENGTH) throw twError('TW_HTTP_TOKEN_REQUIRED', { host: opts.host, min: MIN_TOKEN_LENGTH });
  if (!token) throw twError('TW_HTTP_TOKEN_REQUIRED', { host: opts.host, min: MIN_TOKEN_LENGTH });
  const hosts = hostPatterns(opts.host, opts.allowedHosts);

  const app = Fastify({
    ...(opts.log ? { loggerInstance: opts.log.child({ component: 'http' }) } : { logger: false }),
    bodyLimit: BODY_LIMIT,
    // A body with __proto__ or constructor.prototype is refused by the parser (400), not handed to a route.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrors(BODY_LIMIT),
    clientErrorHandler,
    // One log line per request would drown the engine's own log; errors are still logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as FastifyInstance;
  const ctx = { kernel: opts.kernel, reloader: opts.reloader ?? null };
  const routes = collectRoutes(app);
  trackRoutes(app);
  // Unknown fields are errors (400), not silently dropped; bodies are never coerced, query strings are.
  installValidators(app);
  installErrorHandling(app, { bodyLimit: BODY_LIMIT });
  // JSON bodies only: fastify's text/plain parser would hand a string to the body schema.
  app.removeContentTypeParser('text/plain');
  installHostCheck(app, hosts);
  // A POST without a body means "no options": validate it as `{}`.
  app.addHook('preValidation', async (req) => {
    if (req.method === 'POST' && req.body === undefined) req.body = {};
  });
  await installSecurity(app, { token, tokenEverywhere, rateLimit: opts.rateLimit ?? DEFAULT_RATE_LIMIT });

  readRoutes(app, ctx);
  positionRoutes(app, ctx);
  configRoutes(app, ctx);
  actRoutes(app, ctx);
  rulesNowRoutes(app, ctx);
  tradingStateRoutes(app, ctx);
  blotterRoutes(app, ctx);
  alertRoutes(app, ctx);
  streamRoutes(app, ctx, { replayFrames: opts.streamReplayFrames });
  metricsRoutes(app, opts.kernel, opts.metrics);
  openApiRoute(app, routes, { version: opts.kernel.config.version, tokenEverywhere });
  staticRoutes(app);
  return app;
}
