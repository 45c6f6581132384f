/**
 * `GET /metrics`: the Prometheus text format (prom-client, this app's own registry). Who may scrape it: on a loopback
 * bind anyone (like every read); on a network bind the API token, unless the app was built with `metrics.public`
 * (`tickwise start --metrics-public`), which declares the route `config.public` in the route table. docs/metrics.md.
 */
import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../../engine/kernel/index.ts';
import { collectKernelEvents } from './metrics-collect.ts';
import { gaugeRefresher } from './metrics-gauges.ts';
import { createAppMetrics, type AppMetrics } from './metrics-registry.ts';
import { errorResponses } from './schemas.ts';

export const METRICS_URL = '/metrics';

export interface MetricsOptions {
  /** Serve without the token on a non-loopback bind too (a Prometheus in the same private network). Default false. */
  public?: boolean;
  /** The metrics to serve (the wiring creates them first to hand their sink to the notifier, reloader and timer); default: a new set for this app. */
  metrics?: AppMetrics;
}

/** Registers `GET /metrics`; the collection stops when the app closes. Returns the metrics served. */
export function metricsRoutes(app: FastifyInstance, kernel: Kernel, opts: MetricsOptions = {}): AppMetrics {
  const metrics = opts.metrics ?? createAppMetrics();
  const unsubscribe = collectKernelEvents(kernel, metrics);
  app.addHook('onClose', async () => unsubscribe());
  const refresh = gaugeRefresher(kernel, metrics);
  app.get(METRICS_URL, {
    config: { public: opts.public === true },
    schema: {
      summary: 'Metrics in the Prometheus text format (docs/metrics.md)',
      operationId: 'getMetrics',
      response: { 200: { type: 'string', description: 'Prometheus text exposition format 0.0.4' }, ...errorResponses },
    },
  }, async (_req, reply) => {
    await refresh();
    const text = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).send(text);
  });
  return metrics;
}
