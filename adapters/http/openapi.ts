/**
 * The OpenAPI 3.1 document, written from the schemas the routes declare (collected as they are added). It passes
 * `redocly lint` with the recommended rules (test/adapters/http/openapi-lint.test.ts): every operation has an
 * `operationId` and a `security` requirement, the document names its server and licence.
 *
 * Security as bound: mutating routes always need the bearer token; reads need it on a non-loopback bind and are open
 * on loopback, which the document states as `[{ bearer: [] }, {}]` (the token, or nothing).
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { errorResponses } from './schemas.ts';

interface Collected {
  method: string;
  url: string;
  schema: Record<string, unknown>;
  public: boolean;
}

export interface OpenApiOptions {
  version: string;
  tokenEverywhere: boolean;
}

const toOpenApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');
const capital = (w: string) => (w ? w[0]!.toUpperCase() + w.slice(1) : w);

/** `get /api/positions/:id/machine` → `getPositionsByIdMachine`; a route may name its own (`schema.operationId`). */
export function operationId(method: string, url: string): string {
  const words = url.replace(/^\/api\//, '').split(/[/.-]/).filter(Boolean)
    .map((seg) => (seg.startsWith(':') ? `By${capital(seg.slice(1))}` : capital(seg)));
  return `${method.toLowerCase()}${words.join('')}`;
}

export function collectRoutes(app: FastifyInstance): Collected[] {
  const routes: Collected[] = [];
  app.addHook('onRoute', (r: RouteOptions) => {
    if (!(r.url.startsWith('/api/') || r.url === '/metrics') || !r.schema) return;
    for (const method of [r.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({ method: method.toLowerCase(), url: r.url, schema: r.schema as Record<string, unknown>, public: (r.config as { public?: boolean } | undefined)?.public === true });
    }
  });
  return routes;
}

function parameters(schema: Record<string, unknown>, key: 'params' | 'querystring' | 'headers', where: 'path' | 'query' | 'header') {
  const s = schema[key] as { properties?: Record<string, unknown>; required?: string[] } | undefined;
  if (!s?.properties) return [];
  return Object.entries(s.properties).map(([name, p]) => ({
    name, in: where, required: where === 'path' || (s.required ?? []).includes(name), schema: p,
    ...(p && typeof p === 'object' && 'description' in p ? { description: (p as { description: string }).description } : {}),
  }));
}

const MUTATING = new Set(['post', 'put', 'patch', 'delete']);

export function openApiDocument(routes: Collected[], opts: OpenApiOptions) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const s = r.schema;
    const responses: Record<string, unknown> = {};
    // Every route can answer an error ({ code, message, hint }) through the error handler, declared or not.
    for (const [status, body] of Object.entries({ ...errorResponses, ...(s.response ?? {}) } as Record<string, unknown>)) {
      const code = status.replace(/xx$/, 'XX');
      responses[code] = { description: code.startsWith('2') ? 'success' : 'error: { code, message, hint }', content: { 'application/json': { schema: body } } };
    }
    if (r.url === '/api/stream') responses['200'] = { description: 'an endless text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } };
    if (r.url === '/metrics') responses['200'] = { description: 'the Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } };
    const secured = MUTATING.has(r.method) || (opts.tokenEverywhere && !r.public);
    paths[toOpenApiPath(r.url)] ??= {};
    paths[toOpenApiPath(r.url)][r.method] = {
      operationId: typeof s.operationId === 'string' ? s.operationId : operationId(r.method, r.url),
      summary: s.summary,
      parameters: [...parameters(s, 'params', 'path'), ...parameters(s, 'querystring', 'query'), ...parameters(s, 'headers', 'header')],
      ...(s.body ? { requestBody: { required: false, content: { 'application/json': { schema: s.body } } } } : {}),
      responses,
      security: secured ? [{ bearer: [] }] : [{ bearer: [] }, {}],
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'tickwise API', version: opts.version,
      description: 'Watch and steer a running tickwise engine. See docs/api.md.',
      // package.json says UNLICENSED: no licence is granted.
      license: { name: 'UNLICENSED: proprietary, no licence granted', identifier: 'LicenseRef-UNLICENSED' },
    },
    // Relative: the engine binds where `--host`/`--port` say and may be reached through other names (`--allowed-host`).
    servers: [{ url: '/', description: 'the running engine this document was fetched from' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'the token in ./data/api-token (or TICKWISE_API_TOKEN)' } } },
    paths,
  };
}

export function openApiRoute(app: FastifyInstance, routes: Collected[], opts: OpenApiOptions): void {
  let doc: ReturnType<typeof openApiDocument> | null = null;
  app.get('/api/openapi.json', {
    schema: { summary: 'This OpenAPI document', response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses } },
  }, async () => (doc ??= openApiDocument(routes, opts)));
}
