/** The HTTP API and the visualizer's server (fastify 5). See docs/api.md and docs/visualizer.md. */
export { buildApi, DEFAULT_RATE_LIMIT, type BuildApiOptions } from './app.ts';
export { parseAllowedHosts, hostAllowed, hostPatterns, type HostPattern } from './host-check.ts';
export { routeTable, tokenNeeded, renderRouteList, withRouteList, type RouteEntry } from './route-table.ts';
export { MAX_URL_LENGTH } from './security.ts';
export { resolveApiToken, isLoopbackHost, MIN_TOKEN_LENGTH, type ResolvedToken } from './token.ts';
export { STREAM_EVENT_TYPES, sseFrame } from './stream.ts';
export type { ApiReloader } from './types.ts';
export { createAppMetrics, TICK_PHASES, type AppMetrics, type MetricsSink, type TickPhase, type TickTiming } from './metrics-registry.ts';
export { METRICS_URL, type MetricsOptions } from './metrics.ts';
